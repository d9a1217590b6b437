{#- DuckDB has no roles: a file is read whole or not at all, so the least-privilege surface
    there is the published copy, which holds the marts only (crm_warehouse.publish). The marts'
    `grants` (dbt_project.yml) apply on PostgreSQL; here they are skipped without dbt-duckdb's
    warning on every build. -#}
{% macro duckdb__apply_grants(relation, grant_config, should_revoke=True) -%}
{%- endmacro %}
