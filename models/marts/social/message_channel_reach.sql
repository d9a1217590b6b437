{#- Reach of marketing messages per channel (email, SMS, WeChat, Weibo, ...): sent, delivered,
    opened, clicked and converted (int_messages_converted: a revenue order within
    var('message_conversion_days') days of the first engagement), with rates, measured by
    message_reach_measures(). {{ doc('social_message_rates') }} -#}
with

messages as (
    select * from {{ ref('int_messages_converted') }}
),

final as (
    select
        channel,
        {{ message_reach_measures() }}
    from messages
    group by channel
)

select * from final
