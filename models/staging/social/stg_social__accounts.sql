with

accounts as (
    select * from {{ ref('base_social__accounts') }}
),

final as (
    select
        social_account_id,
        social_id,
        platform,
        union_id,
        kol_id,
        nickname,
        phone_e164,
        follower_count,
        is_kol,
        is_phone_invalid,
        first_seen_date,
        first_seen_at
    from accounts
    where quarantine_reason is null
)

select * from final
