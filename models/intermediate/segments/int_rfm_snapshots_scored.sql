{#- RFM of every person at every month end, computed in one pass: a month spine from the month
    of the first revenue order to the month of as_of_date (whose snapshot is taken at as_of_date
    itself, so the last snapshot is exactly customer_rfm), each snapshot joined to the person
    order days of its window. Scores are ranked within each snapshot by the same macro as
    customer_rfm. The run columns tell since when a person has been in the segment: a run
    breaks when the segment changes or the person was not scored the month before. -#}
{%- set window_days = var('rfm_window_days') | int -%}
with

orders as (
    select * from {{ ref('int_orders_netted') }}
),

segment_map as (
    select * from {{ ref('rfm_segment_map') }}
),

as_of as (
    select coalesce({{ as_of_date_or_null() }}, max(ordered_date)) as as_of_date
    from orders
),

person_days as (
    select
        orders.person_id,
        orders.ordered_date,
        count(*) as orders_count,
        sum(orders.net_revenue_cny) as net_revenue_cny
    from orders
    cross join as_of
    where
        orders.is_revenue_order
        and orders.person_id is not null
        and orders.ordered_date <= as_of.as_of_date
    group by orders.person_id, orders.ordered_date
),

digits as (
    select digit_values.digit
    from (values (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) as digit_values (digit)
),

-- 0-999: a spine of up to 83 years of months
month_offsets as (
    select ones.digit + 10 * tens.digit + 100 * hundreds.digit as month_offset
    from digits as ones
    cross join digits as tens
    cross join digits as hundreds
),

first_month as (
    select cast({{ dbt.date_trunc('month', 'min(ordered_date)') }} as date) as month_start
    from person_days
),

months as (
    select
        cast(
            {{ dbt.dateadd('month', 'month_offsets.month_offset', 'first_month.month_start') }}
            as date
        ) as snapshot_month,
        as_of.as_of_date
    from month_offsets
    cross join first_month
    cross join as_of
),

snapshots as (
    select
        snapshot_month,
        least(
            cast(
                {{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'snapshot_month')) }} as date
            ),
            as_of_date
        ) as snapshot_date
    from months
    where snapshot_month <= as_of_date
),

windowed as (
    select
        person_days.person_id,
        snapshots.snapshot_month,
        snapshots.snapshot_date,
        sum(person_days.orders_count) as orders_count,
        count(*) as frequency,
        sum(person_days.net_revenue_cny) as monetary,
        max(person_days.ordered_date) as last_order_date
    from snapshots
    inner join person_days
        on
            snapshots.snapshot_date >= person_days.ordered_date
            and cast(
                {{ dbt.dateadd('day', -window_days, 'snapshots.snapshot_date') }} as date
            ) < person_days.ordered_date
    group by person_days.person_id, snapshots.snapshot_month, snapshots.snapshot_date
),

scored as (
    select
        *,
        {{ dbt.datediff('last_order_date', 'snapshot_date', 'day') }} as recency_days,
        {{ rfm_score('last_order_date', 'snapshot_date') }} as r_score,
        {{ rfm_score('frequency', 'snapshot_date') }} as f_score,
        {{ rfm_score('monetary', 'snapshot_date') }} as m_score
    from windowed
),

segmented as (
    select
        scored.*,
        segment_map.rfm_segment,
        segment_map.segment_key,
        lag(scored.snapshot_month) over (
            partition by scored.person_id order by scored.snapshot_month
        ) as previous_scored_month,
        lag(segment_map.rfm_segment) over (
            partition by scored.person_id order by scored.snapshot_month
        ) as previous_scored_segment
    from scored
    left join segment_map
        on
            scored.r_score = segment_map.r_score
            and scored.f_score = segment_map.f_score
),

runs_marked as (
    select
        *,
        case
            when
                previous_scored_month
                = cast({{ dbt.dateadd('month', -1, 'snapshot_month') }} as date)
                then previous_scored_segment
        end as previous_rfm_segment
    from segmented
),

runs_started as (
    select
        *,
        coalesce(previous_rfm_segment != rfm_segment, true) as is_run_start
    from runs_marked
),

final as (
    select
        person_id,
        rfm_segment,
        segment_key as rfm_segment_key,
        previous_rfm_segment,
        recency_days,
        frequency,
        orders_count,
        monetary,
        r_score,
        f_score,
        m_score,
        is_run_start as is_segment_entry,
        snapshot_month,
        snapshot_date,
        max(case when is_run_start then snapshot_date end) over (
            partition by person_id
            order by snapshot_month
            rows between unbounded preceding and current row
        ) as segment_since_date,
        last_order_date
    from runs_started
)

select * from final
