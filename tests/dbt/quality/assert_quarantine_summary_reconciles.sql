{#- The quarantine trend loses no row: per source table, quarantine_summary's quarantined rows
    sum to raw_table_reconciliation's, and every table's raw rows are kept or quarantined.
    Returns each table where either fails. -#}

with

summary as (
    select * from {{ ref('quarantine_summary') }}
),

reconciliation as (
    select * from {{ ref('raw_table_reconciliation') }}
),

summed as (
    select
        source_table,
        sum(quarantined_rows) as quarantined_rows
    from summary
    group by source_table
),

final as (
    select
        reconciliation.source_table,
        reconciliation.raw_rows,
        reconciliation.kept_rows,
        reconciliation.quarantined_rows,
        coalesce(summed.quarantined_rows, 0) as summary_quarantined_rows
    from reconciliation
    left join summed
        on reconciliation.source_table = summed.source_table
    where
        reconciliation.quarantined_rows <> coalesce(summed.quarantined_rows, 0)
        or reconciliation.raw_rows <> reconciliation.kept_rows + reconciliation.quarantined_rows
)

select * from final
