{#- One row per shopping guide of the reference list: the people she recruited
    (int_guide_recruits_listed: members through her QR code, WeChat Work friends she added),
    the revenue orders and net revenue of those people from their recruitment on, the
    community event registrations and check-ins they made after it, and the guide's own store
    orders (orders carrying her guide_id). The basis of a guide's performance pay; a person
    recruited by two guides counts for both. -#}
with

guides as (
    select * from {{ ref('shopping_guides') }}
),

recruits as (
    select * from {{ ref('int_guide_recruits_listed') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
),

touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

recruit_counts as (
    select
        guide_id,
        count(*) as people_recruited,
        sum(case when is_qr_member then 1 else 0 end) as members_recruited,
        sum(case when is_friend then 1 else 0 end) as friends_added
    from recruits
    group by guide_id
),

recruit_orders as (
    select
        recruits.guide_id,
        count(*) as recruit_orders,
        count(distinct recruits.person_id) as recruit_buyers,
        sum(orders.net_revenue_cny) as recruit_revenue
    from recruits
    inner join orders
        on
            recruits.person_id = orders.person_id
            and recruits.recruited_at <= orders.ordered_at
    where orders.is_revenue_order
    group by recruits.guide_id
),

guide_orders as (
    select
        guide_id,
        count(*) as guide_orders,
        sum(net_revenue_cny) as guide_revenue
    from orders
    where is_revenue_order and guide_id is not null
    group by guide_id
),

registrations as (
    select
        person_id,
        touchpoint_type = 'event_checked_in' as is_checked_in,
        occurred_at as registered_at
    from touchpoints
    where touchpoint_type in ('event_registered', 'event_checked_in')
),

recruit_registrations as (
    select
        recruits.guide_id,
        count(*) as event_registrations,
        sum(case when registrations.is_checked_in then 1 else 0 end) as event_check_ins
    from recruits
    inner join registrations
        on
            recruits.person_id = registrations.person_id
            and recruits.recruited_at <= registrations.registered_at
    group by recruits.guide_id
),

final as (
    select
        guides.guide_id,
        guides.store_id,
        guides.guide_name,
        cast(coalesce(recruit_counts.people_recruited, 0) as bigint) as people_recruited,
        cast(coalesce(recruit_counts.members_recruited, 0) as bigint) as members_recruited,
        cast(coalesce(recruit_counts.friends_added, 0) as bigint) as friends_added,
        cast(coalesce(recruit_orders.recruit_buyers, 0) as bigint) as recruit_buyers,
        cast(coalesce(recruit_orders.recruit_orders, 0) as bigint) as recruit_orders,
        cast(coalesce(recruit_orders.recruit_revenue, 0) as decimal(18, 2)) as recruit_revenue,
        cast(coalesce(recruit_registrations.event_registrations, 0) as bigint)
            as event_registrations,
        cast(coalesce(recruit_registrations.event_check_ins, 0) as bigint) as event_check_ins,
        cast(coalesce(guide_orders.guide_orders, 0) as bigint) as guide_orders,
        cast(coalesce(guide_orders.guide_revenue, 0) as decimal(18, 2)) as guide_revenue
    from guides
    left join recruit_counts
        on guides.guide_id = recruit_counts.guide_id
    left join recruit_orders
        on guides.guide_id = recruit_orders.guide_id
    left join recruit_registrations
        on guides.guide_id = recruit_registrations.guide_id
    left join guide_orders
        on guides.guide_id = guide_orders.guide_id
)

select * from final
