with

refunds as (
    select * from {{ ref('base_shop__refunds') }}
),

final as (
    select
        refund_id,
        order_id,
        reason,
        currency,
        amount,
        fx_rate,
        amount_cny,
        order_paid_amount_cny,
        refund_amount_cny,
        refund_excess_cny,
        is_refund_capped,
        refunded_date,
        refunded_at
    from refunds
    where quarantine_reason is null
)

select * from final
