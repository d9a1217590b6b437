{#- Coupons and red packets (红包) per campaign (with its channel): issued, redeemed (核销),
    redemption rate, days from issue to redemption (mean and median, with fractions), revenue
    orders placed with one of its coupons and their net revenue, face value issued and spent
    (redeemed). From int_coupons_redeemed, measured by coupon_redemption_measures(). -#}
with

coupons as (
    select * from {{ ref('int_coupons_redeemed') }}
),

final as (
    select
        campaign_id,
        campaign_name,
        channel,
        {{ coupon_redemption_measures() }}
    from coupons
    group by campaign_id, campaign_name, channel
)

select * from final
