{#- Whether the whole of a text expression matches a regular expression (RE2 / POSIX syntax
    without anchors: the macro anchors it). -#}
{% macro regexp_full_match(expression, pattern) -%}
    {{ return(adapter.dispatch('regexp_full_match', 'crm_warehouse')(expression, pattern)) }}
{%- endmacro %}

{% macro duckdb__regexp_full_match(expression, pattern) -%}
    regexp_full_match({{ expression }}, '{{ pattern }}')
{%- endmacro %}

{#- PostgreSQL and most engines with POSIX regular expressions. -#}
{% macro default__regexp_full_match(expression, pattern) -%}
    ({{ expression }} ~ '^({{ pattern }})$')
{%- endmacro %}
