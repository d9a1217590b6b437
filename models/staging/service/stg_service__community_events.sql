with

community_events as (
    select * from {{ ref('base_service__community_events') }}
),

final as (
    select
        event_id,
        store_id,
        event_name,
        event_date,
        starts_at
    from community_events
    where quarantine_reason is null
)

select * from final
