{#- One row per shopping guide and person she recruited, with when: a loyalty membership the
    person joined through the guide's QR code (join_source guide_qr, the member's guide_id),
    or the guide adding the person as a WeChat Work friend (an add_friend interaction with the
    guide_id). The earlier of the two is the recruitment. -#}
with

members as (
    select * from {{ ref('stg_loyalty__members') }}
),

interactions as (
    select * from {{ ref('stg_social__interactions') }}
),

customer_people as (
    select * from {{ ref('int_customer_ids_resolved') }}
),

social_people as (
    select * from {{ ref('int_social_ids_resolved') }}
),

qr_memberships as (
    select
        members.guide_id,
        customer_people.person_id,
        members.member_id,
        cast(null as varchar) as interaction_id,
        members.joined_at as recruited_at
    from members
    inner join customer_people
        on members.customer_id = customer_people.customer_id
    where
        members.is_current
        and members.join_source = 'guide_qr'
        and members.guide_id is not null
),

friendships as (
    select
        interactions.guide_id,
        social_people.person_id,
        cast(null as varchar) as member_id,
        interactions.interaction_id,
        interactions.occurred_at as recruited_at
    from interactions
    inner join social_people
        on interactions.social_id = social_people.social_id
    where
        interactions.interaction_type = 'add_friend'
        and interactions.guide_id is not null
),

unioned as (
    select * from qr_memberships
    union all
    select * from friendships
),

final as (
    select
        guide_id,
        person_id,
        count(member_id) > 0 as is_qr_member,
        count(interaction_id) > 0 as is_friend,
        min(case when member_id is not null then recruited_at end) as member_joined_at,
        min(case when interaction_id is not null then recruited_at end) as friend_added_at,
        min(recruited_at) as recruited_at
    from unioned
    group by guide_id, person_id
)

select * from final
