{#- Per order and attribution model the credits sum to exactly 1 and the revenue credits to
    exactly the order's net revenue in int_orders_netted, to the cent. -#}
with

attribution as (
    select * from {{ ref('order_attribution') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
),

order_totals as (
    select
        order_id,
        attribution_model,
        sum(credit) as credit,
        sum(revenue_credit) as revenue_credit
    from attribution
    group by order_id, attribution_model
),

final as (
    select
        order_totals.*,
        orders.net_revenue_cny
    from order_totals
    left join orders
        on order_totals.order_id = orders.order_id
    where
        order_totals.credit != 1
        or orders.net_revenue_cny is null
        or order_totals.revenue_credit != orders.net_revenue_cny
)

select * from final
