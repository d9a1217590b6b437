{#- One row per community event registration that checked in and is linked to a person (as
    fct_touchpoints resolves it): the attendee's revenue orders in the
    var('event_purchase_window_days') days from the event's start, their net revenue, and
    whether one of those orders holds a product category the person had not bought (in any
    revenue order) before the event: a cross-category purchase. A first-time buyer's purchase
    is cross-category by this definition. -#}
{%- set window_days = var('event_purchase_window_days') | int -%}
with

registrations as (
    select * from {{ ref('stg_service__event_registrations') }}
),

events as (
    select * from {{ ref('stg_service__community_events') }}
),

touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
),

order_items as (
    select * from {{ ref('stg_shop__order_items') }}
),

products as (
    select * from {{ ref('stg_shop__products') }}
),

attendees as (
    select
        registrations.registration_id,
        registrations.event_id,
        touchpoints.person_id,
        events.starts_at
    from registrations
    inner join events
        on registrations.event_id = events.event_id
    inner join touchpoints
        on
            touchpoints.source_system = 'service'
            and registrations.registration_id = touchpoints.reference_id
    where registrations.is_checked_in
),

order_categories as (
    select distinct
        orders.person_id,
        orders.order_id,
        orders.ordered_at,
        products.category
    from orders
    inner join order_items
        on orders.order_id = order_items.order_id
    inner join products
        on order_items.sku = products.sku
    where orders.is_revenue_order and orders.person_id is not null
),

window_orders as (
    select
        attendees.registration_id,
        count(*) as orders_count,
        sum(orders.net_revenue_cny) as net_revenue
    from attendees
    inner join orders
        on
            attendees.person_id = orders.person_id
            and attendees.starts_at <= orders.ordered_at
            and orders.ordered_at < {{ dbt.dateadd('day', window_days, 'attendees.starts_at') }}
    where orders.is_revenue_order
    group by attendees.registration_id
),

window_categories as (
    select distinct
        attendees.registration_id,
        attendees.person_id,
        attendees.starts_at,
        order_categories.category
    from attendees
    inner join order_categories
        on
            attendees.person_id = order_categories.person_id
            and attendees.starts_at <= order_categories.ordered_at
            and order_categories.ordered_at
            < {{ dbt.dateadd('day', window_days, 'attendees.starts_at') }}
),

new_categories as (
    select distinct window_categories.registration_id
    from window_categories
    left join order_categories as earlier
        on
            window_categories.person_id = earlier.person_id
            and window_categories.category = earlier.category
            and window_categories.starts_at > earlier.ordered_at
    where earlier.order_id is null
),

final as (
    select
        attendees.registration_id,
        attendees.event_id,
        attendees.person_id,
        coalesce(window_orders.orders_count, 0) as orders_count,
        coalesce(window_orders.net_revenue, 0) as net_revenue,
        window_orders.registration_id is not null as has_purchased,
        new_categories.registration_id is not null as has_cross_category_purchase,
        attendees.starts_at
    from attendees
    left join window_orders
        on attendees.registration_id = window_orders.registration_id
    left join new_categories
        on attendees.registration_id = new_categories.registration_id
)

select * from final
