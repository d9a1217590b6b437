{#- The UTC timestamp after which a raw timestamp is in the future: now plus
    var('future_tolerance_hours'). -#}
{% macro future_cutoff() -%}
    {{ dbt.dateadd('hour', var('future_tolerance_hours'), current_timestamp_utc()) }}
{%- endmacro %}
