{#- Every raw customer account version with typed, normalised columns and its quarantine
    verdict. Rules, first match wins: missing_key (customer_id, updated_at), invalid_timestamp /
    future_timestamp / before_shop_opened (updated_at, registered_at),
    unknown_enum (register_channel; gender when given), duplicate (another row of the same
    customer_id and updated_at instant was kept), superseded_version (a later valid version of
    the customer_id exists). Repairs (kept): phone to E.164 (invalid: phone_e164 null,
    is_phone_invalid), email lowercased and trimmed (invalid: email null, is_email_invalid),
    birth_date that is not a date: null, is_birth_date_invalid. -#}
{%- set raw_columns = source_column_names('shop', 'shop_customers') -%}
{%- set row_rules = missing_key_rule(['customer_id', 'updated_at'])
    + timestamp_rules({'updated_at': 'parsed_updated_at', 'registered_at': 'parsed_registered_at'})
    + enum_rules('shop_customers', ['register_channel', 'gender'], nullable=['gender']) -%}

with

source as (
    {{ depends_on_demo_seed('shop_customers') }}
    select * from {{ source('shop', 'shop_customers') }}
),

parsed as (
    select
        *,
        {{ raw_row_key(['customer_id', 'updated_at']) }} as row_key,
        {{ raw_row_hash(raw_columns) }} as raw_row_hash,
        {{ parse_timestamp('registered_at') }} as parsed_registered_at,
        {{ parse_timestamp('updated_at') }} as parsed_updated_at
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
        -- copies of one version (same customer_id and updated_at instant): the first is kept
        {{ rank_copies(['customer_id', 'parsed_updated_at']) }} as copy_rank,
        max(case when row_quarantine_reason is null then parsed_updated_at end) over (
            partition by customer_id
        ) as latest_updated_at
    from validated
),

judged as (
    select
        *,
        {{ quarantine_verdict(version_key='customer_id') }}
    from ranked
),

final as (
    select
        row_key,
        raw_row_hash,
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_text('full_name') }} as full_name,
        gender,
        {{ clean_text('city') }} as city,
        register_channel,
        {{ normalize_phone('phone') }} as phone_e164,
        {{ normalize_email('email') }} as email,
        quarantine_reason,
        quarantine_detail,
        case
            when quarantine_reason is not null then {{ raw_record_json(raw_columns) }}
        end as raw_record,
        {{ is_invalid_value('phone', normalize_phone('phone')) }} as is_phone_invalid,
        {{ is_invalid_value('email', normalize_email('email')) }} as is_email_invalid,
        {{ is_invalid_value('birth_date', parse_date('birth_date')) }}
            as is_birth_date_invalid,
        {{ parse_date('birth_date') }} as birth_date,
        {{ to_local_date('parsed_registered_at') }} as registered_date,
        parsed_registered_at as registered_at,
        parsed_updated_at as updated_at
    from judged
)

select * from final
