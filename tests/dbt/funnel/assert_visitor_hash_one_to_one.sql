-- The sessions order and partition events by integer hashes of the anonymous_id (macro
-- integer_hash): two visitors sharing a hash would be sessionised as one. Fails with each
-- hash that stands for more than one anonymous_id, or anonymous_id with more than one hash.

with

sessions as (
    select * from {{ ref('int_sessions_aggregated') }}
),

shared_hashes as (
    select
        'visitor_hash' as key_name,
        cast(visitor_hash as {{ dbt.type_string() }}) as key_value,
        count(distinct anonymous_id) as values_count
    from sessions
    group by visitor_hash
    having count(distinct anonymous_id) > 1
),

split_visitors as (
    select
        'anonymous_id' as key_name,
        anonymous_id as key_value,
        count(distinct visitor_hash) as values_count
    from sessions
    where anonymous_id is not null
    group by anonymous_id
    having count(distinct visitor_hash) > 1
),

final as (
    select * from shared_hashes
    union all
    select * from split_visitors
)

select * from final
