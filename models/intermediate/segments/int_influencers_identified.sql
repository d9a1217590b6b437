{#- High-influence people: their shared links (referrals, int_referrals_linked) brought at least
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

referrals_linked as (
    select * from {{ ref('int_referrals_linked') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
),

as_of as (
    select coalesce({{ as_of_date_or_null() }}, max(ordered_date)) as as_of_date
    from orders
),

referrals as (
    -- people first reached by the person's shared links up to the as-of date
    select
        referrals_linked.referrer_person_id,
        referrals_linked.referred_person_id,
        referrals_linked.referred_date as first_clicked_date,
        referrals_linked.referred_at as first_clicked_at
    from referrals_linked
    cross join as_of
    where referrals_linked.referred_date <= as_of.as_of_date
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
        cast(people_reached.referred_people as {{ type_double() }}) as score,
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
