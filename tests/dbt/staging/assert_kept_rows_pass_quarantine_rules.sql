-- What staging keeps obeys the rules it quarantines by: no kept order, order line, refund or web
-- event has a negative amount, a quantity below one, or a time in the future or before the shop
-- opened. Fails with each offending kept row.

with

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

order_items as (
    select * from {{ ref('stg_shop__order_items') }}
),

refunds as (
    select * from {{ ref('stg_shop__refunds') }}
),

events as (
    select * from {{ ref('stg_web__events') }}
),

bad_orders as (
    select
        'stg_shop__orders' as model_name,
        order_id as row_id
    from orders
    where
        least(gross_amount, discount_amount, shipping_amount, paid_amount) < 0
        or ordered_at > {{ future_cutoff() }}
        or ordered_at < {{ shop_opened_at() }}
        or updated_at > {{ future_cutoff() }}
        or fx_rate is null
),

bad_order_items as (
    select
        'stg_shop__order_items' as model_name,
        order_item_id as row_id
    from order_items
    where quantity < 1 or least(unit_price, discount_amount) < 0
),

bad_refunds as (
    select
        'stg_shop__refunds' as model_name,
        refund_id as row_id
    from refunds
    where
        amount < 0
        or refunded_at > {{ future_cutoff() }}
        or refunded_at < {{ shop_opened_at() }}
),

bad_events as (
    select
        'stg_web__events' as model_name,
        event_id as row_id
    from events
    where
        event_at is null
        or event_at > {{ future_cutoff() }}
        or event_at < {{ shop_opened_at() }}
)

select * from bad_orders
union all
select * from bad_order_items
union all
select * from bad_refunds
union all
select * from bad_events
