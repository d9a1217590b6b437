{#- Every raw refund with typed columns, CNY amounts (at its order's rate) and its quarantine
    verdict. Rules, first match wins: missing_key (refund_id), invalid_timestamp /
    future_timestamp / before_shop_opened (refunded_at), unknown_enum (reason when given),
    negative_amount (amount), orphan_order (order_id is not a kept order), duplicate (another
    row of the refund_id was kept). Repair (kept): the kept refunds of an order, in time order,
    are capped so that together they never exceed the order's paid amount in CNY
    (refund_amount_cny, is_refund_capped, refund_excess_cny). -#}
{%- set raw_columns = source_column_names('shop', 'shop_refunds') -%}
{%- set row_rules = missing_key_rule(['source_refunds.refund_id'])
    + timestamp_rules({'source_refunds.refunded_at': 'parsed_refunded_at'})
    + enum_rules('shop_refunds', ['source_refunds.reason'], nullable=['source_refunds.reason'])
    + [
        {
            'reason': 'negative_amount',
            'when': 'source_refunds.amount < 0',
            'detail': raw_value_detail('source_refunds.amount'),
        },
        {
            'reason': 'orphan_order',
            'when': 'orders.order_id is null',
            'detail': raw_value_detail('source_refunds.order_id')
                ~ " || case when exported_orders.order_id is null"
                ~ " then ' is not an exported order' else ' has no kept version' end",
        },
    ] -%}

with

source as (
    {{ depends_on_demo_seed('shop_refunds') }}
    select * from {{ source('shop', 'shop_refunds') }}
),

orders as (
    select
        order_id,
        currency,
        fx_rate,
        paid_amount_cny
    from {{ ref('stg_shop__orders') }}
),

exported_orders as (
    select distinct order_id from {{ ref('base_shop__orders') }}
),

parsed as (
    select
        *,
        {{ parse_timestamp('refunded_at') }} as parsed_refunded_at
    from source
),

validated as (
    select
        source_refunds.*,
        orders.currency,
        orders.fx_rate,
        orders.paid_amount_cny as order_paid_amount_cny,
        {{ raw_row_key(['source_refunds.refund_id']) }} as row_key,
        {{ raw_row_hash(prefix_columns(raw_columns, 'source_refunds.')) }} as raw_row_hash,
        {{ quarantine_columns(row_rules, prefix='row_') }}
    from parsed as source_refunds
    left join orders
        on source_refunds.order_id = orders.order_id
    left join exported_orders
        on source_refunds.order_id = exported_orders.order_id
),

ranked as (
    select
        *,
        {{ rank_copies(['refund_id']) }} as copy_rank
    from validated
),

judged as (
    select
        *,
        {{ quarantine_verdict() }},
        {{ to_cny(to_money('amount'), 'fx_rate') }} as amount_cny
    from ranked
),

refunded_before as (
    select
        *,
        -- kept refunds of the same order before this one, in CNY
        coalesce(
            sum(case when quarantine_reason is null then amount_cny end) over (
                partition by order_id, quarantine_reason is null
                order by parsed_refunded_at, refund_id
                rows between unbounded preceding and 1 preceding
            ),
            0
        ) as earlier_refunds_cny
    from judged
),

capped_amounts as (
    select
        *,
        case
            when quarantine_reason is null
                then greatest(least(amount_cny, order_paid_amount_cny - earlier_refunds_cny), 0)
        end as capped_amount_cny
    from refunded_before
),

final as (
    select
        row_key,
        raw_row_hash,
        {{ clean_text('refund_id') }} as refund_id,
        {{ clean_text('order_id') }} as order_id,
        reason,
        currency,
        quarantine_reason,
        quarantine_detail,
        case
            when quarantine_reason is not null then {{ raw_record_json(raw_columns) }}
        end as raw_record,
        {{ to_money('amount') }} as amount,
        fx_rate,
        amount_cny,
        order_paid_amount_cny,
        capped_amount_cny as refund_amount_cny,
        amount_cny - capped_amount_cny as refund_excess_cny,
        amount_cny > capped_amount_cny as is_refund_capped,
        {{ to_local_date('parsed_refunded_at') }} as refunded_date,
        parsed_refunded_at as refunded_at
    from capped_amounts
)

select * from final
