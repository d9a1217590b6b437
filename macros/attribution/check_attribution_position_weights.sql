{#- Stops compilation unless the position-based weights are shares a model can use: the first
    at least 0, the last above 0 (the last touch takes the rounding remainder, so it must keep
    a share), together at most 1. Renders nothing. -#}
{% macro check_attribution_position_weights() -%}
    {%- set first_weight = var('attribution_position_first_weight') | float -%}
    {%- set last_weight = var('attribution_position_last_weight') | float -%}
    {%- if execute and not (
        first_weight >= 0 and last_weight > 0 and first_weight + last_weight <= 1
    ) -%}
        {{ exceptions.raise_compiler_error(
            'attribution_position_first_weight (' ~ first_weight ~ ') and'
            ~ ' attribution_position_last_weight (' ~ last_weight ~ ') must be >= 0 and > 0'
            ~ ' with a sum of at most 1'
        ) }}
    {%- endif -%}
{%- endmacro %}
