{#- An amount converted to CNY with an fx rate, in exact decimal arithmetic, rounded half up
    (away from zero) to the cent. -#}
{% macro to_cny(amount, fx_rate) -%}
    cast(round(cast({{ amount }} as decimal(18, 2)) * cast({{ fx_rate }} as decimal(18, 6)), 2) as decimal(18, 2))
{%- endmacro %}
