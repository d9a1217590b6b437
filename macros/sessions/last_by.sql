{#- Aggregate: the value of the row with the latest ordering value among the rows where the
    value is not null (e.g. the last logged-in customer_id of a session by event_at). -#}
{% macro last_by(value, ordering) -%}
    {{ return(adapter.dispatch('last_by', 'crm_warehouse')(value, ordering)) }}
{%- endmacro %}

{% macro duckdb__last_by(value, ordering) -%}
    arg_max({{ value }}, {{ ordering }}) filter (where {{ value }} is not null)
{%- endmacro %}

{% macro spark__last_by(value, ordering) -%}
    max_by({{ value }}, {{ ordering }}) filter (where {{ value }} is not null)
{%- endmacro %}

{#- PostgreSQL. -#}
{% macro default__last_by(value, ordering) -%}
    (array_agg({{ value }} order by {{ ordering }} desc)
        filter (where {{ value }} is not null))[1]
{%- endmacro %}
