{#- The month spine's last snapshot (taken at as_of_date) and customer_rfm are two computations
    of the same RFM: they must agree person by person, score by score. A row is a person whose
    values differ or who is in only one of them. -#}
with

rfm as (
    select * from {{ ref('customer_rfm') }}
),

snapshots as (
    select * from {{ ref('int_rfm_snapshots_scored') }}
),

latest as (
    select snapshots.*
    from snapshots
    where snapshots.snapshot_date = (select max(rfm.as_of_date) from rfm)
),

final as (
    select
        coalesce(rfm.person_id, latest.person_id) as person_id,
        rfm.rfm_cell,
        cast(latest.r_score as varchar) || cast(latest.f_score as varchar)
        || cast(latest.m_score as varchar) as snapshot_cell,
        rfm.rfm_segment,
        latest.rfm_segment as snapshot_segment
    from rfm
    full outer join latest
        on rfm.person_id = latest.person_id
    where
        rfm.person_id is null
        or latest.person_id is null
        or rfm.recency_days != latest.recency_days
        or rfm.frequency != latest.frequency
        or rfm.monetary != latest.monetary
        or rfm.r_score != latest.r_score
        or rfm.f_score != latest.f_score
        or rfm.m_score != latest.m_score
        or rfm.rfm_segment != latest.rfm_segment
)

select * from final
