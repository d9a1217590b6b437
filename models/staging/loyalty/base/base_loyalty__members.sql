{#- Every raw loyalty member version with typed columns and its quarantine verdict.
    Rules, first match wins: missing_key (member_id, updated_at), invalid_timestamp /
    future_timestamp / before_shop_opened (updated_at, joined_at), unknown_enum
    (join_source, tier), duplicate (another row of the same member_id and updated_at instant
    was kept). Earlier versions of a member are history, not superseded: every kept version is
    valid from its updated_at to the next kept version's (valid_to, is_current). -#}
{%- set raw_columns = source_column_names('loyalty', 'loyalty_members') -%}
{%- set row_rules = missing_key_rule(['member_id', 'updated_at'])
    + timestamp_rules({'updated_at': 'parsed_updated_at', 'joined_at': 'parsed_joined_at'})
    + enum_rules('loyalty_members', ['join_source', 'tier']) -%}

with

source as (
    {{ depends_on_demo_seed('loyalty_members') }}
    select * from {{ source('loyalty', 'loyalty_members') }}
),

parsed as (
    select
        *,
        {{ raw_row_key(['member_id', 'updated_at']) }} as row_key,
        {{ raw_row_hash(raw_columns) }} as raw_row_hash,
        {{ parse_timestamp('updated_at') }} as parsed_updated_at,
        {{ parse_timestamp('joined_at') }} as parsed_joined_at
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
        {{ rank_copies(['member_id', 'parsed_updated_at']) }} as copy_rank
    from validated
),

judged as (
    select
        *,
        {{ quarantine_verdict() }}
    from ranked
),

versioned as (
    select
        *,
        lead(parsed_updated_at) over (
            partition by member_id, quarantine_reason is null
            order by parsed_updated_at
        ) as next_updated_at
    from judged
),

final as (
    select
        member_id || '@' || cast(parsed_updated_at as {{ dbt.type_string() }})
            as member_version_id,
        row_key,
        raw_row_hash,
        {{ clean_text('member_id') }} as member_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_text('guide_id') }} as guide_id,
        join_source,
        tier,
        quarantine_reason,
        quarantine_detail,
        case
            when quarantine_reason is not null then {{ raw_record_json(raw_columns) }}
        end as raw_record,
        points_balance,
        quarantine_reason is null and next_updated_at is null as is_current,
        {{ to_local_date('parsed_joined_at') }} as joined_date,
        parsed_joined_at as joined_at,
        parsed_updated_at as updated_at,
        parsed_updated_at as valid_from,
        case when quarantine_reason is null then next_updated_at end as valid_to
    from versioned
)

select * from final
