{#- Everyone a person reached through her shares, directly or along chains of referrals (she
    referred B, B referred C: C is reached at depth 2), up to var('referral_max_depth') links.
    One row per person and reached person at the shortest depth; a person never reaches
    herself. The chain is unrolled into one join per depth (portable SQL, no recursive CTE);
    a cycle only repeats people already reached and ends at the depth bound. -#}
{#- at least the direct referrals, whatever the var says -#}
{%- set max_depth = [var('referral_max_depth') | int, 1] | max -%}
with

referrals as (
    select * from {{ ref('int_referrals_linked') }}
),

depth_1 as (
    select
        referrer_person_id as person_id,
        referred_person_id as reached_person_id,
        1 as chain_depth,
        referred_at as reached_at
    from referrals
),
{%- for depth in range(2, max_depth + 1) %}

depth_{{ depth }} as (
    select
        depth_{{ depth - 1 }}.person_id,
        referrals.referred_person_id as reached_person_id,
        {{ depth }} as chain_depth,
        referrals.referred_at as reached_at
    from depth_{{ depth - 1 }}
    inner join referrals
        on depth_{{ depth - 1 }}.reached_person_id = referrals.referrer_person_id
    where referrals.referred_person_id != depth_{{ depth - 1 }}.person_id
),
{%- endfor %}

all_depths as (
    {%- for depth in range(1, max_depth + 1) %}
        select * from depth_{{ depth }}
        {{ 'union all' if not loop.last }}
    {%- endfor %}
),

shortest as (
    select
        person_id,
        reached_person_id,
        chain_depth,
        reached_at,
        row_number() over (
            partition by person_id, reached_person_id order by chain_depth, reached_at
        ) as path_number
    from all_depths
),

final as (
    select
        person_id,
        reached_person_id,
        chain_depth,
        reached_at
    from shortest
    where path_number = 1
)

select * from final
