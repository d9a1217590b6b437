{#- on-run-start: when CRM_RAW_DIR names a folder of Parquet exports, expose each raw source
    table in the `raw` schema as a view over `<table>.parquet` (or a folder `<table>/` of Parquet
    files). A table that is absent becomes an empty table with its contract columns. A file
    missing a contract column, or holding one of an incompatible type, stops the run with a
    message naming the table and the column, every such column of every table at once. Without CRM_RAW_DIR the demo seeds are the raw
    tables and this does nothing. -#}
{% macro register_raw_sources() -%}
    {{ return(adapter.dispatch('register_raw_sources', 'crm_warehouse')()) }}
{%- endmacro %}

{#- PostgreSQL: crm_warehouse.postgres_load has copied the raw tables (Parquet exports or the
    demo seeds) into schema raw; a table it did not load stops the run naming it. PostgreSQL
    has no try_cast: the hook creates the try_cast functions the staging macros call. Each
    traps the cast's error in a subtransaction, so staging calls them only for values whose
    pattern already matched. -#}
{% macro postgres__register_raw_sources() -%}
    {%- if execute -%}
        {%- set expected = [] -%}
        {%- for source_node in graph.sources.values()
                if source_node.schema == 'raw' and source_node.package_name == project_name -%}
            {%- do expected.append(source_node.identifier) -%}
        {%- endfor -%}
        {%- set found = run_query(
            "select table_name from information_schema.tables where table_schema = 'raw'"
        ).columns[0].values() -%}
        {%- set missing = expected | reject('in', found) | list -%}
        {%- if missing -%}
            {{ exceptions.raise_compiler_error(
                "raw tables missing from schema raw on PostgreSQL: " ~ missing | join(', ')
                ~ "; load them first: python -m crm_warehouse.postgres_load (make build-postgres)"
            ) }}
        {%- endif -%}
    {%- endif -%}
    create schema if not exists crm_util;
    {% for type_name in ['timestamp', 'timestamptz', 'date'] %}
    create or replace function crm_util.try_cast_{{ type_name }}(value text)
    returns {{ type_name }} language plpgsql immutable as $$
    begin
        return value::{{ type_name }};
    exception when others then
        return null;
    end
    $$;
    {% endfor %}
{%- endmacro %}

{% macro default__register_raw_sources() -%}
    {%- if env_var('CRM_RAW_DIR', '') != '' -%}
        {{ exceptions.raise_compiler_error(
            "CRM_RAW_DIR (Parquet raw exports) is supported on DuckDB only; target type is "
            ~ target.type) }}
    {%- endif -%}
    select 1
{%- endmacro %}

{% macro duckdb__register_raw_sources() -%}
    {%- set raw_dir = env_var('CRM_RAW_DIR', '') | trim -%}
    {%- if raw_dir == '' or not execute -%}
        {{ return('select 1') }}
    {%- endif -%}
    {%- set raw_dir = raw_dir.rstrip('/') -%}
    {%- do run_query('create schema if not exists raw') -%}
    {#- Every table is checked before the run stops, so one run names every broken column. -#}
    {%- set problems = [] -%}
    {%- for source_node in graph.sources.values()
            if source_node.schema == 'raw' and source_node.package_name == project_name -%}
        {%- set table_name = source_node.identifier -%}
        {%- set parquet_glob = crm_warehouse.raw_parquet_glob(raw_dir, table_name) -%}
        {%- if parquet_glob is none -%}
            {{ log("raw table " ~ table_name ~ ": absent from " ~ raw_dir
                   ~ ", built as an empty table", info=true) }}
            {%- set column_defs = [] -%}
            {%- for column in source_node.columns.values() -%}
                {%- do column_defs.append(column.name ~ ' ' ~ column.data_type) -%}
            {%- endfor -%}
            {%- do crm_warehouse.drop_raw_relation(table_name) -%}
            {%- do run_query('create table raw.' ~ table_name
                             ~ ' (' ~ column_defs | join(', ') ~ ')') -%}
        {%- else -%}
            {%- set reader = "read_parquet('" ~ parquet_glob ~ "', union_by_name = true)" -%}
            {%- set described = run_query('describe select * from ' ~ reader) -%}
            {%- set found_types = {} -%}
            {%- for row in described.rows -%}
                {%- do found_types.update({row[0] | lower: row[1] | lower}) -%}
            {%- endfor -%}
            {%- set select_list = [] -%}
            {%- set table_problems = [] -%}
            {%- for column in source_node.columns.values() -%}
                {%- set expected = column.data_type | lower -%}
                {%- if column.name not in found_types -%}
                    {%- do table_problems.append(
                        "raw table " ~ table_name ~ " (" ~ parquet_glob
                        ~ ") is missing required column '" ~ column.name ~ "'") -%}
                {%- elif not crm_warehouse.raw_type_compatible(found_types[column.name],
                                                                expected) -%}
                    {%- do table_problems.append(
                        "raw table " ~ table_name ~ " column '" ~ column.name ~ "' has type "
                        ~ found_types[column.name] ~ ", expected " ~ expected) -%}
                {%- else -%}
                    {%- do select_list.append('cast(' ~ column.name ~ ' as ' ~ expected
                                              ~ ') as ' ~ column.name) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- if table_problems -%}
                {%- do problems.extend(table_problems) -%}
            {%- else -%}
                {%- do crm_warehouse.drop_raw_relation(table_name) -%}
                {%- do run_query('create view raw.' ~ table_name ~ ' as select '
                                 ~ select_list | join(', ') ~ ' from ' ~ reader) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error(
            problems | length ~ " raw column(s) in " ~ raw_dir ~ " break the contract:\n  "
            ~ problems | join("\n  ")) }}
    {%- endif -%}
    select 1
{%- endmacro %}

{#- The glob that reads a raw table from the folder, or none when the table is absent. -#}
{% macro raw_parquet_glob(raw_dir, table_name) -%}
    {%- for candidate in [raw_dir ~ '/' ~ table_name ~ '.parquet',
                          raw_dir ~ '/' ~ table_name ~ '/**/*.parquet'] -%}
        {%- set matches = run_query("select count(*) from glob('" ~ candidate ~ "')") -%}
        {%- if matches.rows[0][0] > 0 -%}
            {{ return(candidate) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(none) }}
{%- endmacro %}

{#- Whether a Parquet column type can stand for the contract type without losing meaning:
    text accepts anything, numbers accept numbers, booleans only booleans. -#}
{% macro raw_type_compatible(found_type, expected_type) -%}
    {%- set numeric_types = ['tinyint', 'smallint', 'integer', 'bigint', 'hugeint', 'utinyint',
                             'usmallint', 'uinteger', 'ubigint', 'float', 'double', 'real'] -%}
    {%- set integer_types = numeric_types[:9] -%}
    {%- if expected_type == 'varchar' -%}
        {{ return(true) }}
    {%- elif expected_type in ('double', 'double precision') -%}
        {{ return(found_type in numeric_types or found_type.startswith('decimal')
                  or found_type == '"null"') }}
    {%- elif expected_type == 'bigint' -%}
        {{ return(found_type in integer_types or found_type == '"null"') }}
    {%- elif expected_type == 'boolean' -%}
        {{ return(found_type == 'boolean' or found_type == '"null"') }}
    {%- endif -%}
    {{ return(found_type == expected_type) }}
{%- endmacro %}

{#- A rebuild may find raw.<table> as a view (Parquet) or a table (absent, or a seed): drop
    whichever it is, since DuckDB will not replace one kind with the other. -#}
{% macro drop_raw_relation(table_name) -%}
    {%- set existing = run_query(
        "select table_type from information_schema.tables where table_schema = 'raw' "
        ~ "and table_name = '" ~ table_name ~ "'") -%}
    {%- for row in existing.rows -%}
        {%- do run_query(('drop view ' if row[0] == 'VIEW' else 'drop table ') ~ 'raw.'
                         ~ table_name) -%}
    {%- endfor -%}
{%- endmacro %}
