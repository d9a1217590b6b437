{#- A list var as the inside of a SQL IN list of string literals ('a', 'b'); a single quote in
    a value is doubled. An empty list gives a null literal, so `x in (...)` matches nothing. -#}
{% macro sql_string_list(values) -%}
    {%- if values is string -%}{%- set values = [values] -%}{%- endif -%}
    {%- set quoted = [] -%}
    {%- for value in values -%}
        {%- do quoted.append("'" ~ (value | string | replace("'", "''")) ~ "'") -%}
    {%- endfor -%}
    {{- quoted | join(', ') if quoted else 'null' -}}
{%- endmacro %}
