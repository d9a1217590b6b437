{#- A query of the lifecycle layers and their rank (1 = visitor, the weakest), one row each. -#}
{% macro lifecycle_layer_ranks() -%}
    {%- for layer in lifecycle_layers() %}
        select
            '{{ layer }}' as lifecycle_layer,
            {{ loop.index }} as layer_rank
        {{ 'union all' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
