{#- Every revenue order's credit under each attribution model, one row per order x model x
    credited touchpoint. The touchpoints are the person's (int_attribution_touchpoints_merged)
    from var('attribution_lookback_days') days before the order up to the order's time, in
    time order (touchpoint_id breaks ties). An order with none (or without a person) gets one
    'no_touchpoint' touch carrying the order's own channel: store_guide for a store order,
    marketplace for a marketplace order, direct otherwise; it takes every model's full credit.
    Weights per model: first_touch and last_touch 1 on that touch; last_non_direct 1 on the
    last touch whose channel group is not direct (the last touch when all are direct); linear
    1 each; position_based var('attribution_position_first_weight') on the first,
    var('attribution_position_last_weight') on the last and the rest shared by the touches
    between (one touch takes all, two share first:last, 50/50 by default); time_decay
    0.5 ^ (days before the order / var('attribution_time_decay_half_life_days')). Touches
    without weight get no row. Credits are the weights normalised and rounded to 10 decimals,
    revenue credits the order's net_revenue_cny times the credit rounded to the cent; the
    rounding remainder of both goes to the touch with the largest credit (the latest on ties),
    so per order and model the credits sum to exactly 1 and the revenue credits to exactly
    the order's net revenue. -#}

{%- set first_weight = var('attribution_position_first_weight') | float -%}
{%- set last_weight = var('attribution_position_last_weight') | float -%}

with

orders as (
    select * from {{ ref('int_orders_netted') }}
),

touchpoints as (
    select * from {{ ref('int_attribution_touchpoints_merged') }}
),

revenue_orders as (
    select
        order_id,
        person_id,
        guide_id,
        channel,
        net_revenue_cny,
        ordered_date,
        ordered_at
    from orders
    where is_revenue_order
),

touches_in_window as (
    select
        revenue_orders.order_id,
        touchpoints.touchpoint_id,
        touchpoints.campaign_id,
        touchpoints.kol_id,
        touchpoints.guide_id,
        touchpoints.touchpoint_type,
        touchpoints.channel_group,
        touchpoints.occurred_at
    from revenue_orders
    inner join touchpoints
        on
            revenue_orders.person_id = touchpoints.person_id
            and revenue_orders.ordered_at >= touchpoints.occurred_at
            and touchpoints.occurred_at >= {{ dbt.dateadd(
                'day', -(var('attribution_lookback_days') | int), 'revenue_orders.ordered_at'
            ) }}
),

orders_without_touches as (
    select
        revenue_orders.order_id,
        'shop:order:' || revenue_orders.order_id as touchpoint_id,
        cast(null as varchar) as campaign_id,
        cast(null as varchar) as kol_id,
        revenue_orders.guide_id,
        'no_touchpoint' as touchpoint_type,
        case revenue_orders.channel
            when 'store' then 'store_guide'
            when 'marketplace' then 'marketplace'
            else 'direct'
        end as channel_group,
        revenue_orders.ordered_at as occurred_at
    from revenue_orders
    where not exists (
            select 1
            from touches_in_window
            where touches_in_window.order_id = revenue_orders.order_id
        )
),

touches as (
    select * from touches_in_window
    union all
    select * from orders_without_touches
),

touches_numbered as (
    select
        touches.*,
        revenue_orders.person_id,
        revenue_orders.net_revenue_cny,
        revenue_orders.ordered_date,
        revenue_orders.ordered_at,
        {{ dbt.datediff('touches.occurred_at', 'revenue_orders.ordered_at', 'second') }}
        / 86400.0 as days_before_order,
        row_number() over (
            partition by touches.order_id
            order by touches.occurred_at, touches.touchpoint_id
        ) as touch_number,
        count(*) over (partition by touches.order_id) as touches_count
    from touches
    inner join revenue_orders
        on touches.order_id = revenue_orders.order_id
),

touches_positioned as (
    select
        *,
        coalesce(
            max(case when channel_group <> 'direct' then touch_number end)
                over (partition by order_id),
            touches_count
        ) as last_non_direct_number
    from touches_numbered
),

weighted as (
    select
        *,
        'first_touch' as attribution_model,
        case when touch_number = 1 then 1.0 else 0.0 end as weight
    from touches_positioned
    union all
    select
        *,
        'last_touch' as attribution_model,
        case when touch_number = touches_count then 1.0 else 0.0 end as weight
    from touches_positioned
    union all
    select
        *,
        'last_non_direct' as attribution_model,
        case when touch_number = last_non_direct_number then 1.0 else 0.0 end as weight
    from touches_positioned
    union all
    select
        *,
        'linear' as attribution_model,
        1.0 as weight
    from touches_positioned
    union all
    select
        *,
        'position_based' as attribution_model,
        case
            when touches_count = 1 then 1.0
            when touch_number = 1 then {{ first_weight }}
            when touch_number = touches_count then {{ last_weight }}
            else (1.0 - {{ first_weight }} - {{ last_weight }}) / (touches_count - 2)
        end as weight
    from touches_positioned
    union all
    select
        *,
        'time_decay' as attribution_model,
        power(
            0.5,
            days_before_order
            / {{ var('attribution_time_decay_half_life_days') | float }}
        ) as weight
    from touches_positioned
),

credits_rounded as (
    select
        *,
        -- the cast rounds to 10 decimals (round() of a double is not portable)
        cast(
            weight / sum(weight) over (partition by order_id, attribution_model)
            as decimal(12, 10)
        ) as rounded_credit,
        row_number() over (
            partition by order_id, attribution_model
            order by weight desc, touch_number desc
        ) as remainder_rank
    from weighted
    where weight > 0
),

credits_exact as (
    select
        *,
        cast(
            case
                when remainder_rank = 1
                    then
                        1 - (
                            sum(rounded_credit) over (partition by order_id, attribution_model)
                            - rounded_credit
                        )
                else rounded_credit
            end
            as decimal(12, 10)
        ) as credit
    from credits_rounded
),

revenue_rounded as (
    select
        *,
        cast(round(net_revenue_cny * credit, 2) as decimal(18, 2)) as rounded_revenue_credit
    from credits_exact
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
        touchpoint_type,
        channel_group,
        touch_number,
        touches_count,
        credit,
        cast(
            case
                when remainder_rank = 1
                    then
                        net_revenue_cny - (
                            sum(rounded_revenue_credit)
                                over (partition by order_id, attribution_model)
                            - rounded_revenue_credit
                        )
                else rounded_revenue_credit
            end
            as decimal(18, 2)
        ) as revenue_credit,
        net_revenue_cny,
        cast(days_before_order as {{ type_double() }}) as days_before_order,
        touchpoint_type = 'no_touchpoint' as is_order_without_touchpoints,
        ordered_date,
        occurred_at as touched_at,
        ordered_at
    from revenue_rounded
)

select * from final
