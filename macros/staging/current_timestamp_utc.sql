{#- The current instant as a UTC timestamp without time zone. -#}
{% macro current_timestamp_utc() -%}
    {{ return(adapter.dispatch('current_timestamp_utc', 'crm_warehouse')()) }}
{%- endmacro %}

{% macro duckdb__current_timestamp_utc() -%}
    timezone('UTC', current_timestamp)
{%- endmacro %}

{% macro default__current_timestamp_utc() -%}
    (current_timestamp at time zone 'UTC')
{%- endmacro %}
