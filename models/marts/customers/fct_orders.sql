{#- One row per kept order (its latest version) with its person and its money, the order
    grain that dashboards and BI tools sum: revenue is net_revenue_cny (zero for an order whose
    status earns none), dates are local (var('reporting_timezone')). person_order_number counts
    the person's revenue orders in time order, so the first order and new buyers of any period
    come from here. -#}
with

orders as (
    select * from {{ ref('int_orders_netted') }}
),

revenue_orders_numbered as (
    select
        order_id,
        row_number() over (
            partition by person_id order by ordered_at, order_id
        ) as person_order_number
    from orders
    where is_revenue_order and person_id is not null
),

final as (
    select
        cast(orders.order_id as varchar) as order_id,
        cast(orders.person_id as varchar) as person_id,
        cast(orders.customer_id as varchar) as customer_id,
        cast(orders.channel as varchar) as sales_channel,
        cast(orders.store_id as varchar) as store_id,
        cast(orders.guide_id as varchar) as guide_id,
        cast(orders.coupon_id as varchar) as coupon_id,
        cast(orders.status as varchar) as status,
        orders.is_revenue_order,
        orders.is_gift_order,
        cast(revenue_orders_numbered.person_order_number as bigint) as person_order_number,
        coalesce(revenue_orders_numbered.person_order_number = 1, false) as is_first_order,
        cast(orders.lines_count as bigint) as lines_count,
        orders.units,
        orders.paid_amount_cny,
        orders.discount_amount_cny,
        orders.refund_amount_cny,
        orders.net_revenue_cny,
        orders.gross_margin_cny,
        cast(orders.ordered_at as timestamp) as ordered_at,
        cast(orders.ordered_date as date) as ordered_date
    from orders
    left join revenue_orders_numbered
        on orders.order_id = revenue_orders_numbered.order_id
)

select * from final
