{#- A normalised email with the local part hidden after its first character:
    'alice@example.com' -> 'a***@example.com'. Null for null. -#}
{% macro mask_email(column) -%}
    case
        when {{ column }} is not null
            then substring({{ column }}, 1, 1) || '***@' || {{ dbt.split_part(column, "'@'", 2) }}
    end
{%- endmacro %}
