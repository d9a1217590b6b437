{#- Custom schemas are used as given (raw, staging, marts), not prefixed with the target schema:
    BI tools and the app address marts.<name> on every target. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
