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
    event_id, so a redelivered event is already counted once. Rules: _sessions__docs.md. -#}
{%- set timeout = var('session_timeout_minutes') -%}

with

events as (
    select * from {{ ref('stg_web__events') }}
),

keyed as (
    select
        event_id,
        anonymous_id,
        customer_id,
        event_name,
        page_type,
        -- An event without a device id cannot be linked to any other: its own visitor.
        {{ integer_hash("coalesce(anonymous_id, 'event:' || event_id)") }} as visitor_hash,
        {{ integer_hash('event_id') }} as event_hash,
        case
            when utm_source is not null or utm_medium is not null or utm_campaign is not null
                then {{ integer_hash("coalesce(utm_source, '') || '|' || coalesce(utm_medium, '')"
                                     ~ " || '|' || coalesce(utm_campaign, '')") }}
        end as campaign_source_hash,
        event_at
    from events
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
                then {{ dbt.datediff('event_at', 'next_event_at', 'second') }}
        end as seconds_to_next_event,
        previous_row_order = 0 as is_session_start,
        coalesce(next_row_order = 0, true) as is_session_end,
        session_started_at,
        event_at
    from sessions_assigned
    where row_order = 1
)

select * from final
