{#- Whether a raw enumerated value is one of the contract's accepted values
    (staging_accepted_values). Values compare exactly: 'PAID' is not 'paid'. Null counts as
    accepted only when allow_null is true. -#}
{% macro is_accepted_value(column, table_name, allow_null=false) -%}
    {%- set values = staging_accepted_values(table_name, column.split('.')[-1]) -%}
    (
        {{ column }} in (
            {%- for value in values %}'{{ value }}'{{ ", " if not loop.last }}{% endfor -%}
        )
        {%- if allow_null %} or {{ column }} is null{% endif %}
    )
{%- endmacro %}
