{#- A raw money amount (float in the exports) as an exact decimal(18, 2): sums reconcile to the
    cent. -#}
{% macro to_money(column) -%}
    cast({{ column }} as decimal(18, 2))
{%- endmacro %}
