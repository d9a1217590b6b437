{#- How each person was acquired: the one definition read by customer_360, the LTV marts and
    channel performance. Acquisition is the person's first own action that carries a channel
    (a web session, a social interaction, a clicked message, a redeemed coupon, a store or
    marketplace order, a guide-QR membership); what the brand merely sent (a message, a coupon)
    acquires no one. A buyer with no such action (a web order whose sessions were not linked to
    them) was acquired 'direct' at the first order. The shopping guide is the first revenue
    order's guide, else the guide of the person's current membership, else the guide of the
    acquiring touch. -#}
with

touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

memberships as (
    select * from {{ ref('int_current_memberships_chosen') }}
),

first_touches as (
    select
        person_id,
        touchpoint_type,
        channel_group,
        campaign_id,
        kol_id,
        guide_id,
        occurred_at,
        row_number() over (
            partition by person_id order by occurred_at, touchpoint_id
        ) as touch_number
    from touchpoints
    where
        channel_group is not null
        and touchpoint_type not in ('message_sent', 'message_opened', 'coupon_issued')
),

first_orders as (
    select
        person_id,
        sales_channel,
        guide_id,
        ordered_at
    from orders
    where is_first_order
),

acquired_people as (
    select person_id from first_touches
    where touch_number = 1
    union
    select person_id from first_orders
),

final as (
    select
        cast(acquired_people.person_id as varchar) as person_id,
        cast(coalesce(first_touches.channel_group, 'direct') as varchar) as acquisition_channel,
        cast(coalesce(first_touches.touchpoint_type, 'order') as varchar)
            as acquisition_touchpoint_type,
        cast(first_touches.campaign_id as varchar) as acquisition_campaign_id,
        cast(first_touches.kol_id as varchar) as acquisition_kol_id,
        cast(first_touches.guide_id as varchar) as acquisition_guide_id,
        cast(
            coalesce(first_orders.guide_id, memberships.guide_id, first_touches.guide_id)
            as varchar
        ) as shopping_guide_id,
        cast(first_orders.sales_channel as varchar) as first_order_channel,
        cast(coalesce(first_touches.occurred_at, first_orders.ordered_at) as timestamp)
            as acquired_at,
        cast(first_orders.ordered_at as timestamp) as first_order_at
    from acquired_people
    left join first_touches
        on
            acquired_people.person_id = first_touches.person_id
            and first_touches.touch_number = 1
    left join first_orders
        on acquired_people.person_id = first_orders.person_id
    left join memberships
        on acquired_people.person_id = memberships.person_id
)

select * from final
