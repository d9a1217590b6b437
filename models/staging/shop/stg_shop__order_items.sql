with

order_items as (
    select * from {{ ref('base_shop__order_items') }}
),

final as (
    select
        order_item_id,
        order_id,
        sku,
        currency,
        line_number,
        quantity,
        unit_price,
        discount_amount,
        line_amount,
        fx_rate,
        unit_price_cny,
        line_amount_cny,
        is_gift_line,
        is_unknown_sku
    from order_items
    where quarantine_reason is null
)

select * from final
