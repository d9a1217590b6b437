{#- Reach of marketing messages per channel (email, SMS, WeChat, Weibo, ...): sent, delivered,
    opened, clicked and converted (int_messages_converted: a revenue order within
    var('message_conversion_days') days of the first engagement), with rates.
    {{ doc('social_message_rates') }} -#}
with

messages as (
    select * from {{ ref('int_messages_converted') }}
),

counted as (
    select
        channel,
        count(*) as sent,
        sum(case when is_delivered then 1 else 0 end) as delivered,
        sum(case when is_opened then 1 else 0 end) as opened,
        sum(case when is_clicked then 1 else 0 end) as clicked,
        sum(case when is_converted then 1 else 0 end) as converted,
        sum(converted_revenue) as converted_revenue
    from messages
    group by channel
),

final as (
    select
        channel,
        cast(sent as bigint) as sent,
        cast(delivered as bigint) as delivered,
        cast(opened as bigint) as opened,
        cast(clicked as bigint) as clicked,
        cast(converted as bigint) as converted,
        cast(converted_revenue as decimal(18, 2)) as converted_revenue,
        cast(delivered as double) / nullif(sent, 0) as delivery_rate,
        cast(opened as double) / nullif(delivered, 0) as open_rate,
        cast(clicked as double) / nullif(opened, 0) as click_rate,
        cast(clicked as double) / nullif(delivered, 0) as click_through_rate,
        cast(converted as double) / nullif(delivered, 0) as conversion_rate
    from counted
)

select * from final
