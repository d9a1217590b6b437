{#- The loyalty membership that stands for each person: of the person's current memberships
    (one per shop account that joined), the earliest joined. Its tier, points and guide are
    the ones the customer-360 and acquisition show. -#}
with

members as (
    select * from {{ ref('stg_loyalty__members') }}
),

customer_people as (
    select * from {{ ref('int_customer_ids_resolved') }}
),

ranked as (
    select
        customer_people.person_id,
        members.member_id,
        members.tier,
        members.points_balance,
        members.guide_id,
        members.joined_at,
        row_number() over (
            partition by customer_people.person_id order by members.joined_at, members.member_id
        ) as membership_rank
    from members
    inner join customer_people
        on members.customer_id = customer_people.customer_id
    where members.is_current
),

final as (
    select
        person_id,
        member_id,
        tier,
        points_balance,
        guide_id,
        joined_at
    from ranked
    where membership_rank = 1
)

select * from final
