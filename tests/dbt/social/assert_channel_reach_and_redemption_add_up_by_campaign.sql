{#- The per-channel marts and the per-campaign marts share their measures
    (coupon_redemption_measures, message_reach_measures): every count and amount of
    coupon_channel_redemption and message_channel_reach is the sum over the channel's rows of
    coupon_redemption and message_campaign_reach, and both sides name the same channels.
    Returns the channels and measures that disagree. -#}
with

coupon_campaigns as (
    select * from {{ ref('coupon_redemption') }}
),

coupon_channels as (
    select * from {{ ref('coupon_channel_redemption') }}
),

message_campaigns as (
    select * from {{ ref('message_campaign_reach') }}
),

message_channels as (
    select * from {{ ref('message_channel_reach') }}
),

coupon_campaign_sums as (
    select
        channel,
        sum(coupons_issued) as coupons_issued,
        sum(coupons_redeemed) as coupons_redeemed,
        sum(coupon_orders) as coupon_orders,
        sum(coupon_revenue) as coupon_revenue,
        sum(face_value_issued) as face_value_issued,
        sum(face_value_spent) as face_value_spent
    from coupon_campaigns
    group by channel
),

message_campaign_sums as (
    select
        channel,
        sum(sent) as sent,
        sum(delivered) as delivered,
        sum(opened) as opened,
        sum(clicked) as clicked,
        sum(converted) as converted,
        sum(converted_revenue) as converted_revenue
    from message_campaigns
    group by channel
),

coupon_differences as (
    select
        'coupons' as mart_family,
        coalesce(coupon_channels.channel, coupon_campaign_sums.channel) as channel
    from coupon_channels
    full outer join coupon_campaign_sums
        on coupon_channels.channel = coupon_campaign_sums.channel
    where
        coupon_channels.channel is null
        or coupon_campaign_sums.channel is null
        or coupon_channels.coupons_issued != coupon_campaign_sums.coupons_issued
        or coupon_channels.coupons_redeemed != coupon_campaign_sums.coupons_redeemed
        or coupon_channels.coupon_orders != coupon_campaign_sums.coupon_orders
        or coupon_channels.coupon_revenue != coupon_campaign_sums.coupon_revenue
        or coupon_channels.face_value_issued != coupon_campaign_sums.face_value_issued
        or coupon_channels.face_value_spent != coupon_campaign_sums.face_value_spent
),

message_differences as (
    select
        'messages' as mart_family,
        coalesce(message_channels.channel, message_campaign_sums.channel) as channel
    from message_channels
    full outer join message_campaign_sums
        on message_channels.channel = message_campaign_sums.channel
    where
        message_channels.channel is null
        or message_campaign_sums.channel is null
        or message_channels.sent != message_campaign_sums.sent
        or message_channels.delivered != message_campaign_sums.delivered
        or message_channels.opened != message_campaign_sums.opened
        or message_channels.clicked != message_campaign_sums.clicked
        or message_channels.converted != message_campaign_sums.converted
        or message_channels.converted_revenue != message_campaign_sums.converted_revenue
),

final as (
    select * from coupon_differences
    union all
    select * from message_differences
)

select * from final
