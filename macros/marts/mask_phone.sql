{#- An E.164 phone as the retailer's customer-service mask: the national number with its middle
    hidden, '+8613800138000' -> '138****8000' (mainland mobile: 3 + 4 digits shown),
    '+85291234567' -> '91****67' (Hong Kong: 2 + 2). Null for null; a number of any other
    country (staging accepts none) is fully hidden. -#}
{% macro mask_phone(column) -%}
    case
        when {{ column }} like '+86%'
            then substring({{ column }}, 4, 3) || '****' || {{ dbt.right(column, '4') }}
        when {{ column }} like '+852%'
            then substring({{ column }}, 5, 2) || '****' || {{ dbt.right(column, '2') }}
        when {{ column }} is not null
            then '****'
    end
{%- endmacro %}
