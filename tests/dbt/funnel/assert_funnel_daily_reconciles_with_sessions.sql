-- funnel_daily adds up the human sessions of fct_sessions: per day and channel group, its
-- sessions and step counts equal the sessions of fct_sessions that are not bots and reached
-- each step in order. Fails with each day and channel group that differs.

with

sessions as (
    select * from {{ ref('fct_sessions') }}
),

funnel_daily as (
    select * from {{ ref('funnel_daily') }}
),

from_sessions as (
    select
        session_date,
        channel_group,
        count(*) as sessions,
        count(case when funnel_depth >= 1 then 1 end) as product_view_sessions,
        count(case when funnel_depth >= 2 then 1 end) as add_to_cart_sessions,
        count(case when funnel_depth >= 3 then 1 end) as checkout_sessions,
        count(case when funnel_depth >= 4 then 1 end) as purchase_sessions
    from sessions
    where not is_bot
    group by session_date, channel_group
),

from_funnel as (
    select
        session_date,
        channel_group,
        sum(sessions) as sessions,
        sum(product_view_sessions) as product_view_sessions,
        sum(add_to_cart_sessions) as add_to_cart_sessions,
        sum(checkout_sessions) as checkout_sessions,
        sum(purchase_sessions) as purchase_sessions
    from funnel_daily
    group by session_date, channel_group
),

final as (
    select
        coalesce(from_sessions.session_date, from_funnel.session_date) as session_date,
        coalesce(from_sessions.channel_group, from_funnel.channel_group) as channel_group,
        from_sessions.sessions as expected_sessions,
        from_funnel.sessions as funnel_sessions
    from from_sessions
    full outer join from_funnel
        on from_sessions.session_date = from_funnel.session_date
            and from_sessions.channel_group = from_funnel.channel_group
    where
        from_sessions.sessions is distinct from from_funnel.sessions
        or from_sessions.product_view_sessions is distinct from from_funnel.product_view_sessions
        or from_sessions.add_to_cart_sessions is distinct from from_funnel.add_to_cart_sessions
        or from_sessions.checkout_sessions is distinct from from_funnel.checkout_sessions
        or from_sessions.purchase_sessions is distinct from from_funnel.purchase_sessions
)

select * from final
