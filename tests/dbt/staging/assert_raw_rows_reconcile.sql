-- Nothing silently dropped: for every raw source table, raw rows = base rows = kept rows +
-- quarantined rows, and every source table of the contract is reconciled. Fails with the
-- offending tables (or a row naming a missing table).
{%- set base_models = staging_base_models() %}

with

reconciled as (
    select * from {{ ref('int_raw_rows_reconciled') }}
),

expected_tables as (
    {%- for raw_table in base_models %}
        select '{{ raw_table }}' as source_table
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

missing_tables as (
    select
        expected_tables.source_table,
        'table missing from int_raw_rows_reconciled' as problem
    from expected_tables
    left join reconciled
        on expected_tables.source_table = reconciled.source_table
    where reconciled.source_table is null
),

unreconciled as (
    select
        source_table,
        'raw ' || cast(raw_rows as varchar) || ', base ' || cast(base_rows as varchar)
        || ', kept ' || cast(kept_rows as varchar) || ', quarantined '
        || cast(quarantined_rows as varchar) as problem
    from reconciled
    where not is_reconciled
)

select * from missing_tables
union all
select * from unreconciled
