{#- Every raw coupon (incl. red packets) with typed columns and its quarantine verdict.
    Rules, first match wins: missing_key (coupon_id), invalid_timestamp / future_timestamp /
    before_shop_opened (issued_at required; expires_at, redeemed_at when given),
    negative_amount (face_value, min_spend), duplicate (another row of the coupon_id was
    kept). -#}
{%- set raw_columns = source_column_names('marketing', 'marketing_coupons') -%}
{%- set optional_timestamps = {
    'expires_at': 'parsed_expires_at',
    'redeemed_at': 'parsed_redeemed_at',
} -%}
{%- set row_rules = missing_key_rule(['coupon_id'])
    + timestamp_rules({'issued_at': 'parsed_issued_at'}, optional=optional_timestamps)
    + [{
        'reason': 'negative_amount',
        'when': any_column(['face_value', 'min_spend'], '{} < 0'),
        'detail': first_value_detail(['face_value', 'min_spend'], '{} < 0'),
    }] -%}

with

source as (
    {{ depends_on_demo_seed('marketing_coupons') }}
    select * from {{ source('marketing', 'marketing_coupons') }}
),

parsed as (
    select
        *,
        {{ raw_row_key(['coupon_id']) }} as row_key,
        {{ raw_row_hash(raw_columns) }} as raw_row_hash,
        {{ parse_timestamp('issued_at') }} as parsed_issued_at,
        {{ parse_timestamp('expires_at') }} as parsed_expires_at,
        {{ parse_timestamp('redeemed_at') }} as parsed_redeemed_at
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
        {{ rank_copies(['coupon_id']) }} as copy_rank
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
        {{ clean_text('coupon_id') }} as coupon_id,
        {{ clean_text('campaign_id') }} as campaign_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_text('social_id') }} as social_id,
        {{ clean_text('order_id') }} as order_id,
        quarantine_reason,
        quarantine_detail,
        case
            when quarantine_reason is not null then {{ raw_record_json(raw_columns) }}
        end as raw_record,
        {{ to_money('face_value') }} as face_value,
        {{ to_money('min_spend') }} as min_spend,
        (parsed_redeemed_at is not null or {{ clean_text('order_id') }} is not null) as is_redeemed,
        {{ to_local_date('parsed_issued_at') }} as issued_date,
        parsed_issued_at as issued_at,
        parsed_expires_at as expires_at,
        {{ to_local_date('parsed_redeemed_at') }} as redeemed_date,
        parsed_redeemed_at as redeemed_at
    from judged
)

select * from final
