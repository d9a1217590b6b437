{#- The UTC timestamp after which a raw timestamp is in the future: var('quarantine_reference_time')
    (a UTC timestamp, for reproducible rebuilds of a past export) or else now, plus
    var('future_tolerance_hours'). -#}
{% macro future_cutoff() -%}
    {%- set reference_time = var('quarantine_reference_time', none) -%}
    {%- if reference_time -%}
        {%- set reference = "cast('" ~ reference_time ~ "' as " ~ dbt.type_timestamp() ~ ")" -%}
    {%- else -%}
        {%- set reference = current_timestamp_utc() -%}
    {%- endif -%}
    {{ dbt.dateadd('hour', var('future_tolerance_hours'), reference) }}
{%- endmacro %}
