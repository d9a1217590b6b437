{#- Reach of marketing messages per campaign: sent, delivered, opened, clicked and converted
    (int_messages_converted: a revenue order within var('message_conversion_days') days of the
    first engagement), with rates. {{ doc('social_message_rates') }} -#}
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
        count(*) as sent,
        sum(case when is_delivered then 1 else 0 end) as delivered,
        sum(case when is_opened then 1 else 0 end) as opened,
        sum(case when is_clicked then 1 else 0 end) as clicked,
        sum(case when is_converted then 1 else 0 end) as converted,
        sum(converted_revenue) as converted_revenue
    from messages
    group by campaign_id, channel
),

final as (
    select
        counted.campaign_id,
        counted.channel,
        campaigns.campaign_name,
        cast(counted.sent as bigint) as sent,
        cast(counted.delivered as bigint) as delivered,
        cast(counted.opened as bigint) as opened,
        cast(counted.clicked as bigint) as clicked,
        cast(counted.converted as bigint) as converted,
        cast(counted.converted_revenue as decimal(18, 2)) as converted_revenue,
        cast(counted.delivered as double) / nullif(counted.sent, 0) as delivery_rate,
        cast(counted.opened as double) / nullif(counted.delivered, 0) as open_rate,
        cast(counted.clicked as double) / nullif(counted.opened, 0) as click_rate,
        cast(counted.clicked as double) / nullif(counted.delivered, 0) as click_through_rate,
        cast(counted.converted as double) / nullif(counted.delivered, 0) as conversion_rate,
        campaigns.started_date
    from counted
    left join campaigns
        on counted.campaign_id = campaigns.campaign_id
)

select * from final
