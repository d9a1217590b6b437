{#- Every raw community event with typed columns and its quarantine verdict. Rules, first
    match wins: missing_key (event_id), invalid_timestamp / future_timestamp /
    before_shop_opened (starts_at), duplicate (another row of the event_id was kept). -#}
{%- set raw_columns = source_column_names('service', 'community_events') -%}
{%- set row_rules = missing_key_rule(['event_id'])
    + timestamp_rules({'starts_at': 'parsed_starts_at'}) -%}

with

source as (
    {{ depends_on_demo_seed('community_events') }}
    select * from {{ source('service', 'community_events') }}
),

parsed as (
    select
        *,
        {{ raw_row_key(['event_id']) }} as row_key,
        {{ raw_row_hash(raw_columns) }} as raw_row_hash,
        {{ parse_timestamp('starts_at') }} as parsed_starts_at
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
        {{ rank_copies(['event_id']) }} as copy_rank
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
        {{ clean_text('event_id') }} as event_id,
        {{ clean_text('store_id') }} as store_id,
        {{ clean_text('event_name') }} as event_name,
        quarantine_reason,
        quarantine_detail,
        case
            when quarantine_reason is not null then {{ raw_record_json(raw_columns) }}
        end as raw_record,
        {{ to_local_date('parsed_starts_at') }} as event_date,
        parsed_starts_at as starts_at
    from judged
)

select * from final
