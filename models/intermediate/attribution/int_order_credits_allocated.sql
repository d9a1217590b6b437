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
    last touch takes the rounding remainder of both (a single-touch model's one touch has
    credit 1 and takes the whole revenue), so per order and model the credits sum to exactly
    1 and the revenue credits to exactly the order's net revenue. Shares are computed side by
    side per touch and unpivoted last: two window passes over the order instead of several
    over every order x model. -#}

{%- set first_weight = var('attribution_position_first_weight') | float -%}
{%- set last_weight = var('attribution_position_last_weight') | float -%}
{{- check_attribution_position_weights() -}}

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
        revenue_orders.channel as order_channel,
        revenue_orders.net_revenue_cny,
        revenue_orders.ordered_date,
        revenue_orders.ordered_at,
        {{ dbt.datediff('touches.occurred_at', 'revenue_orders.ordered_at', 'second') }}
        / 86400.0 as days_before_order,
        row_number() over order_touches as touch_number,
        -- non-direct touches from this one on: 1 on the last non-direct touch
        count(case when touches.channel_group != 'direct' then 1 end)
            over (order_touches rows between current row and unbounded following)
            as non_direct_from_here,
        count(*) over (partition by touches.order_id) as touches_count,
        count(case when touches.channel_group != 'direct' then 1 end)
            over (partition by touches.order_id) as non_direct_count
    from touches
    inner join revenue_orders
        on touches.order_id = revenue_orders.order_id
    window order_touches as (
        partition by touches.order_id
        order by touches.occurred_at, touches.touchpoint_id
    )
),

decay_weighted as (
    select
        *,
        power(
            0.5, days_before_order / {{ var('attribution_time_decay_half_life_days') | float }}
        ) as decay_weight
    from touches_numbered
),

shares as (
    select
        *,
        touch_number = touches_count as is_last_touch,
        case
            when non_direct_count = 0 then touch_number = touches_count
            else channel_group != 'direct' and non_direct_from_here = 1
        end as is_last_non_direct_touch,
        1.0 / touches_count as linear_share,
        case
            when touches_count = 1 then 1.0
            when touches_count = 2 and touch_number = 1
                then {{ first_weight }} / ({{ first_weight }} + {{ last_weight }})
            when touches_count = 2
                then {{ last_weight }} / ({{ first_weight }} + {{ last_weight }})
            when touch_number = 1 then {{ first_weight }}
            when touch_number = touches_count then {{ last_weight }}
            else (1.0 - {{ first_weight }} - {{ last_weight }}) / (touches_count - 2)
        end as position_share,
        decay_weight / sum(decay_weight) over (partition by order_id) as time_decay_share
    from decay_weighted
),

shares_rounded as (
    -- the casts round to 10 decimals (round() of a double is not portable)
    select
        *,
        cast(linear_share as decimal(12, 10)) as linear_credit_rounded,
        cast(position_share as decimal(12, 10)) as position_credit_rounded,
        cast(time_decay_share as decimal(12, 10)) as time_decay_credit_rounded
    from shares
),

revenue_rounded as (
    select
        *,
        cast(round(net_revenue_cny * linear_credit_rounded, 2) as decimal(18, 2))
            as linear_revenue_rounded,
        cast(round(net_revenue_cny * position_credit_rounded, 2) as decimal(18, 2))
            as position_revenue_rounded,
        cast(round(net_revenue_cny * time_decay_credit_rounded, 2) as decimal(18, 2))
            as time_decay_revenue_rounded
    from shares_rounded
),

order_sums as (
    select
        *,
        sum(linear_credit_rounded) over order_partition as linear_credit_sum,
        sum(position_credit_rounded) over order_partition as position_credit_sum,
        sum(time_decay_credit_rounded) over order_partition as time_decay_credit_sum,
        sum(linear_revenue_rounded) over order_partition as linear_revenue_sum,
        sum(position_revenue_rounded) over order_partition as position_revenue_sum,
        sum(time_decay_revenue_rounded) over order_partition as time_decay_revenue_sum
    from revenue_rounded
    window order_partition as (partition by order_id)
),

credits as (
    select
        *,
        case
            when is_last_touch then 1 - (linear_credit_sum - linear_credit_rounded)
            else linear_credit_rounded
        end as linear_credit,
        case
            when is_last_touch then 1 - (position_credit_sum - position_credit_rounded)
            else position_credit_rounded
        end as position_credit,
        case
            when is_last_touch then 1 - (time_decay_credit_sum - time_decay_credit_rounded)
            else time_decay_credit_rounded
        end as time_decay_credit,
        -- the last touch's own rounded revenue is replaced by the remainder: its exact credit
        -- may differ from the rounded one, the remainder absorbs that too
        case
            when is_last_touch
                then net_revenue_cny - (linear_revenue_sum - linear_revenue_rounded)
            else linear_revenue_rounded
        end as linear_revenue,
        case
            when is_last_touch
                then net_revenue_cny - (position_revenue_sum - position_revenue_rounded)
            else position_revenue_rounded
        end as position_revenue,
        case
            when is_last_touch
                then net_revenue_cny - (time_decay_revenue_sum - time_decay_revenue_rounded)
            else time_decay_revenue_rounded
        end as time_decay_revenue
    from order_sums
),

unpivoted as (
    select
        *,
        'first_touch' as attribution_model,
        1 as credit,
        net_revenue_cny as revenue_credit
    from credits
    where touch_number = 1
    union all
    select
        *,
        'last_touch' as attribution_model,
        1 as credit,
        net_revenue_cny as revenue_credit
    from credits
    where is_last_touch
    union all
    select
        *,
        'last_non_direct' as attribution_model,
        1 as credit,
        net_revenue_cny as revenue_credit
    from credits
    where is_last_non_direct_touch
    union all
    select
        *,
        'linear' as attribution_model,
        linear_credit as credit,
        linear_revenue as revenue_credit
    from credits
    union all
    select
        *,
        'position_based' as attribution_model,
        position_credit as credit,
        position_revenue as revenue_credit
    from credits
    where position_share > 0
    union all
    select
        *,
        'time_decay' as attribution_model,
        time_decay_credit as credit,
        time_decay_revenue as revenue_credit
    from credits
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
        touch_number,
        touches_count,
        cast(credit as decimal(12, 10)) as credit,
        cast(revenue_credit as decimal(18, 2)) as revenue_credit,
        net_revenue_cny,
        cast(days_before_order as {{ type_double() }}) as days_before_order,
        touchpoint_type = 'no_touchpoint' as is_order_without_touchpoints,
        ordered_date,
        occurred_at as touched_at,
        ordered_at
    from unpivoted
)

select * from final
