{#- The attribution models int_order_credits_allocated computes, in the order it lists them. -#}
{% macro attribution_models() -%}
    {{ return(['first_touch', 'last_touch', 'last_non_direct', 'linear', 'position_based',
               'time_decay']) }}
{%- endmacro %}
