{#- The column names a raw source table declares in its sources YAML (the contract columns), in
    declaration order. Read from the parsed graph, not from the database. -#}
{% macro source_column_names(source_name, table_name) -%}
    {%- set names = [] -%}
    {%- if execute -%}
        {%- for node in graph.sources.values()
                if node.source_name == source_name and node.name == table_name -%}
            {%- for column in node.columns.values() -%}
                {%- do names.append(column.name) -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- if names | length == 0 -%}
            {{ exceptions.raise_compiler_error(
                "source " ~ source_name ~ "." ~ table_name ~ " declares no columns") }}
        {%- endif -%}
    {%- endif -%}
    {{ return(names) }}
{%- endmacro %}
