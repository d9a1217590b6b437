{#- One row per coupon or red packet (红包) with its campaign and channel, whether and how many
    days (with fractions) after issue it was redeemed (核销), and the revenue orders placed with
    it (the orders carrying its coupon_id) and their net revenue. -#}
with

coupons as (
    select * from {{ ref('stg_marketing__coupons') }}
),

campaigns as (
    select * from {{ ref('stg_marketing__campaigns') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
),

coupon_orders as (
    select
        coupon_id,
        count(*) as coupon_orders,
        sum(net_revenue_cny) as coupon_revenue
    from orders
    where is_revenue_order and coupon_id is not null
    group by coupon_id
),

final as (
    select
        coupons.coupon_id,
        coupons.campaign_id,
        campaigns.campaign_name,
        campaigns.channel,
        coupons.face_value,
        {{ dbt.datediff('coupons.issued_at', 'coupons.redeemed_at', 'second') }} / 86400.0
            as days_to_redeem,
        coalesce(coupon_orders.coupon_orders, 0) as coupon_orders,
        cast(coalesce(coupon_orders.coupon_revenue, 0) as decimal(18, 2)) as coupon_revenue,
        coupons.redeemed_at is not null as is_redeemed,
        coupons.issued_at,
        coupons.redeemed_at
    from coupons
    left join campaigns
        on coupons.campaign_id = campaigns.campaign_id
    left join coupon_orders
        on coupons.coupon_id = coupon_orders.coupon_id
)

select * from final
