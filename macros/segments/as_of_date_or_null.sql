{#- The var as_of_date as a SQL date literal, or a null date when the var is null: models use
    coalesce(as_of_date_or_null(), max(ordered_date)) so that the default is the latest local
    order date of the data. -#}
{% macro as_of_date_or_null() -%}
    {%- set as_of = var('as_of_date', none) -%}
    {%- if as_of is none or as_of | string | trim == '' -%}
        cast(null as date)
    {%- else -%}
        cast('{{ as_of }}' as date)
    {%- endif -%}
{%- endmacro %}
