{#- Which touchpoints brought each revenue order, under six attribution models: one row per
    order x model x credited touchpoint (int_order_credits_allocated). Per order and model the
    credits sum to exactly 1 and the revenue credits to exactly the order's net_revenue_cny. -#}

with

credits as (
    select * from {{ ref('int_order_credits_allocated') }}
),

final as (
    select
        order_id,
        attribution_model,
        touchpoint_id,
        person_id,
        campaign_id,
        kol_id,
        guide_id,
        order_channel,
        touchpoint_type,
        channel_group,
        cast(touch_number as integer) as touch_number,
        cast(touches_count as integer) as touches_count,
        credit,
        revenue_credit,
        net_revenue_cny as order_net_revenue_cny,
        days_before_order,
        is_order_without_touchpoints,
        ordered_date,
        cast({{ dbt.date_trunc('month', 'ordered_date') }} as date) as ordered_month,
        touched_at,
        ordered_at
    from credits
)

select * from final
