{#- The session funnel per local day x channel group x device type x platform, bots excluded.
    A session counts at a step when it reached that step in order (fct_sessions.funnel_depth):
    every purchase session also counts as a checkout, add-to-cart and product-view session,
    so the step counts never increase along the funnel. A device type or platform the tracker
    did not send is '(not set)'. -#}

with

sessions as (
    select * from {{ ref('fct_sessions') }}
),

human_sessions as (
    select
        session_date,
        channel_group,
        coalesce(device_type, '(not set)') as device_type,
        coalesce(platform, '(not set)') as platform,
        funnel_depth,
        converted
    from sessions
    where not is_bot
),

final as (
    select
        session_date,
        channel_group,
        device_type,
        platform,
        count(*) as sessions,
        count(case when funnel_depth >= 1 then 1 end) as product_view_sessions,
        count(case when funnel_depth >= 2 then 1 end) as add_to_cart_sessions,
        count(case when funnel_depth >= 3 then 1 end) as checkout_sessions,
        count(case when funnel_depth >= 4 then 1 end) as purchase_sessions,
        count(case when converted then 1 end) as converted_sessions
    from human_sessions
    group by session_date, channel_group, device_type, platform
)

select * from final
