{#- Every raw social interaction with typed columns and its quarantine verdict. Rules,
    first match wins: missing_key (interaction_id), invalid_timestamp / future_timestamp /
    before_shop_opened (occurred_at), unknown_enum (platform, interaction_type; target_type
    when given), duplicate (another row of the interaction_id was kept). -#}
{%- set raw_columns = source_column_names('social', 'social_interactions') -%}
{%- set row_rules = missing_key_rule(['interaction_id'])
    + timestamp_rules({'occurred_at': 'parsed_occurred_at'})
    + enum_rules('social_interactions', ['platform', 'interaction_type', 'target_type'], nullable=['target_type']) -%}

with

source as (
    {{ depends_on_demo_seed('social_interactions') }}
    select * from {{ source('social', 'social_interactions') }}
),

parsed as (
    select
        *,
        {{ raw_row_key(['interaction_id']) }} as row_key,
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
        {{ rank_copies(['interaction_id']) }} as copy_rank
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
        {{ clean_text('interaction_id') }} as interaction_id,
        {{ clean_text('social_id') }} as social_id,
        {{ clean_text('target_id') }} as target_id,
        {{ clean_text('referrer_social_id') }} as referrer_social_id,
        {{ clean_text('kol_id') }} as kol_id,
        {{ clean_text('guide_id') }} as guide_id,
        {{ clean_text('anonymous_id') }} as anonymous_id,
        platform,
        interaction_type,
        target_type,
        quarantine_reason,
        quarantine_detail,
        case
            when quarantine_reason is not null then {{ raw_record_json(raw_columns) }}
        end as raw_record,
        {{ to_local_date('parsed_occurred_at') }} as occurred_date,
        parsed_occurred_at as occurred_at
    from judged
)

select * from final
