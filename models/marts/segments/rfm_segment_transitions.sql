{#- Moves between RFM segments from one month-end snapshot to the next: one row per month, from
    segment and to segment (staying put included), with the people who made that move and the
    revenue at stake, the window net revenue (the trailing 12 months with the default 365-day
    window) those people had at the earlier snapshot. '(not scored)' stands for no revenue
    order in the window: people who enter scoring come from it, people who lapse go to it.
    The first month of the spine has no earlier snapshot and no transitions. -#}
{%- set not_scored = "'(not scored)'" -%}
with

snapshots as (
    select * from {{ ref('int_rfm_snapshots_scored') }}
),

months as (
    select distinct
        snapshot_month,
        snapshot_date
    from snapshots
),

month_bounds as (
    select
        min(snapshot_month) as first_month,
        max(snapshot_month) as last_month
    from months
),

previous_snapshots as (
    select
        person_id,
        rfm_segment,
        monetary,
        cast({{ dbt.dateadd('month', 1, 'snapshot_month') }} as date) as to_month
    from snapshots
),

moves as (
    select
        coalesce(previous_snapshots.to_month, snapshots.snapshot_month) as transition_month,
        coalesce(previous_snapshots.rfm_segment, {{ not_scored }}) as from_segment,
        coalesce(snapshots.rfm_segment, {{ not_scored }}) as to_segment,
        coalesce(previous_snapshots.person_id, snapshots.person_id) as person_id,
        coalesce(previous_snapshots.monetary, 0) as revenue_at_stake_cny,
        coalesce(snapshots.monetary, 0) as monetary_after_cny
    from previous_snapshots
    full outer join snapshots
        on
            previous_snapshots.person_id = snapshots.person_id
            and previous_snapshots.to_month = snapshots.snapshot_month
),

in_range as (
    select moves.*
    from moves
    cross join month_bounds
    where
        moves.transition_month > month_bounds.first_month
        and moves.transition_month <= month_bounds.last_month
),

aggregated as (
    select
        transition_month,
        from_segment,
        to_segment,
        count(*) as people,
        sum(revenue_at_stake_cny) as revenue_at_stake_cny,
        sum(monetary_after_cny) as monetary_after_cny
    from in_range
    group by transition_month, from_segment, to_segment
),

final as (
    select
        cast(aggregated.from_segment as varchar) as from_segment,
        cast(aggregated.to_segment as varchar) as to_segment,
        cast(aggregated.people as bigint) as people,
        cast(aggregated.revenue_at_stake_cny as decimal(18, 2)) as revenue_at_stake_cny,
        cast(aggregated.monetary_after_cny as decimal(18, 2)) as monetary_after_cny,
        cast(aggregated.from_segment != aggregated.to_segment as boolean) as is_move,
        cast(aggregated.transition_month as date) as transition_month,
        cast(months.snapshot_date as date) as snapshot_date
    from aggregated
    inner join months
        on aggregated.transition_month = months.snapshot_month
)

select * from final
