{#- The person-level funnel: for every person with a web session (bots excluded), the
    deepest funnel step reached in order within one session that started within
    var('funnel_window_days') days of the person's first session, and the time from that
    first visit to the person's first revenue order in any channel. -#}

with

sessions as (
    select * from {{ ref('fct_sessions') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
),

human_sessions as (
    select
        person_id,
        session_id,
        channel_group,
        funnel_depth,
        started_at
    from sessions
    where not is_bot and person_id is not null
),

first_sessions as (
    select
        person_id,
        min(started_at) as first_visit_at,
        count(*) as sessions_count
    from human_sessions
    group by person_id
),

first_session_channels as (
    select
        human_sessions.person_id,
        min(human_sessions.channel_group) as first_channel_group
    from human_sessions
    inner join first_sessions
        on human_sessions.person_id = first_sessions.person_id
            and human_sessions.started_at = first_sessions.first_visit_at
    group by human_sessions.person_id
),

window_depths as (
    select
        human_sessions.person_id,
        max(human_sessions.funnel_depth) as funnel_depth_in_window,
        count(*) as sessions_in_window
    from human_sessions
    inner join first_sessions
        on human_sessions.person_id = first_sessions.person_id
    where
        human_sessions.started_at
        < {{ dbt.dateadd('day', var('funnel_window_days'), 'first_sessions.first_visit_at') }}
    group by human_sessions.person_id
),

first_orders as (
    select
        person_id,
        min(ordered_at) as first_order_at
    from orders
    where is_revenue_order and person_id is not null
    group by person_id
),

final as (
    select
        first_sessions.person_id,
        first_session_channels.first_channel_group,
        cast(first_sessions.sessions_count as {{ dbt.type_bigint() }}) as sessions_count,
        cast(window_depths.sessions_in_window as {{ dbt.type_bigint() }}) as sessions_in_window,
        cast(window_depths.funnel_depth_in_window as {{ dbt.type_int() }})
            as funnel_depth_in_window,
        cast({{ var('funnel_window_days') }} as {{ dbt.type_int() }}) as funnel_window_days,
        cast(
            {{ dbt.datediff('first_sessions.first_visit_at', 'first_orders.first_order_at',
                            'second') }} as {{ type_double() }}
        ) / 86400 as days_to_first_order,
        window_depths.funnel_depth_in_window >= 1 as has_product_view_in_window,
        window_depths.funnel_depth_in_window >= 2 as has_add_to_cart_in_window,
        window_depths.funnel_depth_in_window >= 3 as has_checkout_in_window,
        window_depths.funnel_depth_in_window >= 4 as has_purchase_in_window,
        first_orders.first_order_at is not null as has_order,
        coalesce(
            first_orders.first_order_at < first_sessions.first_visit_at, false
        ) as is_first_order_before_first_visit,
        {{ to_local_date('first_sessions.first_visit_at') }} as first_visit_date,
        first_sessions.first_visit_at,
        first_orders.first_order_at
    from first_sessions
    inner join window_depths
        on first_sessions.person_id = window_depths.person_id
    left join first_session_channels
        on first_sessions.person_id = first_session_channels.person_id
    left join first_orders
        on first_sessions.person_id = first_orders.person_id
)

select * from final
