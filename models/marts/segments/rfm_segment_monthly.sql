{#- One row per person and month end at which the person was scored: the RFM as of that month
    end (the month of as_of_date: as of as_of_date) over the window, its segment, the segment of
    the month before and since when the person has been in this segment. -#}
with

snapshots as (
    select * from {{ ref('int_rfm_snapshots_scored') }}
),

final as (
    select
        cast(person_id as varchar) as person_id,
        cast(rfm_segment as varchar) as rfm_segment,
        cast(previous_rfm_segment as varchar) as previous_rfm_segment,
        cast(recency_days as integer) as recency_days,
        cast(frequency as integer) as frequency,
        cast(orders_count as integer) as orders_count,
        cast(monetary as decimal(18, 2)) as monetary,
        cast(r_score as integer) as r_score,
        cast(f_score as integer) as f_score,
        cast(m_score as integer) as m_score,
        cast(is_segment_entry as boolean) as is_segment_entry,
        cast(snapshot_month as date) as snapshot_month,
        cast(snapshot_date as date) as snapshot_date,
        cast(segment_since_date as date) as segment_since_date,
        cast(last_order_date as date) as last_order_date
    from snapshots
)

select * from final
