with

products as (
    select * from {{ ref('base_shop__products') }}
),

final as (
    select
        sku,
        product_name,
        brand,
        category,
        list_price,
        unit_cost,
        launched_date,
        launched_at
    from products
    where quarantine_reason is null
)

select * from final
