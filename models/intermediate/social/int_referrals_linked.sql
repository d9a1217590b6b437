{#- One row per referral: a person (referred) who clicked a link another person (referrer)
    shared, from social click_link interactions that carry the sharer's social id
    (referrer_social_id). Both social ids are resolved to people; a click on one's own share
    (two accounts of one person) is not a referral. A person who clicked the same referrer's
    links several times is referred once, at her first click. -#}
with

interactions as (
    select * from {{ ref('stg_social__interactions') }}
),

social_people as (
    select * from {{ ref('int_social_ids_resolved') }}
),

referral_clicks as (
    select
        referrers.person_id as referrer_person_id,
        referred.person_id as referred_person_id,
        interactions.interaction_id,
        interactions.occurred_at
    from interactions
    inner join social_people as referrers
        on interactions.referrer_social_id = referrers.social_id
    inner join social_people as referred
        on interactions.social_id = referred.social_id
    where
        interactions.interaction_type = 'click_link'
        and referrers.person_id != referred.person_id
),

first_clicks as (
    select
        referrer_person_id,
        referred_person_id,
        interaction_id as first_interaction_id,
        occurred_at as referred_at,
        row_number() over (
            partition by referrer_person_id, referred_person_id
            order by occurred_at, interaction_id
        ) as click_number,
        count(*) over (partition by referrer_person_id, referred_person_id) as clicks_count
    from referral_clicks
),

final as (
    select
        referrer_person_id,
        referred_person_id,
        first_interaction_id,
        clicks_count,
        {{ to_local_date('referred_at') }} as referred_date,
        referred_at
    from first_clicks
    where click_number = 1
)

select * from final
