{#- A date with an optional time and no zone. -#}
{% macro naive_timestamp_pattern() -%}
    [0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?
{%- endmacro %}
