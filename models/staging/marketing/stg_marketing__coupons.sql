with

coupons as (
    select * from {{ ref('base_marketing__coupons') }}
),

final as (
    select
        coupon_id,
        campaign_id,
        customer_id,
        social_id,
        order_id,
        face_value,
        min_spend,
        is_redeemed,
        issued_date,
        issued_at,
        expires_at,
        redeemed_date,
        redeemed_at
    from coupons
    where quarantine_reason is null
)

select * from final
