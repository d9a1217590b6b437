{#- One row per kept order (its latest version) with its person, refunds and cost: the order
    fact every customer mart reads. Revenue counts only for revenue statuses (paid, shipped,
    completed, refunded); net revenue is the paid amount minus refunds, each refund capped at
    the order's paid amount in staging. Gross margin is net revenue minus the cost of the
    goods kept (item cost times the unrefunded share of the paid amount); null when a line's
    sku is unknown, so a margin is never computed from part of an order. -#}
with

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

order_items as (
    select * from {{ ref('stg_shop__order_items') }}
),

products as (
    select * from {{ ref('stg_shop__products') }}
),

refunds as (
    select * from {{ ref('stg_shop__refunds') }}
),

customer_people as (
    select * from {{ ref('int_customer_ids_resolved') }}
),

refunds_per_order as (
    select
        order_id,
        count(*) as refunds_count,
        sum(refund_amount_cny) as refund_amount_cny,
        min(refunded_at) as first_refunded_at
    from refunds
    group by order_id
),

items_per_order as (
    select
        order_items.order_id,
        count(*) as lines_count,
        sum(order_items.quantity) as units,
        sum(order_items.quantity * products.unit_cost) as item_cost_cny,
        count(order_items.sku) - count(products.sku) as unknown_sku_lines
    from order_items
    left join products
        on order_items.sku = products.sku
    group by order_items.order_id
),

joined as (
    select
        orders.*,
        customer_people.person_id,
        coalesce(refunds_per_order.refunds_count, 0) as refunds_count,
        cast(coalesce(refunds_per_order.refund_amount_cny, 0) as decimal(18, 2))
            as refund_amount_cny,
        refunds_per_order.first_refunded_at,
        coalesce(items_per_order.lines_count, 0) as lines_count,
        cast(coalesce(items_per_order.units, 0) as bigint) as units,
        cast(items_per_order.item_cost_cny as decimal(18, 2)) as item_cost_cny,
        coalesce(items_per_order.unknown_sku_lines, 0) as unknown_sku_lines
    from orders
    left join customer_people
        on orders.customer_id = customer_people.customer_id
    left join refunds_per_order
        on orders.order_id = refunds_per_order.order_id
    left join items_per_order
        on orders.order_id = items_per_order.order_id
),

final as (
    select
        order_id,
        person_id,
        customer_id,
        store_id,
        guide_id,
        coupon_id,
        channel,
        status,
        currency,
        lines_count,
        units,
        refunds_count,
        paid_amount_cny,
        discount_amount_cny,
        refund_amount_cny,
        cast(
            case when is_revenue_status then paid_amount_cny - refund_amount_cny else 0 end
            as decimal(18, 2)
        ) as net_revenue_cny,
        item_cost_cny,
        -- refunded goods come back: the cost kept is the unrefunded share of the item cost
        cast(
            case
                when not is_revenue_status or unknown_sku_lines > 0 or item_cost_cny is null
                    then null
                when paid_amount_cny = 0 then -item_cost_cny
                else
                    (paid_amount_cny - refund_amount_cny)
                    * (1 - item_cost_cny / paid_amount_cny)
            end
            as decimal(18, 2)
        ) as gross_margin_cny,
        is_revenue_status as is_revenue_order,
        discount_amount_cny > 0 as has_discount,
        coupon_id is not null as has_coupon,
        is_revenue_status and paid_amount_cny = 0 as is_gift_order,
        ordered_date,
        ordered_at,
        first_refunded_at
    from joined
)

select * from final
