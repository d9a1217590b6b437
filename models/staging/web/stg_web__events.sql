with

events as (
    select * from {{ ref('base_web__events') }}
),

final as (
    select
        event_id,
        anonymous_id,
        customer_id,
        social_id,
        sku,
        order_id,
        event_name,
        page_type,
        page_url,
        referrer_url,
        utm_source,
        utm_medium,
        utm_campaign,
        utm_content,
        device_type,
        platform,
        is_unknown_sku,
        is_unknown_order,
        event_date,
        event_at
    from events
    where quarantine_reason is null
)

select * from final
