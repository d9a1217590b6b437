{#- The 8-byte floating point type: dbt.type_float() is a 4-byte float on DuckDB. -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'crm_warehouse')()) }}
{%- endmacro %}

{% macro duckdb__type_double() -%}
    double
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}

{#- PostgreSQL and the SQL standard. -#}
{% macro default__type_double() -%}
    double precision
{%- endmacro %}
