{#- Per SKU: product views and adds to cart (web events, bots excluded), and purchases
    (revenue orders placed in a web / app / mini-program session, i.e. carried by a purchase
    event of a human visitor, and holding the SKU), with step rates and the high-view,
    low-buy flag: views at or above the var('product_high_view_percentile') percentile of all
    SKUs, and a view-to-purchase rate at most var('product_low_buy_rate_ratio') times the
    rate of all catalogue SKUs together. Every catalogue SKU has a row; the SKUs unknown to the
    catalogue (seen only in events or order lines, kept with is_unknown_sku in staging) add
    up in one row, sku '(unknown)', outside the ranking and the flags. -#}

with

events as (
    select * from {{ ref('stg_web__events') }}
),

sessions as (
    select * from {{ ref('fct_sessions') }}
),

products as (
    select * from {{ ref('stg_shop__products') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
),

order_items as (
    select * from {{ ref('stg_shop__order_items') }}
),

bot_visitors as (
    select distinct anonymous_id
    from sessions
    where is_bot and anonymous_id is not null
),

human_events as (
    select
        events.event_name,
        events.sku,
        events.order_id
    from events
    left join bot_visitors
        on events.anonymous_id = bot_visitors.anonymous_id
    where
        bot_visitors.anonymous_id is null
        and events.event_name in ('product_view', 'add_to_cart', 'purchase')
),

sku_events as (
    select
        coalesce(products.sku, '(unknown)') as sku,
        count(case when human_events.event_name = 'product_view' then 1 end) as product_views,
        count(case when human_events.event_name = 'add_to_cart' then 1 end) as add_to_carts
    from human_events
    left join products
        on human_events.sku = products.sku
    where human_events.sku is not null
    group by coalesce(products.sku, '(unknown)')
),

web_orders as (
    select distinct human_events.order_id
    from human_events
    inner join orders
        on human_events.order_id = orders.order_id
    where human_events.event_name = 'purchase' and orders.is_revenue_order
),

sku_purchases as (
    select
        coalesce(products.sku, '(unknown)') as sku,
        count(distinct order_items.order_id) as purchase_orders,
        sum(order_items.quantity) as units_purchased
    from order_items
    inner join web_orders
        on order_items.order_id = web_orders.order_id
    left join products
        on order_items.sku = products.sku
    where order_items.sku is not null
    group by coalesce(products.sku, '(unknown)')
),

skus as (
    select sku from products
    union
    select sku from sku_events
    union
    select sku from sku_purchases
),

counted as (
    select
        skus.sku,
        products.product_name,
        products.brand,
        products.category,
        coalesce(sku_events.product_views, 0) as product_views,
        coalesce(sku_events.add_to_carts, 0) as add_to_carts,
        coalesce(sku_purchases.purchase_orders, 0) as purchase_orders,
        coalesce(sku_purchases.units_purchased, 0) as units_purchased,
        products.sku is null as is_unknown_sku
    from skus
    left join products
        on skus.sku = products.sku
    left join sku_events
        on skus.sku = sku_events.sku
    left join sku_purchases
        on skus.sku = sku_purchases.sku
),

catalogue_rate as (
    select
        cast(sum(purchase_orders) as {{ type_double() }})
        / nullif(sum(product_views), 0) as view_to_purchase_rate
    from counted
    where not is_unknown_sku
),

ranked as (
    select
        counted.*,
        catalogue_rate.view_to_purchase_rate as catalogue_view_to_purchase_rate,
        percent_rank() over (order by counted.product_views) as view_percentile,
        cast(counted.purchase_orders as {{ type_double() }})
        / nullif(counted.product_views, 0) as view_to_purchase_rate
    from counted
    cross join catalogue_rate
    where not counted.is_unknown_sku

    union all

    select
        counted.*,
        catalogue_rate.view_to_purchase_rate as catalogue_view_to_purchase_rate,
        null as view_percentile,
        cast(counted.purchase_orders as {{ type_double() }})
        / nullif(counted.product_views, 0) as view_to_purchase_rate
    from counted
    cross join catalogue_rate
    where counted.is_unknown_sku
),

final as (
    select
        sku,
        product_name,
        brand,
        category,
        cast(product_views as {{ dbt.type_bigint() }}) as product_views,
        cast(add_to_carts as {{ dbt.type_bigint() }}) as add_to_carts,
        cast(purchase_orders as {{ dbt.type_bigint() }}) as purchase_orders,
        cast(units_purchased as {{ dbt.type_bigint() }}) as units_purchased,
        cast(add_to_carts as {{ type_double() }})
        / nullif(product_views, 0) as view_to_cart_rate,
        cast(purchase_orders as {{ type_double() }})
        / nullif(add_to_carts, 0) as cart_to_purchase_rate,
        view_to_purchase_rate,
        cast(view_percentile as {{ type_double() }}) as view_percentile,
        is_unknown_sku,
        coalesce(
            view_percentile >= {{ var('product_high_view_percentile') }}, false
        ) as is_high_view,
        coalesce(
            not is_unknown_sku
            and view_to_purchase_rate
            <= {{ var('product_low_buy_rate_ratio') }} * catalogue_view_to_purchase_rate,
            false
        ) as is_low_buy,
        coalesce(
            view_percentile >= {{ var('product_high_view_percentile') }}
            and view_to_purchase_rate
            <= {{ var('product_low_buy_rate_ratio') }} * catalogue_view_to_purchase_rate,
            false
        ) as is_high_view_low_buy
    from ranked
)

select * from final
