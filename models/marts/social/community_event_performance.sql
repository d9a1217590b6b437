{#- One row per community event: registrations, check-ins and the show-up rate, then what the
    attendees (checked in, linked to a person) bought in the var('event_purchase_window_days')
    days from the event's start (int_event_attendees_followed): buyers, orders, net revenue,
    and cross-category buyers (an order in a category they had not bought before the event). -#}
with

events as (
    select * from {{ ref('stg_service__community_events') }}
),

stores as (
    select * from {{ ref('stores') }}
),

registrations as (
    select * from {{ ref('stg_service__event_registrations') }}
),

attendees as (
    select * from {{ ref('int_event_attendees_followed') }}
),

registration_counts as (
    select
        event_id,
        count(*) as registrations,
        sum(case when is_checked_in then 1 else 0 end) as check_ins
    from registrations
    group by event_id
),

attendee_purchases as (
    select
        event_id,
        count(*) as linked_attendees,
        sum(case when has_purchased then 1 else 0 end) as buyers,
        sum(case when has_cross_category_purchase then 1 else 0 end) as cross_category_buyers,
        sum(orders_count) as orders_count,
        sum(net_revenue) as net_revenue
    from attendees
    group by event_id
),

final as (
    select
        events.event_id,
        events.event_name,
        events.store_id,
        stores.store_name,
        cast(coalesce(registration_counts.registrations, 0) as bigint) as registrations,
        cast(coalesce(registration_counts.check_ins, 0) as bigint) as check_ins,
        cast(registration_counts.check_ins as {{ type_double() }})
        / nullif(registration_counts.registrations, 0) as show_up_rate,
        cast(coalesce(attendee_purchases.linked_attendees, 0) as bigint) as linked_attendees,
        cast(coalesce(attendee_purchases.buyers, 0) as bigint) as buyers,
        cast(coalesce(attendee_purchases.cross_category_buyers, 0) as bigint)
            as cross_category_buyers,
        cast(coalesce(attendee_purchases.orders_count, 0) as bigint) as orders_count,
        cast(coalesce(attendee_purchases.net_revenue, 0) as decimal(18, 2)) as net_revenue,
        cast(attendee_purchases.buyers as {{ type_double() }})
        / nullif(attendee_purchases.linked_attendees, 0) as purchase_rate,
        events.event_date,
        events.starts_at
    from events
    left join stores
        on events.store_id = stores.store_id
    left join registration_counts
        on events.event_id = registration_counts.event_id
    left join attendee_purchases
        on events.event_id = attendee_purchases.event_id
)

select * from final
