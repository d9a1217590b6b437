{#- Every kept web event with the start of its session, in two ordered passes per visitor
    (anonymous_id; by event_at, then event_id) and no self-join. Sort keys are integer hashes
    (macro integer_hash): at medium scale the passes order 15M events.
      1. The previous event of every event (lag): a pause longer than
         var('session_timeout_minutes') starts a session. Campaign touches (events with a utm
         tag) are compared with the visitor's previous campaign touch in a pass over the touches
         alone (a tenth of the events).
      2. Every event after a marker row per session start: the session's start is the latest
         marker so far; the next row tells the last event of a session and its dwell time.
    A session starts at the visitor's first event; after more than the timeout without an
    event; or at a campaign touch unless it repeats the source (utm_source, utm_medium,
    utm_campaign) of the visitor's previous campaign touch within the timeout. An event at the
    same instant as the previous one never starts a session. Staging keeps one row per
    event_id, so a redelivered event is already counted once. Rules: _sessions__docs.md.
    Incremental (delete+insert by visitor): with T = incremental_window_start() (the latest
    event loaded minus the look-back; staging re-judges only events dated from T on), an event
    before T - timeout keeps its session and next event (its session's start is before T, and
    its next event is before T or it would be a session's last), so a run rewrites only the
    events from T - timeout on, of the visitors with an event from then on. Each such visitor
    is sessionised again from a start that cannot move: the earliest start of its sessions
    loaded with an event from T - timeout on, or T when it has none (its last event before T
    is then more than the timeout before T, so its first event from T on opens a session).
    Docs: incremental_sessions in _sessions__docs.md. -#}
{%- set timeout = var('session_timeout_minutes') -%}
{%- set visitor_key = "coalesce(anonymous_id, 'event:' || event_id)" -%}
{%- set window_start = incremental_window_start(incremental_relation(), 'event_at') -%}
{%- set rewritten_from = dbt.dateadd('minute', -1 * (timeout | int), window_start) -%}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='visitor_hash',
    incremental_predicates=['event_at >= ' ~ rewritten_from],
    on_schema_change='fail',
) }}

with

-- Not materialized: DuckDB would copy every kept event (151M at 1M customers) before the passes.
events as not materialized (
    select * from {{ ref('stg_web__events') }}
),

{% if is_incremental() %}

    loaded_events as (
        select * from {{ this }}
    ),

    -- Loaded sessions with an event from T - timeout on: a late event can extend or split them.
    reopened_sessions as (
        select
            visitor_hash,
            min(session_started_at) as session_started_at
        from loaded_events
        where event_at >= {{ rewritten_from }}
        group by visitor_hash
    ),

    window_visitors as (
        select distinct {{ integer_hash(visitor_key) }} as visitor_hash
        from events
        where event_at >= {{ window_start }}
    ),

    resessionized_visitors as (
        select
            visitor_hash,
            min(resessionized_from) as resessionized_from
        from (
            select
                visitor_hash,
                case
                    when session_started_at < {{ window_start }} then session_started_at
                    else {{ window_start }}
                end as resessionized_from
            from reopened_sessions

            union all

            select
                visitor_hash,
                {{ window_start }} as resessionized_from
            from window_visitors
        ) as visitor_starts
        group by visitor_hash
    ),

    earliest_resessionized as (
        select min(resessionized_from) as resessionized_from
        from resessionized_visitors
    ),

    -- The time filter first, so that only recent events are hashed and joined.
    events_to_sessionize as (
        select events.*
        from events
        inner join resessionized_visitors
            on
                {{ integer_hash("coalesce(events.anonymous_id, 'event:' || events.event_id)") }}
                = resessionized_visitors.visitor_hash
                and events.event_at >= resessionized_visitors.resessionized_from
        where
            events.event_at
            >= (select earliest_resessionized.resessionized_from from earliest_resessionized)
    ),

{% else %}

    events_to_sessionize as (
        select * from events
    ),

{% endif %}

