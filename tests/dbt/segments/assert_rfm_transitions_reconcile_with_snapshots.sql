{#- Transitions account for every scored person of both snapshots: for each month, the people
    leaving a segment sum to that segment's size at the previous snapshot, and the people
    arriving sum to its size at this one (with '(not scored)' on the other side for those
    entering or lapsing). A row is a month and segment whose counts differ. -#}
with

transitions as (
    select * from {{ ref('rfm_segment_transitions') }}
),

monthly as (
    select * from {{ ref('rfm_segment_monthly') }}
),

sizes as (
    select
        snapshot_month,
        rfm_segment,
        count(*) as people
    from monthly
    group by snapshot_month, rfm_segment
),

leaving as (
    select
        cast({{ dbt.dateadd('month', -1, 'transition_month') }} as date) as snapshot_month,
        from_segment as rfm_segment,
        sum(people) as people
    from transitions
    where from_segment != '(not scored)'
    group by transition_month, from_segment
),

arriving as (
    select
        transition_month as snapshot_month,
        to_segment as rfm_segment,
        sum(people) as people
    from transitions
    where to_segment != '(not scored)'
    group by transition_month, to_segment
),

months as (
    select distinct transition_month from transitions
),

expected_leaving as (
    select sizes.*
    from sizes
    inner join months
        on
            sizes.snapshot_month
            = cast({{ dbt.dateadd('month', -1, 'months.transition_month') }} as date)
),

expected_arriving as (
    select sizes.*
    from sizes
    inner join months
        on sizes.snapshot_month = months.transition_month
),

leaving_differences as (
    select
        'leaving' as side,
        coalesce(expected_leaving.snapshot_month, leaving.snapshot_month) as snapshot_month,
        coalesce(expected_leaving.rfm_segment, leaving.rfm_segment) as rfm_segment,
        expected_leaving.people as snapshot_people,
        leaving.people as transition_people
    from expected_leaving
    full outer join leaving
        on
            expected_leaving.snapshot_month = leaving.snapshot_month
            and expected_leaving.rfm_segment = leaving.rfm_segment
    where coalesce(expected_leaving.people, -1) != coalesce(leaving.people, -1)
),

arriving_differences as (
    select
        'arriving' as side,
        coalesce(expected_arriving.snapshot_month, arriving.snapshot_month) as snapshot_month,
        coalesce(expected_arriving.rfm_segment, arriving.rfm_segment) as rfm_segment,
        expected_arriving.people as snapshot_people,
        arriving.people as transition_people
    from expected_arriving
    full outer join arriving
        on
            expected_arriving.snapshot_month = arriving.snapshot_month
            and expected_arriving.rfm_segment = arriving.rfm_segment
    where coalesce(expected_arriving.people, -1) != coalesce(arriving.people, -1)
),

final as (
    select * from leaving_differences
    union all
    select * from arriving_differences
)

select * from final
