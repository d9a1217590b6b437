{#- The missing_key quarantine rule: any contract key column null or blank. Returns a list
    holding one rule for quarantine_columns(). -#}
{% macro missing_key_rule(key_columns) -%}
    {%- set conditions = [] -%}
    {%- for column in key_columns -%}
        {%- do conditions.append(is_blank(column)) -%}
    {%- endfor -%}
    {%- set detail -%}
        case
            {%- for column in key_columns %}
            when {{ is_blank(column) }} then '{{ column.split('.')[-1] }} is missing'
            {%- endfor %}
        end
    {%- endset -%}
    {{ return([{
        'reason': 'missing_key',
        'when': '(' ~ conditions | join(' or ') ~ ')',
        'detail': detail,
    }]) }}
{%- endmacro %}