keyed as (
    select
        event_id,
        anonymous_id,
        customer_id,
        event_name,
        page_type,
        -- An event without a device id cannot be linked to any other: its own visitor.
        {{ integer_hash(visitor_key) }} as visitor_hash,
        {{ integer_hash('event_id') }} as event_hash,
        case
            when utm_source is not null or utm_medium is not null or utm_campaign is not null
                then {{ integer_hash("coalesce(utm_source, '') || '|' || coalesce(utm_medium, '')"
                                     ~ " || '|' || coalesce(utm_campaign, '')") }}
        end as campaign_source_hash,
        event_at
    from events_to_sessionize
),

-- Pass 1: each event's previous event.
sequenced as (
    select
        visitor_hash,
        event_hash,
        campaign_source_hash,
        event_at,
        lag(event_at) over (
            partition by visitor_hash order by event_at, event_hash
        ) as previous_event_at
    from keyed
),

inactivity_starts as (
    select
        visitor_hash,
        event_hash,
        event_at
    from sequenced
    where
        previous_event_at is null
        or event_at > {{ dbt.dateadd('minute', timeout, 'previous_event_at') }}
),

-- Campaign touches that are not already session starts, with the visitor's previous touch.
campaign_touches as (
    select
        visitor_hash,
        event_hash,
        campaign_source_hash,
        event_at,
        previous_event_at,
        lag(campaign_source_hash) over (
            partition by visitor_hash order by event_at, event_hash
        ) as previous_campaign_source_hash,
        lag(event_at) over (
            partition by visitor_hash order by event_at, event_hash
        ) as previous_campaign_touch_at
    from sequenced
    where campaign_source_hash is not null
),

campaign_starts as (
    select
        visitor_hash,
        event_hash,
        event_at
    from campaign_touches
    where
        event_at > previous_event_at
        and event_at <= {{ dbt.dateadd('minute', timeout, 'previous_event_at') }}
        and (
            previous_campaign_source_hash is null
            or previous_campaign_source_hash != campaign_source_hash
            or event_at > {{ dbt.dateadd('minute', timeout, 'previous_campaign_touch_at') }}
        )
),

-- Pass 2: one marker row per session start, sorted right before its event.
marked as (
    select
        event_id,
        anonymous_id,
        customer_id,
        event_name,
        page_type,
        visitor_hash,
        event_hash,
        event_at,
        1 as row_order
    from keyed

    union all

    select
        null as event_id,
        null as anonymous_id,
        null as customer_id,
        null as event_name,
        null as page_type,
        visitor_hash,
        event_hash,
        event_at,
        0 as row_order
    from inactivity_starts

    union all

    select
        null as event_id,
        null as anonymous_id,
        null as customer_id,
        null as event_name,
        null as page_type,
        visitor_hash,
        event_hash,
        event_at,
        0 as row_order
    from campaign_starts
),

sessions_assigned as (
    select
        *,
        max(case when row_order = 0 then event_at end) over (
            partition by visitor_hash order by event_at, event_hash, row_order
            rows between unbounded preceding and current row
        ) as session_started_at,
        lag(row_order) over (
            partition by visitor_hash order by event_at, event_hash, row_order
        ) as previous_row_order,
        lead(row_order) over (
            partition by visitor_hash order by event_at, event_hash, row_order
        ) as next_row_order,
        lead(event_at) over (
            partition by visitor_hash order by event_at, event_hash, row_order
        ) as next_event_at
    from marked
),

final as (
    select
        event_id,
        anonymous_id,
        visitor_hash,
        event_hash,
        customer_id,
        event_name,
        page_type,
        case
            when next_row_order = 1
                then cast(
                        {{ dbt.datediff('event_at', 'next_event_at', 'second') }}
                        as {{ dbt.type_bigint() }}
                    )
        end as seconds_to_next_event,
        previous_row_order = 0 as is_session_start,
        coalesce(next_row_order = 0, true) as is_session_end,
        session_started_at,
        event_at
    from sessions_assigned
    where
        row_order = 1
        {% if is_incremental() -%}
            and event_at >= {{ rewritten_from }}
        {%- endif %}
)

select * from final
