{#- Quarantine detail naming the first of several columns whose condition holds, with its raw
    value: first_value_detail(['gross_amount', 'paid_amount'], '{} < 0') gives
    'gross_amount=-10.0' for the first negative one. `condition` is a pattern, '{}' standing
    for the column. -#}
{% macro first_value_detail(columns, condition) -%}
    case
        {%- for column in columns %}
        when {{ condition | replace('{}', column) }} then {{ raw_value_detail(column) }}
        {%- endfor %}
    end
{%- endmacro %}
