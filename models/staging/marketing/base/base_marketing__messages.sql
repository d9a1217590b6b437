{#- Every raw marketing message with typed columns and its quarantine verdict. Rules,
    first match wins: missing_key (message_id), invalid_timestamp / future_timestamp /
    before_shop_opened (sent_at required; delivered_at, opened_at, clicked_at when given),
    unknown_enum (channel), duplicate (another row of the message_id was kept). -#}
{%- set raw_columns = source_column_names('marketing', 'marketing_messages') -%}
{%- set optional_timestamps = {
    'delivered_at': 'parsed_delivered_at',
    'opened_at': 'parsed_opened_at',
    'clicked_at': 'parsed_clicked_at',
} -%}
{%- set row_rules = missing_key_rule(['message_id'])
    + timestamp_rules({'sent_at': 'parsed_sent_at'}, optional=optional_timestamps)
    + enum_rules('marketing_messages', ['channel']) -%}

with

source as (
    {{ depends_on_demo_seed('marketing_messages') }}
    select * from {{ source('marketing', 'marketing_messages') }}
),

parsed as (
    select
        *,
        {{ raw_row_key(['message_id']) }} as row_key,
        {{ raw_row_hash(raw_columns) }} as raw_row_hash,
        {{ parse_timestamp('sent_at') }} as parsed_sent_at,
        {{ parse_timestamp('delivered_at') }} as parsed_delivered_at,
        {{ parse_timestamp('opened_at') }} as parsed_opened_at,
        {{ parse_timestamp('clicked_at') }} as parsed_clicked_at
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
        {{ rank_copies(['message_id']) }} as copy_rank
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
        {{ clean_text('message_id') }} as message_id,
        {{ clean_text('campaign_id') }} as campaign_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_text('social_id') }} as social_id,
        channel,
        quarantine_reason,
        quarantine_detail,
        case
            when quarantine_reason is not null then {{ raw_record_json(raw_columns) }}
        end as raw_record,
        parsed_delivered_at is not null as is_delivered,
        parsed_opened_at is not null as is_opened,
        parsed_clicked_at is not null as is_clicked,
        {{ to_local_date('parsed_sent_at') }} as sent_date,
        parsed_sent_at as sent_at,
        parsed_delivered_at as delivered_at,
        parsed_opened_at as opened_at,
        parsed_clicked_at as clicked_at
    from judged
)

select * from final
