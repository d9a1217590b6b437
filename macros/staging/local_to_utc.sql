{#- A naive local timestamp of time zone `tz` (default var('source_timezone')) as a UTC
    timestamp without time zone. -#}
{% macro local_to_utc(naive_timestamp, tz=none) -%}
    {{ return(adapter.dispatch('local_to_utc', 'crm_warehouse')(
        naive_timestamp, tz or var('source_timezone'))) }}
{%- endmacro %}

{% macro duckdb__local_to_utc(naive_timestamp, tz) -%}
    timezone('UTC', timezone('{{ tz }}', {{ naive_timestamp }}))
{%- endmacro %}

{% macro default__local_to_utc(naive_timestamp, tz) -%}
    (({{ naive_timestamp }}) at time zone '{{ tz }}') at time zone 'UTC'
{%- endmacro %}
