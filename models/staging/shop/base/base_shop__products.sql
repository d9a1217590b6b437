{#- Every raw product row with typed columns and its quarantine verdict. Rules, first match
    wins: missing_key (sku), invalid_timestamp / future_timestamp (launched_at),
    negative_amount (list_price, unit_cost), duplicate (another row of the sku was kept).
    launched_at is not checked against the shop opening date: brands launch products before a
    shop sells them. -#}
{%- set raw_columns = source_column_names('shop', 'shop_products') -%}
{%- set amounts = ['list_price', 'unit_cost'] -%}
{%- set row_rules = missing_key_rule(['sku'])
    + timestamp_rules({'launched_at': 'parsed_launched_at'}, opened_checked=[])
    + [{
        'reason': 'negative_amount',
        'when': any_column(amounts, '{} < 0'),
        'detail': first_value_detail(amounts, '{} < 0'),
    }] -%}

with

source as (
    {{ depends_on_demo_seed('shop_products') }}
    select * from {{ source('shop', 'shop_products') }}
),

parsed as (
    select
        *,
        {{ raw_row_key(['sku']) }} as row_key,
        {{ raw_row_hash(raw_columns) }} as raw_row_hash,
        {{ parse_timestamp('launched_at') }} as parsed_launched_at
    from source
),

validated as (
    select
        *,
        {{ quarantine_columns(row_rules, prefix='row_') }}
    from parsed
),

ranked as (
    select
        *,
        {{ rank_copies(['sku']) }} as copy_rank
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
        row_key,
        raw_row_hash,
        {{ clean_text('sku') }} as sku,
        {{ clean_text('product_name') }} as product_name,
        {{ clean_text('brand') }} as brand,
        {{ clean_text('category') }} as category,
        quarantine_reason,
        quarantine_detail,
        case
            when quarantine_reason is not null then {{ raw_record_json(raw_columns) }}
        end as raw_record,
        {{ to_money('list_price') }} as list_price,
        {{ to_money('unit_cost') }} as unit_cost,
        {{ to_local_date('parsed_launched_at') }} as launched_date,
        parsed_launched_at as launched_at
    from judged
)

select * from final
