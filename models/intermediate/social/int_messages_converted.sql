{#- One row per marketing message with its delivery, open and click, the person it reached
    (as fct_touchpoints resolves it) and whether it converted: the person placed a revenue
    order within var('message_conversion_days') days after she first engaged with it (opened,
    or clicked when no open was tracked). An unopened message never converts, and every
    message engaged before an order shares it (this is reach, not attribution). -#}
{%- set conversion_days = var('message_conversion_days') | int -%}
with

messages as (
    select * from {{ ref('stg_marketing__messages') }}
),

touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
),

message_people as (
    select
        reference_id as message_id,
        person_id
    from touchpoints
    where
        source_system = 'marketing'
        and touchpoint_type in ('message_sent', 'message_opened', 'message_clicked')
),

engaged as (
    select
        messages.message_id,
        messages.campaign_id,
        messages.channel,
        message_people.person_id,
        messages.is_delivered,
        messages.is_opened,
        messages.is_clicked,
        coalesce(messages.opened_at, messages.clicked_at) as engaged_at,
        messages.sent_at
    from messages
    left join message_people
        on messages.message_id = message_people.message_id
),

conversions as (
    select
        engaged.message_id,
        count(*) as converted_orders,
        sum(orders.net_revenue_cny) as converted_revenue
    from engaged
    inner join orders
        on
            engaged.person_id = orders.person_id
            and engaged.engaged_at < orders.ordered_at
            and orders.ordered_at
            <= {{ dbt.dateadd('day', conversion_days, 'engaged.engaged_at') }}
    where orders.is_revenue_order
    group by engaged.message_id
),

final as (
    select
        engaged.message_id,
        engaged.campaign_id,
        engaged.person_id,
        engaged.channel,
        coalesce(conversions.converted_orders, 0) as converted_orders,
        coalesce(conversions.converted_revenue, 0) as converted_revenue,
        engaged.is_delivered,
        engaged.is_opened,
        engaged.is_clicked,
        conversions.message_id is not null as is_converted,
        engaged.sent_at,
        engaged.engaged_at
    from engaged
    left join conversions
        on engaged.message_id = conversions.message_id
)

select * from final
