with

event_registrations as (
    select * from {{ ref('base_service__event_registrations') }}
),

final as (
    select
        registration_id,
        event_id,
        customer_id,
        social_id,
        is_checked_in,
        registered_date,
        registered_at,
        checked_in_at
    from event_registrations
    where quarantine_reason is null
)

select * from final
