{#- unknown_enum quarantine rules for enumerated raw columns of a raw table, in the order given.
    `columns` lists required enums (null is unknown); `nullable` lists enums that may be null.
    Returns a list of rules for quarantine_columns(). -#}
{% macro enum_rules(table_name, columns, nullable=[]) -%}
    {%- set rules = [] -%}
    {%- for column in columns -%}
        {%- do rules.append({
            'reason': 'unknown_enum',
            'when': 'not ' ~ is_accepted_value(column, table_name, allow_null=(column in nullable)),
            'detail': raw_value_detail(column),
        }) -%}
    {%- endfor -%}
    {{ return(rules) }}
{%- endmacro %}
