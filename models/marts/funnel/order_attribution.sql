{#- Which touchpoints brought each revenue order, under six attribution models: one row per
    order x model x credited touchpoint (int_order_credits_allocated). Per order and model the
    credits sum to exactly 1 and the revenue credits to exactly the order's net_revenue_cny. -#}

with

credits as (
    select * from {{ ref('int_order_credits_allocated') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
),

final as (
    select
        credits.order_id,
        credits.attribution_model,
        credits.touchpoint_id,
        credits.person_id,
        credits.campaign_id,
        credits.kol_id,
        credits.guide_id,
        orders.channel as order_channel,
        credits.touchpoint_type,
        credits.channel_group,
        cast(credits.touch_number as integer) as touch_number,
        cast(credits.touches_count as integer) as touches_count,
        credits.credit,
        credits.revenue_credit,
        credits.net_revenue_cny as order_net_revenue_cny,
        credits.days_before_order,
        credits.is_order_without_touchpoints,
        credits.ordered_date,
        cast({{ dbt.date_trunc('month', 'credits.ordered_date') }} as date) as ordered_month,
        credits.touched_at,
        credits.ordered_at
    from credits
    inner join orders
        on credits.order_id = orders.order_id
)

select * from final
