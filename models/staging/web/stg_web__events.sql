{#- The kept web events of base_web__events, one row per event_id. The repairs that depend on
    other tables are flagged here, read at every run (base_web__events is incremental and would
    keep a verdict made before a late product or order arrived): is_unknown_sku (sku not a kept
    product), is_unknown_order (purchase whose order_id is not a kept order). -#}

with

events as (
    select * from {{ ref('base_web__events') }}
),

products as (
    select * from {{ ref('stg_shop__products') }}
),

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

kept_events as (
    select * from events
    where quarantine_reason is null
),

final as (
    select
        kept_events.event_id,
        kept_events.anonymous_id,
        kept_events.customer_id,
        kept_events.social_id,
        kept_events.sku,
        kept_events.order_id,
        kept_events.event_name,
        kept_events.page_type,
        kept_events.page_url,
        kept_events.referrer_url,
        kept_events.utm_source,
        kept_events.utm_medium,
        kept_events.utm_campaign,
        kept_events.utm_content,
        kept_events.device_type,
        kept_events.platform,
        (
            kept_events.sku is not null and products.sku is null
        ) as is_unknown_sku,
        (
            kept_events.event_name = 'purchase' and orders.order_id is null
        ) as is_unknown_order,
        kept_events.event_date,
        kept_events.event_at
    from kept_events
    left join products
        on kept_events.sku = products.sku
    left join orders
        on kept_events.order_id = orders.order_id
)

select * from final
