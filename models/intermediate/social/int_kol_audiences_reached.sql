{#- One row per KOL and person the KOL reached, with when first: the person clicked the KOL's
    link (a social interaction carrying the kol_id) or opened a web session from a link of one
    of the KOL's campaigns (utm_campaign of a campaign with that kol_id; crawler sessions
    excluded). -#}
with

interactions as (
    select * from {{ ref('stg_social__interactions') }}
),

social_people as (
    select * from {{ ref('int_social_ids_resolved') }}
),

sessions as (
    select * from {{ ref('fct_sessions') }}
),

campaigns as (
    select * from {{ ref('stg_marketing__campaigns') }}
),

kol_clicks as (
    select
        interactions.kol_id,
        social_people.person_id,
        interactions.occurred_at as reached_at
    from interactions
    inner join social_people
        on interactions.social_id = social_people.social_id
    where interactions.kol_id is not null
),

kol_sessions as (
    select
        campaigns.kol_id,
        sessions.person_id,
        sessions.started_at as reached_at
    from sessions
    inner join campaigns
        on sessions.utm_campaign = campaigns.campaign_id
    where
        campaigns.kol_id is not null
        and sessions.person_id is not null
        and not sessions.is_bot
),

unioned as (
    select * from kol_clicks
    union all
    select * from kol_sessions
),

final as (
    select
        kol_id,
        person_id,
        min(reached_at) as first_reached_at
    from unioned
    group by kol_id, person_id
)

select * from final
