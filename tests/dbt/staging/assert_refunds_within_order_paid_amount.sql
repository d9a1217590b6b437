-- After capping, the kept refunds of an order never exceed its paid amount in CNY, and every
-- refund's capped + excess amounts add back to its converted amount.

with

refunds as (
    select * from {{ ref('stg_shop__refunds') }}
),

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

over_refunded as (
    select
        refunds.order_id,
        'refunded ' || cast(sum(refunds.refund_amount_cny) as varchar) || ' > paid '
        || cast(max(orders.paid_amount_cny) as varchar) as problem
    from refunds
    inner join orders
        on refunds.order_id = orders.order_id
    group by refunds.order_id
    having sum(refunds.refund_amount_cny) > max(orders.paid_amount_cny)
),

unbalanced as (
    select
        order_id,
        'refund ' || refund_id || ' capped + excess <> amount_cny' as problem
    from refunds
    where
        refund_amount_cny + refund_excess_cny <> amount_cny
        or refund_amount_cny < 0
        or is_refund_capped <> (refund_excess_cny > 0)
)

select * from over_refunded
union all
select * from unbalanced
