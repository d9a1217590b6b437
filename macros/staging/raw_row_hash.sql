{#- A hash of every raw column of a row, as text: identifies the raw row's content (exact
    duplicate rows share it). -#}
{% macro raw_row_hash(columns) -%}
    {{ return(adapter.dispatch('raw_row_hash', 'crm_warehouse')(columns)) }}
{%- endmacro %}

{#- DuckDB: the engine's 64-bit hash of the row as a struct, in hex (fast on 100M+ rows). -#}
{% macro duckdb__raw_row_hash(columns) -%}
    format('{:016x}', hash(struct_pack(
        {%- for column in columns %}{{ column.split('.')[-1] }} := {{ column }}{{ ", " if not loop.last }}{% endfor -%}
    )))
{%- endmacro %}

{% macro default__raw_row_hash(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '\\N')") -%}
    {%- endfor -%}
    {{ dbt.hash(parts | join(" || '|' || ")) }}
{%- endmacro %}
