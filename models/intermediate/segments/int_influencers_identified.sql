{#- High-influence people: their shared links (social click_link interactions whose
    referrer_social_id is one of their social ids) brought at least
    var('high_influence_min_referred_people') other people up to as_of_date, and those people
    placed at least var('high_influence_min_referred_orders') revenue orders after their first
    click on this person's link. since is the date both were first reached. An order of a
    person referred by two people counts for both. -#}
{%- set min_people = var('high_influence_min_referred_people') | int -%}
{%- set min_orders = var('high_influence_min_referred_orders') | int -%}
{%- if min_orders > 0 -%}
    {%- set since_date = 'greatest(people_reached.people_reached_date, '
        ~ 'orders_reached.orders_reached_date)' -%}
{%- else -%}
    {%- set since_date = 'people_reached.people_reached_date' -%}
{%- endif -%}
with

interactions as (
    select * from {{ ref('stg_social__interactions') }}
),

identifiers as (
    select * from {{ ref('int_identifiers_resolved') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
),

as_of as (
    select coalesce({{ as_of_date_or_null() }}, max(ordered_date)) as as_of_date
    from orders
),

social_people as (
    select
        identifier as social_id,
        person_id
    from identifiers
    where identifier_type = 'social_id' and not is_shared
),

referred_clicks as (
    select
        referrers.person_id as referrer_person_id,
        clickers.person_id as referred_person_id,
        interactions.occurred_date,
        interactions.occurred_at
    from interactions
    cross join as_of
    inner join social_people as referrers
        on interactions.referrer_social_id = referrers.social_id
    inner join social_people as clickers
        on interactions.social_id = clickers.social_id
    where
        interactions.interaction_type = 'click_link'
        and interactions.occurred_date <= as_of.as_of_date
        and referrers.person_id != clickers.person_id
),

referrals as (
    select
        referrer_person_id,
        referred_person_id,
        min(occurred_date) as first_clicked_date,
        min(occurred_at) as first_clicked_at
    from referred_clicks
    group by referrer_person_id, referred_person_id
),

referred_orders as (
    select
        referrals.referrer_person_id,
        orders.order_id,
        orders.ordered_date,
        orders.net_revenue_cny
    from referrals
    cross join as_of
    inner join orders
        on
            referrals.referred_person_id = orders.person_id
            and referrals.first_clicked_at <= orders.ordered_at
    where
        orders.is_revenue_order
        and orders.ordered_date <= as_of.as_of_date
),

referral_ranks as (
    select
        referrer_person_id,
        first_clicked_date,
        row_number() over (
            partition by referrer_person_id order by first_clicked_at, referred_person_id
        ) as referral_number,
        count(*) over (partition by referrer_person_id) as referred_people
    from referrals
),

order_ranks as (
    select
        referrer_person_id,
        ordered_date,
        net_revenue_cny,
        row_number() over (
            partition by referrer_person_id order by ordered_date, order_id
        ) as order_number
    from referred_orders
),

people_reached as (
    select
        referrer_person_id,
        max(referred_people) as referred_people,
        max(case when referral_number = {{ min_people }} then first_clicked_date end)
            as people_reached_date
    from referral_ranks
    group by referrer_person_id
),

orders_reached as (
    select
        referrer_person_id,
        count(*) as referred_orders,
        sum(net_revenue_cny) as referred_revenue_cny,
        max(case when order_number = {{ min_orders }} then ordered_date end)
            as orders_reached_date
    from order_ranks
    group by referrer_person_id
),

final as (
    select
        people_reached.referrer_person_id as person_id,
        'high_influence' as segment,
        cast(people_reached.referred_people as varchar) || ' people, '
        || cast(coalesce(orders_reached.referred_orders, 0) as varchar) || ' orders' as detail,
        cast(people_reached.referred_people as double) as score,
        people_reached.referred_people,
        coalesce(orders_reached.referred_orders, 0) as referred_orders,
        coalesce(orders_reached.referred_revenue_cny, 0) as referred_revenue_cny,
        as_of.as_of_date,
        {{ since_date }} as since_date
    from people_reached
    cross join as_of
    left join orders_reached
        on people_reached.referrer_person_id = orders_reached.referrer_person_id
    where
        people_reached.referred_people >= {{ min_people }}
        and coalesce(orders_reached.referred_orders, 0) >= {{ min_orders }}
)

select * from final
