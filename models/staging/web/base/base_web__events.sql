{#- Every raw web event with typed columns and its quarantine verdict. Rules, first match wins:
    missing_key (event_id), invalid_timestamp / future_timestamp / before_shop_opened
    (event_at), unknown_enum (event_name; page_type, device_type, platform when given),
    duplicate (another copy of the event_id was kept). Repairs (kept): is_unknown_sku (sku not a
    kept product), is_unknown_order (purchase whose order_id is not a kept order). Bot traffic
    is kept: sessions flag it. Ids are kept as exported (no trimming: 100M+ rows). raw_row_hash
    is computed only where needed: quarantined rows and copies of a repeated event_id (a kept
    event is identified by its event_id). -#}
{%- set raw_columns = source_column_names('web', 'web_events') -%}
{%- set row_rules = missing_key_rule(['event_id'])
    + timestamp_rules({'event_at': 'parsed_event_at'})
    + enum_rules('web_events', ['event_name', 'page_type', 'device_type', 'platform'],
                 nullable=['page_type', 'device_type', 'platform']) -%}

with

source as (
    {{ depends_on_demo_seed('web_events') }}
    select * from {{ source('web', 'web_events') }}
),

products as (
    select sku from {{ ref('stg_shop__products') }}
),

orders as (
    select order_id from {{ ref('stg_shop__orders') }}
),

parsed as (
    select
        *,
        {{ raw_row_key(['event_id']) }} as row_key,
        {{ parse_timestamp('event_at') }} as parsed_event_at
    from source
),

validated as (
    select
        *,
        {{ quarantine_columns(row_rules, prefix='row_') }}
    from parsed
),

-- Copies are rare: only the rows of a repeated event_id go through the window (a window over
-- every event would sort 15M+ rows with their whole payload).
repeated_event_ids as (
    select event_id
    from validated
    group by event_id
    having count(*) > 1
),

flagged as (
    select
        validated.*,
        repeated_event_ids.event_id is not null as is_repeated
    from validated
    left join repeated_event_ids
        on validated.event_id = repeated_event_ids.event_id
),

ranked as (
    select
        *,
        1 as event_id_rank
    from flagged
    where not is_repeated

    union all

    select
        *,
        row_number() over (
            partition by event_id
            order by
                case when row_quarantine_reason is null then 0 else 1 end,
                {{ raw_row_hash(raw_columns) }}
        ) as event_id_rank
    from flagged
    where is_repeated
),

judged as (
    select
        *,
        case
            when row_quarantine_reason is not null then row_quarantine_reason
            when event_id_rank > 1 then 'duplicate'
        end as quarantine_reason,
        case
            when row_quarantine_reason is not null then row_quarantine_detail
            when event_id_rank > 1 then 'copy ' || cast(event_id_rank as {{ dbt.type_string() }})
                || ' of event_id=' || event_id
        end as quarantine_detail
    from ranked
),

final as (
    select
        judged.row_key,
        case
            when judged.quarantine_reason is not null or judged.is_repeated
                then {{ raw_row_hash(prefix_columns(raw_columns, 'judged.')) }}
        end as raw_row_hash,
        judged.event_id,
        judged.anonymous_id,
        judged.customer_id,
        judged.social_id,
        judged.sku,
        judged.order_id,
        judged.event_name,
        judged.page_type,
        judged.page_url,
        judged.referrer_url,
        judged.utm_source,
        judged.utm_medium,
        judged.utm_campaign,
        judged.utm_content,
        judged.device_type,
        judged.platform,
        judged.quarantine_reason,
        judged.quarantine_detail,
        case
            when judged.quarantine_reason is not null
                then {{ raw_record_json(prefix_columns(raw_columns, 'judged.')) }}
        end as raw_record,
        (
            judged.sku is not null and products.sku is null
        ) as is_unknown_sku,
        (
            judged.event_name = 'purchase' and orders.order_id is null
        ) as is_unknown_order,
        {{ to_local_date('judged.parsed_event_at') }} as event_date,
        judged.parsed_event_at as event_at
    from judged
    left join products
        on judged.sku = products.sku
    left join orders
        on judged.order_id = orders.order_id
)

select * from final
