with

tickets as (
    select * from {{ ref('base_service__tickets') }}
),

final as (
    select
        ticket_id,
        customer_id,
        order_id,
        agent_id,
        channel,
        ticket_type,
        satisfaction_score,
        is_resolved,
        opened_date,
        opened_at,
        first_response_at,
        resolved_date,
        resolved_at
    from tickets
    where quarantine_reason is null
)

select * from final
