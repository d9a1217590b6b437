{#- In demo mode (no CRM_RAW_DIR, not PostgreSQL: dbt_project.yml) the raw tables are dbt
    seeds of the same name as the source table. A source() carries no edge to the seed, so `dbt build` could build a staging model
    before its seed is loaded; referencing the seed here adds that edge. -#}
{% macro depends_on_demo_seed(raw_table_name) -%}
    {%- if env_var('CRM_RAW_DIR', '') == '' and target.type != 'postgres' -%}
        {%- do ref(raw_table_name) -%}
    {%- endif -%}
{%- endmacro %}
