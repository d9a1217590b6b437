{#- Per product category: the product funnel of its SKUs (product_funnel) added up, with the
    same step rates. SKUs unknown to the catalogue are '(unknown)'. -#}

with

product_funnel as (
    select * from {{ ref('product_funnel') }}
),

categories as (
    select
        coalesce(category, '(unknown)') as category,
        count(*) as skus_count,
        sum(product_views) as product_views,
        sum(add_to_carts) as add_to_carts,
        sum(purchase_orders) as purchase_orders,
        sum(units_purchased) as units_purchased,
        count(case when is_high_view_low_buy then 1 end) as high_view_low_buy_skus
    from product_funnel
    group by coalesce(category, '(unknown)')
),

final as (
    select
        category,
        cast(skus_count as {{ dbt.type_bigint() }}) as skus_count,
        cast(product_views as {{ dbt.type_bigint() }}) as product_views,
        cast(add_to_carts as {{ dbt.type_bigint() }}) as add_to_carts,
        cast(purchase_orders as {{ dbt.type_bigint() }}) as purchase_orders,
        cast(units_purchased as {{ dbt.type_bigint() }}) as units_purchased,
        cast(high_view_low_buy_skus as {{ dbt.type_bigint() }}) as high_view_low_buy_skus,
        cast(add_to_carts as {{ type_double() }})
        / nullif(product_views, 0) as view_to_cart_rate,
        cast(purchase_orders as {{ type_double() }})
        / nullif(add_to_carts, 0) as cart_to_purchase_rate,
        cast(purchase_orders as {{ type_double() }})
        / nullif(product_views, 0) as view_to_purchase_rate
    from categories
)

select * from final
