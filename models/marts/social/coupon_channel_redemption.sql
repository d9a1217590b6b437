{#- Coupons and red packets (红包) per channel of their campaigns (red_packet, wechat, ...):
    issued, redeemed (核销), redemption rate, days from issue to redemption (mean and median,
    with fractions), revenue orders placed with a coupon and their net revenue, face value
    issued and spent (redeemed). From int_coupons_redeemed, measured by
    coupon_redemption_measures(). -#}
with

coupons as (
    select * from {{ ref('int_coupons_redeemed') }}
),

final as (
    select
        channel,
        {{ coupon_redemption_measures() }}
    from coupons
    group by channel
)

select * from final
