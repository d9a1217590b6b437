{#- The contract key of a raw row as text: the key columns' raw values joined with '|' (a null
    value as the empty string), e.g. 'O123|2024-03-01T10:00:00+08:00'. The generator's
    truth/defects.parquet identifies rows the same way. -#}
{% macro raw_row_key(key_columns) -%}
    {%- if key_columns | length == 1 -%}
        coalesce(cast({{ key_columns[0] }} as {{ dbt.type_string() }}), '')
    {%- else -%}
        {%- set parts = [] -%}
        {%- for column in key_columns -%}
            {%- do parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '')") -%}
        {%- endfor -%}
        {{ parts | join(" || '|' || ") }}
    {%- endif -%}
{%- endmacro %}
