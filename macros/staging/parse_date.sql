{#- A raw yyyy-mm-dd text as a date, or null when it is not a valid date. -#}
{% macro parse_date(column) -%}
    {{ return(adapter.dispatch('parse_date', 'crm_warehouse')(column)) }}
{%- endmacro %}

{% macro duckdb__parse_date(column) -%}
    try_cast(trim({{ column }}) as date)
{%- endmacro %}

{#- The pattern guards the cast (no try_cast); an impossible day such as 2021-02-30 still
    errors on PostgreSQL. -#}
{% macro default__parse_date(column) -%}
    case
        when {{ regexp_full_match('trim(' ~ column ~ ')', '[0-9]{4}-[0-9]{2}-[0-9]{2}') }}
            then cast(trim({{ column }}) as date)
    end
{%- endmacro %}

{#- PostgreSQL: crm_util.try_cast_date (on-run-start hook) gives null for 2021-02-30. -#}
{% macro postgres__parse_date(column) -%}
    case
        when {{ regexp_full_match('trim(' ~ column ~ ')', '[0-9]{4}-[0-9]{2}-[0-9]{2}') }}
            then crm_util.try_cast_date(trim({{ column }}))
    end
{%- endmacro %}
