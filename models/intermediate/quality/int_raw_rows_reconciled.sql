{#- Per raw source table: rows in the raw export, rows in the staging base model, rows kept
    (in the stg_ model) and rows quarantined. raw_rows = kept_rows + quarantined_rows must hold
    for every table (tests/dbt/staging/assert_raw_rows_reconcile.sql). -#}
{%- set base_models = staging_base_models() -%}

with

{% for raw_table, base_model in base_models.items() %}
    {%- set system = base_model.split('__')[0].replace('base_', '') %}
    {{ raw_table }}_source as (
        {{ depends_on_demo_seed(raw_table) }}
        select count(*) as raw_rows from {{ source(system, raw_table) }}
    ),

    {{ raw_table }}_base as (
        select
            count(*) as base_rows,
            count(quarantine_reason) as quarantined_rows
        from {{ ref(base_model) }}
    ),

    {{ raw_table }}_kept as (
        select count(*) as kept_rows from {{ ref(base_model.replace('base_', 'stg_', 1)) }}
    ),

{% endfor -%}
counted as (
    {%- for raw_table in base_models %}
        select
            '{{ raw_table }}' as source_table,
            {{ raw_table }}_source.raw_rows,
            {{ raw_table }}_base.base_rows,
            {{ raw_table }}_kept.kept_rows,
            {{ raw_table }}_base.quarantined_rows
        from {{ raw_table }}_source
        cross join {{ raw_table }}_base
        cross join {{ raw_table }}_kept
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

final as (
    select
        source_table,
        raw_rows,
        base_rows,
        kept_rows,
        quarantined_rows,
        raw_rows = kept_rows + quarantined_rows and raw_rows = base_rows as is_reconciled
    from counted
)

select * from final
