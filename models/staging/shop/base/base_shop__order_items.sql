{#- Every raw order line with typed columns, CNY amounts (at its order's rate) and its
    quarantine verdict. Rules, first match wins: missing_key (order_id, line_number),
    negative_amount (unit_price, discount_amount), invalid_quantity (quantity null or <= 0),
    orphan_order (order_id is not a kept order), duplicate (another row of the same order_id
    and line_number was kept). Zero-price gift lines are valid (is_gift_line). -#}
{%- set raw_columns = source_column_names('shop', 'shop_order_items') -%}
{%- set amounts = ['unit_price', 'discount_amount'] -%}
{%- set row_rules = missing_key_rule(['source_items.order_id', 'source_items.line_number'])
    + [
        {
            'reason': 'negative_amount',
            'when': any_column(amounts, 'source_items.{} < 0'),
            'detail': first_value_detail(amounts, 'source_items.{} < 0'),
        },
        {
            'reason': 'invalid_quantity',
            'when': '(source_items.quantity is null or source_items.quantity <= 0)',
            'detail': raw_value_detail('source_items.quantity'),
        },
        {
            'reason': 'orphan_order',
            'when': 'orders.order_id is null',
            'detail': raw_value_detail('source_items.order_id')
                ~ " || case when exported_orders.order_id is null"
                ~ " then ' is not an exported order' else ' has no kept version' end",
        },
    ] -%}

with

source as (
    {{ depends_on_demo_seed('shop_order_items') }}
    select * from {{ source('shop', 'shop_order_items') }}
),

orders as (
    select
        order_id,
        currency,
        fx_rate
    from {{ ref('stg_shop__orders') }}
),

exported_orders as (
    select distinct order_id from {{ ref('base_shop__orders') }}
),

products as (
    select sku from {{ ref('stg_shop__products') }}
),

validated as (
    select
        source_items.*,
        orders.currency,
        orders.fx_rate,
        {{ raw_row_key(['source_items.order_id', 'source_items.line_number']) }} as row_key,
        {{ raw_row_hash(prefix_columns(raw_columns, 'source_items.')) }} as raw_row_hash,
        {{ quarantine_columns(row_rules, prefix='row_') }}
    from source as source_items
    left join orders
        on source_items.order_id = orders.order_id
    left join exported_orders
        on source_items.order_id = exported_orders.order_id
),

ranked as (
    select
        *,
        {{ rank_copies(['order_id', 'line_number']) }} as copy_rank
    from validated
),

judged as (
    select
        *,
        {{ quarantine_verdict() }}
    from ranked
),

final as (
    select
        judged.order_id || '-' || cast(judged.line_number as {{ dbt.type_string() }})
            as order_item_id,
        judged.row_key,
        judged.raw_row_hash,
        {{ clean_text('judged.order_id') }} as order_id,
        {{ clean_text('judged.sku') }} as sku,
        judged.currency,
        judged.quarantine_reason,
        judged.quarantine_detail,
        case
            when judged.quarantine_reason is not null
                then {{ raw_record_json(prefix_columns(raw_columns, 'judged.')) }}
        end as raw_record,
        judged.line_number,
        judged.quantity,
        {{ to_money('judged.unit_price') }} as unit_price,
        {{ to_money('judged.discount_amount') }} as discount_amount,
        judged.quantity * {{ to_money('judged.unit_price') }}
        - {{ to_money('judged.discount_amount') }} as line_amount,
        judged.fx_rate,
        {{ to_cny(to_money('judged.unit_price'), 'judged.fx_rate') }} as unit_price_cny,
        {{ to_cny(
            'judged.quantity * ' ~ to_money('judged.unit_price')
            ~ ' - ' ~ to_money('judged.discount_amount'),
            'judged.fx_rate') }} as line_amount_cny,
        judged.unit_price = 0 as is_gift_line,
        (judged.sku is not null and products.sku is null) as is_unknown_sku
    from judged
    left join products
        on judged.sku = products.sku
)

select * from final
