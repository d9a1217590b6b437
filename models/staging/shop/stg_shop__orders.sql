with

orders as (
    select * from {{ ref('base_shop__orders') }}
),

final as (
    select
        order_id,
        customer_id,
        store_id,
        guide_id,
        coupon_id,
        channel,
        status,
        currency,
        gross_amount,
        discount_amount,
        shipping_amount,
        paid_amount,
        fx_rate,
        gross_amount_cny,
        discount_amount_cny,
        shipping_amount_cny,
        paid_amount_cny,
        is_paid_amount_mismatch,
        is_revenue_status,
        is_fx_rate_fallback,
        ordered_date,
        ordered_at,
        updated_at
    from orders
    where quarantine_reason is null
)

select * from final
