{#- Every raw campaign with typed columns and its quarantine verdict. Rules, first match
    wins: missing_key (campaign_id), invalid_timestamp / future_timestamp / before_shop_opened
    (started_at required; ended_at when given), unknown_enum (channel), negative_amount (cost),
    duplicate (another row of the campaign_id was kept). -#}
{%- set raw_columns = source_column_names('marketing', 'marketing_campaigns') -%}
{%- set optional_timestamps = {
    'ended_at': 'parsed_ended_at',
} -%}
{%- set row_rules = missing_key_rule(['campaign_id'])
    + timestamp_rules({'started_at': 'parsed_started_at'}, optional=optional_timestamps)
    + enum_rules('marketing_campaigns', ['channel'])
    + [{
        'reason': 'negative_amount',
        'when': any_column(['cost'], '{} < 0'),
        'detail': first_value_detail(['cost'], '{} < 0'),
    }] -%}

with

source as (
    {{ depends_on_demo_seed('marketing_campaigns') }}
    select * from {{ source('marketing', 'marketing_campaigns') }}
),

parsed as (
    select
        *,
        {{ raw_row_key(['campaign_id']) }} as row_key,
        {{ raw_row_hash(raw_columns) }} as raw_row_hash,
        {{ parse_timestamp('started_at') }} as parsed_started_at,
        {{ parse_timestamp('ended_at') }} as parsed_ended_at
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
        {{ rank_copies(['campaign_id']) }} as copy_rank
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
        {{ clean_text('campaign_id') }} as campaign_id,
        {{ clean_text('kol_id') }} as kol_id,
        {{ clean_text('campaign_name') }} as campaign_name,
        channel,
        quarantine_reason,
        quarantine_detail,
        case
            when quarantine_reason is not null then {{ raw_record_json(raw_columns) }}
        end as raw_record,
        {{ to_money('cost') }} as campaign_cost,
        {{ to_local_date('parsed_started_at') }} as started_date,
        parsed_started_at as started_at,
        {{ to_local_date('parsed_ended_at') }} as ended_date,
        parsed_ended_at as ended_at
    from judged
)

select * from final
