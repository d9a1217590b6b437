{#- One row per person who shared a post or brought someone through a shared link: her
    shares, the people she reached (directly and along chains of referrals, up to
    var('referral_max_depth') links), the web sessions, new customers and revenue those people
    brought after they were reached, and an influence score. A person reached by two sharers
    (or along a chain) counts for each of them. Top influencers are the first
    var('top_influencers_count') by score. {{ doc('social_influence_score') }} -#}
with

people as (
    select * from {{ ref('customer_360') }}
),

reached as (
    select * from {{ ref('int_referral_chains_traversed') }}
),

sessions as (
    select * from {{ ref('fct_sessions') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
),

reach_per_person as (
    select
        person_id,
        count(*) as people_reached,
        sum(case when chain_depth = 1 then 1 else 0 end) as direct_referrals,
        max(chain_depth) as max_chain_depth
    from reached
    group by person_id
),

referred_sessions as (
    select
        reached.person_id,
        count(*) as referred_sessions
    from reached
    inner join sessions
        on
            reached.reached_person_id = sessions.person_id
            and reached.reached_at <= sessions.started_at
    where not sessions.is_bot
    group by reached.person_id
),

revenue_orders as (
    select * from orders
    where is_revenue_order and person_id is not null
),

referred_new_customers as (
    -- reached before their first revenue order (customer_360.first_order_at)
    select
        reached.person_id,
        count(*) as referred_new_customers
    from reached
    inner join people as reached_people
        on
            reached.reached_person_id = reached_people.person_id
            and reached.reached_at <= reached_people.first_order_at
    group by reached.person_id
),

referred_revenue as (
    select
        reached.person_id,
        sum(revenue_orders.net_revenue_cny) as referred_revenue
    from reached
    inner join revenue_orders
        on
            reached.reached_person_id = revenue_orders.person_id
            and reached.reached_at <= revenue_orders.ordered_at
    group by reached.person_id
),

influencers as (
    select
        people.person_id,
        people.lifecycle_layer,
        people.shares_count,
        coalesce(reach_per_person.people_reached, 0) as people_reached,
        coalesce(reach_per_person.direct_referrals, 0) as direct_referrals,
        coalesce(reach_per_person.max_chain_depth, 0) as max_chain_depth,
        coalesce(referred_sessions.referred_sessions, 0) as referred_sessions,
        coalesce(referred_new_customers.referred_new_customers, 0) as referred_new_customers,
        coalesce(referred_revenue.referred_revenue, 0) as referred_revenue
    from people
    left join reach_per_person
        on people.person_id = reach_per_person.person_id
    left join referred_sessions
        on people.person_id = referred_sessions.person_id
    left join referred_new_customers
        on people.person_id = referred_new_customers.person_id
    left join referred_revenue
        on people.person_id = referred_revenue.person_id
    where people.shares_count > 0 or reach_per_person.person_id is not null
),

scored as (
    select
        *,
        {{ var('influence_weight_share') }} * shares_count
        + {{ var('influence_weight_person_reached') }} * people_reached
        + {{ var('influence_weight_new_customer') }} * referred_new_customers
        + {{ var('influence_weight_revenue_per_100_cny') }} * referred_revenue / 100.0
            as influence_score
    from influencers
),

ranked as (
    select
        *,
        row_number() over (order by influence_score desc, person_id asc) as influence_rank
    from scored
),

final as (
    select
        person_id,
        lifecycle_layer,
        cast(shares_count as bigint) as shares_count,
        cast(people_reached as bigint) as people_reached,
        cast(direct_referrals as bigint) as direct_referrals,
        cast(max_chain_depth as integer) as max_chain_depth,
        cast(referred_sessions as bigint) as referred_sessions,
        cast(referred_new_customers as bigint) as referred_new_customers,
        cast(referred_revenue as decimal(18, 2)) as referred_revenue,
        cast(influence_score as {{ type_double() }}) as influence_score,
        cast(influence_rank as bigint) as influence_rank,
        influence_rank <= {{ var('top_influencers_count') | int }} as is_top_influencer
    from ranked
)

select * from final
