{#- Funnel steps never increase: in funnel_daily and funnel_campaign_daily, each step's
    sessions are at most the previous step's (visit >= product view >= add to cart >=
    checkout >= purchase); in funnel_step_conversion a step converts at most the sessions that
    entered it, and the next step enters exactly the sessions this one converted. Returns
    each offending row with the mart it comes from. -#}

with

funnel_daily as (
    select * from {{ ref('funnel_daily') }}
),

funnel_campaign_daily as (
    select * from {{ ref('funnel_campaign_daily') }}
),

funnel_step_conversion as (
    select * from {{ ref('funnel_step_conversion') }}
),

daily_increases as (
    select
        'funnel_daily' as mart,
        cast(session_date as {{ dbt.type_string() }}) as grain
    from funnel_daily
    where
        product_view_sessions > sessions
        or add_to_cart_sessions > product_view_sessions
        or checkout_sessions > add_to_cart_sessions
        or purchase_sessions > checkout_sessions
),

campaign_increases as (
    select
        'funnel_campaign_daily' as mart,
        cast(session_date as {{ dbt.type_string() }}) || ' ' || campaign_id as grain
    from funnel_campaign_daily
    where
        product_view_sessions > sessions
        or add_to_cart_sessions > product_view_sessions
        or checkout_sessions > add_to_cart_sessions
        or purchase_sessions > checkout_sessions
),

chained_steps as (
    select
        channel_group,
        session_month,
        step_number,
        entered_sessions,
        converted_sessions,
        lead(entered_sessions) over (
            partition by channel_group, session_month
            order by step_number
        ) as next_step_entered_sessions
    from funnel_step_conversion
),

step_increases as (
    select
        'funnel_step_conversion' as mart,
        channel_group || ' ' || cast(session_month as {{ dbt.type_string() }})
        || ' step ' || cast(step_number as {{ dbt.type_string() }}) as grain
    from chained_steps
    where
        converted_sessions > entered_sessions
        or next_step_entered_sessions != converted_sessions
),

final as (
    select * from daily_increases
    union all
    select * from campaign_increases
    union all
    select * from step_increases
)

select * from final
