{#- One row per store of the reference list: its shopping guides' recruitment (the people any
    of its guides recruited, each once, from her first recruitment at the store), the revenue
    orders and net revenue of those people from then on, the store's own revenue orders, and
    the registrations and check-ins of the community events the store held (summed from
    community_event_performance). -#}
with

stores as (
    select * from {{ ref('stores') }}
),

guides as (
    select * from {{ ref('shopping_guides') }}
),

recruits as (
    select * from {{ ref('int_guide_recruits_listed') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
),

events as (
    select * from {{ ref('community_event_performance') }}
),

store_recruits as (
    select
        guides.store_id,
        recruits.person_id,
        max(case when recruits.is_qr_member then 1 else 0 end) as is_qr_member,
        max(case when recruits.is_friend then 1 else 0 end) as is_friend,
        min(recruits.recruited_at) as recruited_at
    from recruits
    inner join guides
        on recruits.guide_id = guides.guide_id
    group by guides.store_id, recruits.person_id
),

recruit_counts as (
    select
        store_id,
        count(*) as people_recruited,
        sum(is_qr_member) as members_recruited,
        sum(is_friend) as friends_added
    from store_recruits
    group by store_id
),

recruit_orders as (
    select
        store_recruits.store_id,
        count(*) as recruit_orders,
        sum(orders.net_revenue_cny) as recruit_revenue
    from store_recruits
    inner join orders
        on
            store_recruits.person_id = orders.person_id
            and store_recruits.recruited_at <= orders.ordered_at
    where orders.is_revenue_order
    group by store_recruits.store_id
),

store_orders as (
    select
        store_id,
        count(*) as store_orders,
        sum(net_revenue_cny) as store_revenue
    from orders
    where is_revenue_order and store_id is not null
    group by store_id
),

guide_counts as (
    select
        store_id,
        count(*) as guides_count
    from guides
    group by store_id
),

event_registrations as (
    select
        store_id,
        count(*) as events_count,
        sum(registrations) as event_registrations,
        sum(check_ins) as event_check_ins
    from events
    group by store_id
),

final as (
    select
        stores.store_id,
        stores.store_name,
        stores.city,
        cast(coalesce(guide_counts.guides_count, 0) as bigint) as guides_count,
        cast(coalesce(recruit_counts.people_recruited, 0) as bigint) as people_recruited,
        cast(coalesce(recruit_counts.members_recruited, 0) as bigint) as members_recruited,
        cast(coalesce(recruit_counts.friends_added, 0) as bigint) as friends_added,
        cast(coalesce(recruit_orders.recruit_orders, 0) as bigint) as recruit_orders,
        cast(coalesce(recruit_orders.recruit_revenue, 0) as decimal(18, 2)) as recruit_revenue,
        cast(coalesce(store_orders.store_orders, 0) as bigint) as store_orders,
        cast(coalesce(store_orders.store_revenue, 0) as decimal(18, 2)) as store_revenue,
        cast(coalesce(event_registrations.events_count, 0) as bigint) as events_count,
        cast(coalesce(event_registrations.event_registrations, 0) as bigint)
            as event_registrations,
        cast(coalesce(event_registrations.event_check_ins, 0) as bigint) as event_check_ins
    from stores
    left join guide_counts
        on stores.store_id = guide_counts.store_id
    left join recruit_counts
        on stores.store_id = recruit_counts.store_id
    left join recruit_orders
        on stores.store_id = recruit_orders.store_id
    left join store_orders
        on stores.store_id = store_orders.store_id
    left join event_registrations
        on stores.store_id = event_registrations.store_id
)

select * from final
