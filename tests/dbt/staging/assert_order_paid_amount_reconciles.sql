-- Order paid amounts reconcile raw -> staging to the cent: each kept order's paid_amount equals
-- the paid_amount of its raw row (found by the contract key), its CNY amount is that amount
-- times its fx rate rounded to the cent, and the totals agree in integer cents.

with

raw_orders as (
    {{ depends_on_demo_seed('shop_orders') }}
    select * from {{ source('shop', 'shop_orders') }}
),

base_orders as (
    select * from {{ ref('base_shop__orders') }}
),

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

kept_raw as (
    select distinct
        raw_orders.order_id,
        raw_orders.paid_amount
    from raw_orders
    inner join base_orders
        on
            base_orders.row_key
            = {{ raw_row_key(['raw_orders.order_id', 'raw_orders.updated_at']) }}
            and base_orders.quarantine_reason is null
),

per_order as (
    select
        orders.order_id,
        'paid_amount ' || cast(orders.paid_amount as varchar) || ' <> raw '
        || coalesce(cast(kept_raw.paid_amount as varchar), 'missing') as problem
    from orders
    left join kept_raw
        on orders.order_id = kept_raw.order_id
    where
        kept_raw.order_id is null
        or round(kept_raw.paid_amount * 100) <> orders.paid_amount * 100
        or orders.paid_amount_cny
        <> round(cast(kept_raw.paid_amount as decimal(18, 2)) * orders.fx_rate, 2)
        or orders.fx_rate is null
),

totals as (
    select
        'total' as order_id,
        'raw cents ' || cast(raw_cents as varchar) || ' <> staging cents '
        || cast(staging_cents as varchar) as problem
    from (
        select
            (select sum(round(paid_amount * 100)) from kept_raw) as raw_cents,
            (select sum(paid_amount * 100) from orders) as staging_cents
    ) as sums
    where raw_cents <> staging_cents
)

select * from per_order
union all
select * from totals
