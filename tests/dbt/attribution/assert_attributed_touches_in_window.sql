{#- A credited touch belongs to the order's person and lies within the look-back window:
    from var('attribution_lookback_days') days before the order up to the order's time. -#}
with

attribution as (
    select * from {{ ref('order_attribution') }}
),

touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

final as (
    select
        attribution.order_id,
        attribution.attribution_model,
        attribution.touchpoint_id,
        attribution.touched_at,
        attribution.ordered_at
    from attribution
    left join touchpoints
        on attribution.touchpoint_id = touchpoints.touchpoint_id
    where
        not attribution.is_order_without_touchpoints
        and (
            touchpoints.person_id is null
            or touchpoints.person_id != attribution.person_id
            or touchpoints.occurred_at != attribution.touched_at
            or attribution.touched_at > attribution.ordered_at
            or attribution.touched_at < {{ dbt.dateadd(
                'day', -(var('attribution_lookback_days') | int), 'attribution.ordered_at'
            ) }}
        )
)

select * from final
