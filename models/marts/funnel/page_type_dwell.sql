{#- Dwell time per local day (of the session start) x page type, bots excluded: the time from
    an event to the next event of the same session, credited to the page type of the event.
    The last event of a session has no next event, so no measurable dwell: it counts as an
    exit. -#}

with

events as (
    select * from {{ ref('int_web_events_sessionized') }}
),

sessions as (
    select * from {{ ref('fct_sessions') }}
),

bot_visitors as (
    select distinct anonymous_id
    from sessions
    where is_bot and anonymous_id is not null
),

human_events as (
    select
        {{ to_local_date('events.session_started_at') }} as session_date,
        coalesce(events.page_type, '(not set)') as page_type,
        events.seconds_to_next_event,
        events.is_session_end
    from events
    left join bot_visitors
        on events.anonymous_id = bot_visitors.anonymous_id
    where bot_visitors.anonymous_id is null
),

final as (
    select
        session_date,
        page_type,
        count(*) as events_count,
        count(seconds_to_next_event) as timed_events,
        count(case when is_session_end then 1 end) as exits,
        cast(sum(seconds_to_next_event) as {{ dbt.type_bigint() }}) as dwell_seconds,
        cast(sum(seconds_to_next_event) as {{ type_double() }})
        / nullif(count(seconds_to_next_event), 0) as avg_dwell_seconds
    from human_events
    group by session_date, page_type
)

select * from final
