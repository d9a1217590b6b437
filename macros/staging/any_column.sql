{#- Whether a condition holds for any of several columns: any_column(['a', 'b'], '{} < 0') gives
    '(a < 0 or b < 0)'. `condition` is a pattern, '{}' standing for the column. -#}
{% macro any_column(columns, condition) -%}
    ({% for column in columns %}{{ condition | replace('{}', column) }}{{ " or " if not loop.last }}{% endfor %})
{%- endmacro %}
