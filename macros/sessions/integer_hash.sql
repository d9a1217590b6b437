{#- A 64-bit integer hash of a text expression: sort and partition keys that compare much faster
    than text (sessions order 15M+ events per run by visitor and event). Collisions are
    possible in principle; the singular test assert_visitor_hash_one_to_one fails if two
    visitors ever share one. -#}
{% macro integer_hash(expression) -%}
    {{ return(adapter.dispatch('integer_hash', 'crm_warehouse')(expression)) }}
{%- endmacro %}

{% macro duckdb__integer_hash(expression) -%}
    hash({{ expression }})
{%- endmacro %}

{% macro spark__integer_hash(expression) -%}
    xxhash64({{ expression }})
{%- endmacro %}

{#- PostgreSQL 11+. -#}
{% macro default__integer_hash(expression) -%}
    hashtextextended({{ expression }}, 0)
{%- endmacro %}
