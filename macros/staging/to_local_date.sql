{#- The calendar date of a UTC timestamp (without time zone) in var('reporting_timezone'). -#}
{% macro to_local_date(utc_timestamp) -%}
    {{ return(adapter.dispatch('to_local_date', 'crm_warehouse')(utc_timestamp)) }}
{%- endmacro %}

{% macro duckdb__to_local_date(utc_timestamp) -%}
    cast(timezone('{{ var("reporting_timezone") }}', timezone('UTC', {{ utc_timestamp }})) as date)
{%- endmacro %}

{% macro default__to_local_date(utc_timestamp) -%}
    cast(({{ utc_timestamp }} at time zone 'UTC') at time zone '{{ var("reporting_timezone") }}' as date)
{%- endmacro %}
