{#- The median of a numeric expression as an aggregate (continuous: the mean of the two middle
    values of an even count). -#}
{% macro median(expression) -%}
    {{ return(adapter.dispatch('median', 'crm_warehouse')(expression)) }}
{%- endmacro %}

{% macro duckdb__median(expression) -%}
    median({{ expression }})
{%- endmacro %}

{% macro spark__median(expression) -%}
    percentile({{ expression }}, 0.5)
{%- endmacro %}

{% macro default__median(expression) -%}
    percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}
