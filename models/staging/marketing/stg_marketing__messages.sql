with

messages as (
    select * from {{ ref('base_marketing__messages') }}
),

final as (
    select
        message_id,
        campaign_id,
        customer_id,
        social_id,
        channel,
        is_delivered,
        is_opened,
        is_clicked,
        sent_date,
        sent_at,
        delivered_at,
        opened_at,
        clicked_at
    from messages
    where quarantine_reason is null
)

select * from final
