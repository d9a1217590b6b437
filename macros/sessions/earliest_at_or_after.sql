{#- The earliest element of an array of timestamps (array_agg(...) of a session's events) at
    or after a threshold; null when there is none or the threshold is null. -#}
{% macro earliest_at_or_after(timestamps, threshold) -%}
    {{ return(adapter.dispatch('earliest_at_or_after', 'crm_warehouse')(timestamps, threshold)) }}
{%- endmacro %}

{% macro duckdb__earliest_at_or_after(timestamps, threshold) -%}
    list_min(list_filter({{ timestamps }}, lambda t: t >= {{ threshold }}))
{%- endmacro %}

{% macro spark__earliest_at_or_after(timestamps, threshold) -%}
    array_min(filter({{ timestamps }}, t -> t >= {{ threshold }}))
{%- endmacro %}

{#- PostgreSQL. -#}
{% macro default__earliest_at_or_after(timestamps, threshold) -%}
    (select min(t) from unnest({{ timestamps }}) as t where t >= {{ threshold }})
{%- endmacro %}
