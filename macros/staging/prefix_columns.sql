{#- Column names qualified with a prefix: prefix_columns(['a', 'b'], 't.') gives ['t.a', 't.b']
    (json keys built from them drop the prefix: see raw_record_json). -#}
{% macro prefix_columns(columns, prefix) -%}
    {%- set qualified = [] -%}
    {%- for column in columns -%}
        {%- do qualified.append(prefix ~ column) -%}
    {%- endfor -%}
    {{ return(qualified) }}
{%- endmacro %}
