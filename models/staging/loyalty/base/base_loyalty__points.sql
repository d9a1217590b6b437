{#- Every raw loyalty points entry with typed columns and its quarantine verdict. Rules,
    first match wins: missing_key (entry_id), invalid_timestamp / future_timestamp /
    before_shop_opened (occurred_at), unknown_enum (reason), duplicate (another row of the
    entry_id was kept). Negative points are valid (redemptions, expiry). -#}
{%- set raw_columns = source_column_names('loyalty', 'loyalty_points') -%}
{%- set row_rules = missing_key_rule(['entry_id'])
    + timestamp_rules({'occurred_at': 'parsed_occurred_at'})
    + enum_rules('loyalty_points', ['reason']) -%}

with

source as (
    {{ depends_on_demo_seed('loyalty_points') }}
    select * from {{ source('loyalty', 'loyalty_points') }}
),

parsed as (
    select
        *,
        {{ raw_row_key(['entry_id']) }} as row_key,
        {{ raw_row_hash(raw_columns) }} as raw_row_hash,
        {{ parse_timestamp('occurred_at') }} as parsed_occurred_at
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
        {{ rank_copies(['entry_id']) }} as copy_rank
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
        {{ clean_text('entry_id') }} as entry_id,
        {{ clean_text('member_id') }} as member_id,
        reason,
        quarantine_reason,
        quarantine_detail,
        case
            when quarantine_reason is not null then {{ raw_record_json(raw_columns) }}
        end as raw_record,
        points,
        {{ to_local_date('parsed_occurred_at') }} as occurred_date,
        parsed_occurred_at as occurred_at
    from judged
)

select * from final
