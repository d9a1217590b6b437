{#- on-run-end: the BI reader role may look into schema marts, and only there (the marts'
    `grants` give it SELECT on each mart). PostgreSQL only: DuckDB has no roles. -#}
{% macro grant_marts_schema_usage() -%}
    {{ return(adapter.dispatch('grant_marts_schema_usage', 'crm_warehouse')()) }}
{%- endmacro %}

{% macro default__grant_marts_schema_usage() -%}
    select 1
{%- endmacro %}

{% macro postgres__grant_marts_schema_usage() -%}
    {%- set reader = env_var('CRM_PG_READER', 'bi_reader') -%}
    do $$
    begin
        if exists (select 1 from pg_namespace where nspname = 'marts')
            and exists (select 1 from pg_roles where rolname = '{{ reader }}') then
            grant usage on schema marts to "{{ reader }}";
        end if;
    end
    $$
{%- endmacro %}
