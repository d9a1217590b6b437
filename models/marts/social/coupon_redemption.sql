{#- One row per campaign that issued coupons or red packets (红包): coupons issued and redeemed
    (核销), the redemption rate, days from issue to redemption (mean and median, in days with
    fractions), the revenue orders placed with a coupon of the campaign and their net revenue,
    and the face value issued and spent (redeemed). The channel is the campaign's. A coupon's
    redemption is its own redeemed_at; its order is the order carrying its coupon_id. -#}
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

coupon_durations as (
    select
        campaign_id,
        coupon_id,
        face_value,
        redeemed_at is not null as is_redeemed,
        {{ dbt.datediff('issued_at', 'redeemed_at', 'second') }} / 86400.0 as days_to_redeem
    from coupons
),

redemptions as (
    select
        campaign_id,
        count(*) as coupons_issued,
        sum(case when is_redeemed then 1 else 0 end) as coupons_redeemed,
        avg(days_to_redeem) as avg_days_to_redeem,
        {{ median('days_to_redeem') }} as median_days_to_redeem,
        sum(face_value) as face_value_issued,
        sum(case when is_redeemed then face_value else 0 end) as face_value_spent
    from coupon_durations
    group by campaign_id
),

coupon_orders as (
    select
        coupons.campaign_id,
        count(*) as coupon_orders,
        sum(orders.net_revenue_cny) as coupon_revenue
    from orders
    inner join coupons
        on orders.coupon_id = coupons.coupon_id
    where orders.is_revenue_order
    group by coupons.campaign_id
),

final as (
    select
        redemptions.campaign_id,
        campaigns.campaign_name,
        campaigns.channel,
        cast(redemptions.coupons_issued as bigint) as coupons_issued,
        cast(redemptions.coupons_redeemed as bigint) as coupons_redeemed,
        cast(redemptions.coupons_redeemed as double) / redemptions.coupons_issued
            as redemption_rate,
        cast(redemptions.avg_days_to_redeem as double) as avg_days_to_redeem,
        cast(redemptions.median_days_to_redeem as double) as median_days_to_redeem,
        cast(coalesce(coupon_orders.coupon_orders, 0) as bigint) as coupon_orders,
        cast(coalesce(coupon_orders.coupon_revenue, 0) as decimal(18, 2)) as coupon_revenue,
        cast(redemptions.face_value_issued as decimal(18, 2)) as face_value_issued,
        cast(redemptions.face_value_spent as decimal(18, 2)) as face_value_spent
    from redemptions
    left join campaigns
        on redemptions.campaign_id = campaigns.campaign_id
    left join coupon_orders
        on redemptions.campaign_id = coupon_orders.campaign_id
)

select * from final
