-- Nothing lost, nothing invented: every kept web event is in exactly one session, so the
-- sessions' event counts add up to the kept events (staging keeps one row per event_id).
-- Fails with the two counts when they differ.

with

events as (
    select * from {{ ref('stg_web__events') }}
),

sessions as (
    select * from {{ ref('fct_sessions') }}
),

kept_events as (
    select count(*) as events_count from events
),

session_events as (
    select sum(events_count) as events_count from sessions
),

final as (
    select
        kept_events.events_count as kept_events_count,
        session_events.events_count as session_events_count
    from kept_events
    cross join session_events
    where kept_events.events_count != coalesce(session_events.events_count, 0)
)

select * from final
