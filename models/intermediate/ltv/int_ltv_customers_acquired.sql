{#- One row per customer as of the as-of date (var as_of_date, default the latest local order
    date): a person with a revenue order on or before it, with their first revenue order (the
    anchor of the first-purchase windows and of the monthly cohort) and their registration
    (the earliest of their accounts). How they were acquired is not decided here: the LTV marts
    read it from customer_acquisition, the one definition shared with customer_360. -#}
with

orders as (
    select * from {{ ref('int_orders_netted') }}
),

customers as (
    select * from {{ ref('stg_shop__customers') }}
),

customer_people as (
    select * from {{ ref('int_customer_ids_resolved') }}
),

as_of as (
    -- one row: the var, else the latest local order date
    select coalesce({{ as_of_date_or_null() }}, max(ordered_date)) as as_of_date
    from orders
),

revenue_orders as (
    select
        orders.order_id,
        orders.person_id,
        orders.store_id,
        orders.channel,
        orders.net_revenue_cny,
        orders.ordered_date,
        orders.ordered_at,
        as_of.as_of_date
    from orders
    cross join as_of
    where
        orders.is_revenue_order
        and orders.person_id is not null
        and orders.ordered_date <= as_of.as_of_date
),

ranked_orders as (
    select
        *,
        row_number() over (
            partition by person_id order by ordered_at, order_id
        ) as order_number,
        count(*) over (partition by person_id) as revenue_orders_count
    from revenue_orders
),

first_orders as (
    select * from ranked_orders
    where order_number = 1
),

registrations as (
    select
        customer_people.person_id,
        min(customers.registered_date) as registered_date
    from customers
    inner join customer_people
        on customers.customer_id = customer_people.customer_id
    group by customer_people.person_id
),

customers_acquired as (
    select
        first_orders.person_id,
        first_orders.order_id as first_order_id,
        first_orders.store_id as first_order_store_id,
        first_orders.channel as first_order_channel,
        first_orders.revenue_orders_count,
        first_orders.net_revenue_cny as first_order_net_revenue_cny,
        first_orders.as_of_date,
        cast({{ dbt.date_trunc('month', 'first_orders.ordered_date') }} as date) as cohort_month,
        first_orders.ordered_date as first_order_date,
        registrations.registered_date,
        first_orders.ordered_at as first_order_at
    from first_orders
    left join registrations
        on first_orders.person_id = registrations.person_id
),

final as (
    select
        person_id,
        first_order_id,
        first_order_store_id,
        first_order_channel,
        revenue_orders_count,
        first_order_net_revenue_cny,
        as_of_date,
        cohort_month,
        first_order_date,
        registered_date,
        first_order_at
    from customers_acquired
)

select * from final
