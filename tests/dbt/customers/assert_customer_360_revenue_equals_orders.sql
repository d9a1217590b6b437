{#- customer_360's revenue is exactly the sum of its people's orders, to the cent, and every
    revenue order with a customer belongs to a person of customer_360. -#}
with

people as (
    select * from {{ ref('customer_360') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
    where is_revenue_order and customer_id is not null
),

order_totals as (
    select
        count(*) as orders_count,
        sum(net_revenue_cny) as net_revenue,
        count(case when person_id is null then 1 end) as orders_without_person
    from orders
),

person_totals as (
    select
        sum(orders_count) as orders_count,
        sum(net_revenue) as net_revenue
    from people
),

final as (
    select
        order_totals.orders_count as order_rows,
        person_totals.orders_count as person_orders,
        order_totals.net_revenue as order_net_revenue,
        person_totals.net_revenue as person_net_revenue,
        order_totals.orders_without_person
    from order_totals
    cross join person_totals
    where
        order_totals.orders_count != person_totals.orders_count
        or order_totals.net_revenue != person_totals.net_revenue
        or order_totals.orders_without_person > 0
)

select * from final
