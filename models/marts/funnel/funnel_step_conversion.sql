{#- Step conversion and drop-off of the session funnel per local month x channel group x step,
    bots excluded: of the sessions that reached from_step (in order), how many went on to
    to_step in the same session. Steps: 1 visit -> product_view, 2 product_view -> add_to_cart,
    3 add_to_cart -> begin_checkout, 4 begin_checkout -> purchase (as the generator's
    truth/funnel_truth.parquet numbers them). -#}

with

sessions as (
    select * from {{ ref('fct_sessions') }}
),

steps as (
    select
        1 as step_number,
        'visit' as from_step,
        'product_view' as to_step
    union all
    select
        2 as step_number,
        'product_view' as from_step,
        'add_to_cart' as to_step
    union all
    select
        3 as step_number,
        'add_to_cart' as from_step,
        'begin_checkout' as to_step
    union all
    select
        4 as step_number,
        'begin_checkout' as from_step,
        'purchase' as to_step
),

depths as (
    select
        {{ dbt.date_trunc('month', 'session_date') }} as session_month,
        channel_group,
        funnel_depth,
        count(*) as sessions
    from sessions
    where not is_bot
    group by {{ dbt.date_trunc('month', 'session_date') }}, channel_group, funnel_depth
),

step_counts as (
    select
        depths.session_month,
        depths.channel_group,
        steps.step_number,
        steps.from_step,
        steps.to_step,
        sum(case when depths.funnel_depth >= steps.step_number - 1 then depths.sessions end)
            as entered_sessions,
        sum(case when depths.funnel_depth >= steps.step_number then depths.sessions end)
            as converted_sessions
    from depths
    cross join steps
    group by
        depths.session_month,
        depths.channel_group,
        steps.step_number,
        steps.from_step,
        steps.to_step
),

final as (
    select
        channel_group,
        from_step,
        to_step,
        cast(step_number as {{ dbt.type_int() }}) as step_number,
        cast(entered_sessions as {{ dbt.type_bigint() }}) as entered_sessions,
        cast(coalesce(converted_sessions, 0) as {{ dbt.type_bigint() }}) as converted_sessions,
        cast(entered_sessions - coalesce(converted_sessions, 0) as {{ dbt.type_bigint() }})
            as dropped_sessions,
        cast(coalesce(converted_sessions, 0) as {{ type_double() }})
        / nullif(entered_sessions, 0) as conversion_rate,
        cast(entered_sessions - coalesce(converted_sessions, 0) as {{ type_double() }})
        / nullif(entered_sessions, 0) as drop_off_rate,
        cast(session_month as date) as session_month
    from step_counts
    where entered_sessions > 0
)

select * from final
