{#- Every raw service ticket with typed columns and its quarantine verdict. Rules, first
    match wins: missing_key (ticket_id), invalid_timestamp / future_timestamp /
    before_shop_opened (opened_at required; first_response_at, resolved_at when given),
    unknown_enum (channel, ticket_type), duplicate (another row of the ticket_id was kept). -#}
{%- set raw_columns = source_column_names('service', 'service_tickets') -%}
{%- set optional_timestamps = {
    'first_response_at': 'parsed_first_response_at',
    'resolved_at': 'parsed_resolved_at',
} -%}
{%- set row_rules = missing_key_rule(['ticket_id'])
    + timestamp_rules({'opened_at': 'parsed_opened_at'}, optional=optional_timestamps)
    + enum_rules('service_tickets', ['channel', 'ticket_type']) -%}

with

source as (
    {{ depends_on_demo_seed('service_tickets') }}
    select * from {{ source('service', 'service_tickets') }}
),

parsed as (
    select
        *,
        {{ raw_row_key(['ticket_id']) }} as row_key,
        {{ raw_row_hash(raw_columns) }} as raw_row_hash,
        {{ parse_timestamp('opened_at') }} as parsed_opened_at,
        {{ parse_timestamp('first_response_at') }} as parsed_first_response_at,
        {{ parse_timestamp('resolved_at') }} as parsed_resolved_at
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
        {{ rank_copies(['ticket_id']) }} as copy_rank
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
        {{ clean_text('ticket_id') }} as ticket_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_text('order_id') }} as order_id,
        {{ clean_text('agent_id') }} as agent_id,
        channel,
        ticket_type,
        quarantine_reason,
        quarantine_detail,
        case
            when quarantine_reason is not null then {{ raw_record_json(raw_columns) }}
        end as raw_record,
        satisfaction_score,
        parsed_resolved_at is not null as is_resolved,
        {{ to_local_date('parsed_opened_at') }} as opened_date,
        parsed_opened_at as opened_at,
        parsed_first_response_at as first_response_at,
        {{ to_local_date('parsed_resolved_at') }} as resolved_date,
        parsed_resolved_at as resolved_at
    from judged
)

select * from final
