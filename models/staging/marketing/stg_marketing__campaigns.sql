with

campaigns as (
    select * from {{ ref('base_marketing__campaigns') }}
),

final as (
    select
        campaign_id,
        kol_id,
        campaign_name,
        channel,
        campaign_cost,
        started_date,
        started_at,
        ended_date,
        ended_at
    from campaigns
    where quarantine_reason is null
)

select * from final
