{#- Coupons and red packets (红包) per campaign (with its channel): issued, redeemed (核销),
    redemption rate, days from issue to redemption (mean and median, with fractions), revenue
    orders placed with one of its coupons and their net revenue, face value issued and spent
    (redeemed). From int_coupons_redeemed. -#}
with

coupons as (
    select * from {{ ref('int_coupons_redeemed') }}
),

redemptions as (
    select
        campaign_id,
        campaign_name,
        channel,
        count(*) as coupons_issued,
        sum(case when is_redeemed then 1 else 0 end) as coupons_redeemed,
        avg(days_to_redeem) as avg_days_to_redeem,
        {{ median('days_to_redeem') }} as median_days_to_redeem,
        sum(coupon_orders) as coupon_orders,
        sum(coupon_revenue) as coupon_revenue,
        sum(face_value) as face_value_issued,
        sum(case when is_redeemed then face_value else 0 end) as face_value_spent
    from coupons
    group by campaign_id, campaign_name, channel
),

final as (
    select
        campaign_id,
        campaign_name,
        channel,
        cast(coupons_issued as bigint) as coupons_issued,
        cast(coupons_redeemed as bigint) as coupons_redeemed,
        cast(coupons_redeemed as double) / coupons_issued as redemption_rate,
        cast(avg_days_to_redeem as double) as avg_days_to_redeem,
        cast(median_days_to_redeem as double) as median_days_to_redeem,
        cast(coupon_orders as bigint) as coupon_orders,
        cast(coupon_revenue as decimal(18, 2)) as coupon_revenue,
        cast(face_value_issued as decimal(18, 2)) as face_value_issued,
        cast(face_value_spent as decimal(18, 2)) as face_value_spent
    from redemptions
)

select * from final
