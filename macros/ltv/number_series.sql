{#- The whole numbers 0 .. upper_bound - 1 as one column (default generated_number): a query
    of cross-joined digit lists, portable SQL that also renders under the linter's templater
    (dbt.generate_series renders only in dbt). -#}
{% macro number_series(upper_bound, column_name='generated_number') -%}
    {%- set levels = ((upper_bound | int) - 1) | string | length -%}
    select
        {% for level in range(levels) -%}
            digits_{{ level }}.digit * {{ 10 ** level }}{{ ' + ' if not loop.last }}
        {%- endfor %} as {{ column_name }}
    from
        {%- for level in range(levels) %}
            (
                {%- for digit in range(10) %}
                    select {{ digit }} as digit{{ ' union all' if not loop.last }}
                {%- endfor %}
            ) as digits_{{ level }}{{ ' cross join' if not loop.last }}
        {%- endfor %}
    where
        {% for level in range(levels) -%}
            digits_{{ level }}.digit * {{ 10 ** level }}{{ ' + ' if not loop.last }}
        {%- endfor %} < {{ upper_bound | int }}
{%- endmacro %}
