with

points as (
    select * from {{ ref('base_loyalty__points') }}
),

final as (
    select
        entry_id,
        member_id,
        reason,
        points,
        occurred_date,
        occurred_at
    from points
    where quarantine_reason is null
)

select * from final
