with

interactions as (
    select * from {{ ref('base_social__interactions') }}
),

final as (
    select
        interaction_id,
        social_id,
        target_id,
        referrer_social_id,
        kol_id,
        guide_id,
        anonymous_id,
        platform,
        interaction_type,
        target_type,
        occurred_date,
        occurred_at
    from interactions
    where quarantine_reason is null
)

select * from final
