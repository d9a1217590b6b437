{#- A date, a time, and a UTC designator or numeric offset at the end. -#}
{% macro timestamp_with_offset_pattern() -%}
    [0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)? ?(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)
{%- endmacro %}
