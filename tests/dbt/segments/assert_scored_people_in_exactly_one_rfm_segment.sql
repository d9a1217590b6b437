{#- Every scored person lands in exactly one RFM segment: the seed map covers each of the 25
    (r_score, f_score) cells exactly once, customer_rfm's cell maps to the segment it shows,
    and segment_membership holds exactly one rfm_ segment per scored person (and none for
    anyone else). A row here names the person or cell and what is wrong. -#}
with

segment_map as (
    select * from {{ ref('rfm_segment_map') }}
),

rfm as (
    select * from {{ ref('customer_rfm') }}
),

membership as (
    select * from {{ ref('segment_membership') }}
),

digits as (
    select score_values.score
    from (values (1), (2), (3), (4), (5)) as score_values (score)
),

cells as (
    select
        r_digits.score as r_score,
        f_digits.score as f_score
    from digits as r_digits
    cross join digits as f_digits
),

cell_coverage as (
    select
        cells.r_score,
        cells.f_score,
        count(segment_map.rfm_segment) as segments
    from cells
    left join segment_map
        on
            cells.r_score = segment_map.r_score
            and cells.f_score = segment_map.f_score
    group by cells.r_score, cells.f_score
),

bad_cells as (
    select
        'cell ' || cast(r_score as varchar) || cast(f_score as varchar) as subject,
        'maps to ' || cast(segments as varchar) || ' segments' as problem
    from cell_coverage
    where segments != 1
),

person_segments as (
    select
        rfm.person_id,
        rfm.rfm_segment,
        count(segment_map.rfm_segment) as map_rows,
        max(segment_map.rfm_segment) as mapped_segment
    from rfm
    left join segment_map
        on
            rfm.r_score = segment_map.r_score
            and rfm.f_score = segment_map.f_score
    group by rfm.person_id, rfm.rfm_segment
),

bad_people as (
    select
        person_id as subject,
        'shows ' || coalesce(rfm_segment, 'no segment') || ' but its cell maps to '
        || cast(map_rows as varchar) || ' rows' as problem
    from person_segments
    where map_rows != 1 or rfm_segment is null or rfm_segment != mapped_segment
),

rfm_membership as (
    select
        person_id,
        segment
    from membership
    where segment_family = 'rfm'
),

membership_counts as (
    select
        coalesce(rfm.person_id, rfm_membership.person_id) as person_id,
        rfm.person_id is not null as is_scored,
        count(rfm_membership.segment) as rfm_segments
    from rfm
    full outer join rfm_membership
        on rfm.person_id = rfm_membership.person_id
    group by coalesce(rfm.person_id, rfm_membership.person_id), rfm.person_id is not null
),

bad_membership as (
    select
        person_id as subject,
        case
            when is_scored
                then
                    'scored but in ' || cast(rfm_segments as varchar)
                    || ' rfm segments in segment_membership'
            else 'not scored but in an rfm segment'
        end as problem
    from membership_counts
    where not is_scored or rfm_segments != 1
),

final as (
    select * from bad_cells
    union all
    select * from bad_people
    union all
    select * from bad_membership
)

select * from final
