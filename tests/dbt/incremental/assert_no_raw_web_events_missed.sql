-- Nothing silently lost by an incremental run: base_web__events holds as many rows as the raw
-- web_events export. The raw events carry no load time, so an incremental run reads again only
-- the rows dated within var('web_incremental_lookback_days') of the latest kept event (and rows
-- whose timestamp dates nothing); a row dated earlier that arrives late is not read. This test
-- then fails with the number of raw rows missing (negative: rows gone from the export) until
-- `dbt build --full-refresh` judges them.

with

raw_events as (
    {{ depends_on_demo_seed('web_events') }}
    select * from {{ source('web', 'web_events') }}
),

base_events as (
    select * from {{ ref('base_web__events') }}
),

raw_counted as (
    select count(*) as raw_rows from raw_events
),

base_counted as (
    select count(*) as base_rows from base_events
),

final as (
    select
        raw_counted.raw_rows,
        base_counted.base_rows,
        raw_counted.raw_rows - base_counted.base_rows as missing_rows
    from raw_counted
    cross join base_counted
    where raw_counted.raw_rows != base_counted.base_rows
)

select * from final
