{#- Reach of marketing messages per campaign: sent, delivered, opened, clicked and converted
    (int_messages_converted: a revenue order within var('message_conversion_days') days of the
    first engagement), with rates, measured by message_reach_measures().
    {{ doc('social_message_rates') }} -#}
with

messages as (
    select * from {{ ref('int_messages_converted') }}
),

campaigns as (
    select * from {{ ref('stg_marketing__campaigns') }}
),

counted as (
    select
        campaign_id,
        channel,
        {{ message_reach_measures() }}
    from messages
    group by campaign_id, channel
),

final as (
    select
        counted.campaign_id,
        counted.channel,
        campaigns.campaign_name,
        counted.sent,
        counted.delivered,
        counted.opened,
        counted.clicked,
        counted.converted,
        counted.converted_revenue,
        counted.delivery_rate,
        counted.open_rate,
        counted.click_rate,
        counted.click_through_rate,
        counted.conversion_rate,
        campaigns.started_date
    from counted
    left join campaigns
        on counted.campaign_id = campaigns.campaign_id
)

select * from final
