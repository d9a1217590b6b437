-- Loyalty member versions form a history without gaps or overlaps: each member has exactly one
-- current version, and each version ends where the member's next version starts.

with

members as (
    select * from {{ ref('stg_loyalty__members') }}
),

sequenced as (
    select
        member_id,
        member_version_id,
        is_current,
        valid_to,
        lead(valid_from) over (partition by member_id order by valid_from) as next_valid_from
    from members
),

current_counts as (
    select
        member_id,
        'current versions: ' || cast(sum(case when is_current then 1 else 0 end) as varchar)
            as problem
    from sequenced
    group by member_id
    having sum(case when is_current then 1 else 0 end) <> 1
),

broken_chain as (
    select
        member_id,
        'version ' || member_version_id || ' does not end where the next starts' as problem
    from sequenced
    where
        valid_to is distinct from next_valid_from
        or is_current <> (valid_to is null)
)

select * from current_counts
union all
select * from broken_chain
