with

members as (
    select * from {{ ref('base_loyalty__members') }}
),

final as (
    select
        member_version_id,
        member_id,
        customer_id,
        guide_id,
        join_source,
        tier,
        points_balance,
        is_current,
        joined_date,
        joined_at,
        updated_at,
        valid_from,
        valid_to
    from members
    where quarantine_reason is null
)

select * from final
