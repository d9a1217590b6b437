{#- Every raw social account row with typed, normalised columns and its quarantine
    verdict. Rules, first match wins: missing_key (platform, social_id), invalid_timestamp /
    future_timestamp / before_shop_opened (first_seen_at), unknown_enum (platform), duplicate
    (another row of the same platform and social_id was kept). Repair (kept): phone to E.164
    (invalid: phone_e164 null, is_phone_invalid). -#}
{%- set raw_columns = source_column_names('social', 'social_accounts') -%}
{%- set row_rules = missing_key_rule(['platform', 'social_id'])
    + timestamp_rules({'first_seen_at': 'parsed_first_seen_at'})
    + enum_rules('social_accounts', ['platform']) -%}

with

source as (
    {{ depends_on_demo_seed('social_accounts') }}
    select * from {{ source('social', 'social_accounts') }}
),

parsed as (
    select
        *,
        {{ raw_row_key(['platform', 'social_id']) }} as row_key,
        {{ raw_row_hash(raw_columns) }} as raw_row_hash,
        {{ parse_timestamp('first_seen_at') }} as parsed_first_seen_at
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
        {{ rank_copies(['platform', 'social_id']) }} as copy_rank
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
        platform || ':' || social_id as social_account_id,
        row_key,
        raw_row_hash,
        {{ clean_text('social_id') }} as social_id,
        platform,
        {{ clean_text('union_id') }} as union_id,
        {{ clean_text('kol_id') }} as kol_id,
        {{ clean_text('nickname') }} as nickname,
        {{ normalize_phone('phone') }} as phone_e164,
        quarantine_reason,
        quarantine_detail,
        case
            when quarantine_reason is not null then {{ raw_record_json(raw_columns) }}
        end as raw_record,
        follower_count,
        coalesce(is_kol, false) as is_kol,
        {{ is_invalid_value('phone', normalize_phone('phone')) }} as is_phone_invalid,
        {{ to_local_date('parsed_first_seen_at') }} as first_seen_date,
        parsed_first_seen_at as first_seen_at
    from judged
)

select * from final
