{#- var('attribution_reporting_model') as a quoted SQL string, after checking that it names an
    attribution model of order_attribution: a misspelt model would otherwise report zero
    attributed revenue without an error. -#}
{% macro attribution_reporting_model() -%}
    {%- set models = attribution_models() -%}
    {%- set model = var('attribution_reporting_model') -%}
    {%- if execute and model not in models -%}
        {{ exceptions.raise_compiler_error(
            "var attribution_reporting_model is '" ~ model ~ "'; expected one of "
            ~ models | join(', ')
        ) }}
    {%- endif -%}
    '{{ model }}'
{%- endmacro %}
