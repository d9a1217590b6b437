{#- Every raw community event registration with typed columns and its quarantine verdict.
    Rules, first match wins: missing_key (registration_id), invalid_timestamp /
    future_timestamp / before_shop_opened (registered_at required; checked_in_at when given),
    duplicate (another row of the registration_id was kept). -#}
{%- set raw_columns = source_column_names('service', 'event_registrations') -%}
{%- set optional_timestamps = {
    'checked_in_at': 'parsed_checked_in_at',
} -%}
{%- set row_rules = missing_key_rule(['registration_id'])
    + timestamp_rules({'registered_at': 'parsed_registered_at'}, optional=optional_timestamps) -%}

with

source as (
    {{ depends_on_demo_seed('event_registrations') }}
    select * from {{ source('service', 'event_registrations') }}
),

parsed as (
    select
        *,
        {{ raw_row_key(['registration_id']) }} as row_key,
        {{ raw_row_hash(raw_columns) }} as raw_row_hash,
        {{ parse_timestamp('registered_at') }} as parsed_registered_at,
        {{ parse_timestamp('checked_in_at') }} as parsed_checked_in_at
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
        {{ rank_copies(['registration_id']) }} as copy_rank
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
        {{ clean_text('registration_id') }} as registration_id,
        {{ clean_text('event_id') }} as event_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_text('social_id') }} as social_id,
        quarantine_reason,
        quarantine_detail,
        case
            when quarantine_reason is not null then {{ raw_record_json(raw_columns) }}
        end as raw_record,
        parsed_checked_in_at is not null as is_checked_in,
        {{ to_local_date('parsed_registered_at') }} as registered_date,
        parsed_registered_at as registered_at,
        parsed_checked_in_at as checked_in_at
    from judged
)

select * from final
