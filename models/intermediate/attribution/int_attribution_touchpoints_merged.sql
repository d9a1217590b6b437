{#- The touchpoints that can earn credit for an order: the human web sessions, social link
    clicks (KOL links among them) and clicked messages (fct_touchpoints) of people with a
    revenue order (no one else has credit to earn). A click
    usually opens a web visit: a click followed within var('attribution_click_visit_minutes')
    minutes by a session of the same person and channel group is that session's source, not a
    second touch, so the pair counts once (the session, with the click's campaign, KOL and
    shopping guide when the session has none). A click whose visit cannot be tied to the
    person (e.g. an anonymous browser) stays a touch on its own. -#}

with

touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
),

buyers as (
    select distinct person_id
    from orders
    where is_revenue_order and person_id is not null
),

buyer_touchpoints as (
    -- only a person with a revenue order has credit to earn
    select touchpoints.*
    from touchpoints
    where
        touchpoints.touchpoint_type in ('web_session', 'social_click_link', 'message_clicked')
        and exists (
            select 1
            from buyers
            where buyers.person_id = touchpoints.person_id
        )
),

web_visits as (
    select
        buyer_touchpoints.touchpoint_id,
        buyer_touchpoints.person_id,
        buyer_touchpoints.campaign_id,
        buyer_touchpoints.kol_id,
        buyer_touchpoints.guide_id,
        buyer_touchpoints.touchpoint_type,
        buyer_touchpoints.channel_group,
        buyer_touchpoints.occurred_at
    from buyer_touchpoints
    where buyer_touchpoints.touchpoint_type = 'web_session'
),

clicks as (
    select
        touchpoint_id,
        person_id,
        campaign_id,
        kol_id,
        guide_id,
        touchpoint_type,
        channel_group,
        occurred_at
    from buyer_touchpoints
    where touchpoint_type in ('social_click_link', 'message_clicked')
),

click_visits as (
    select
        clicks.touchpoint_id as click_touchpoint_id,
        web_visits.touchpoint_id as visit_touchpoint_id,
        clicks.campaign_id,
        clicks.kol_id,
        clicks.guide_id,
        row_number() over (
            partition by web_visits.touchpoint_id
            order by clicks.occurred_at desc, clicks.touchpoint_id asc
        ) as click_rank
    from clicks
    inner join web_visits
        on
            clicks.person_id = web_visits.person_id
            and clicks.channel_group = web_visits.channel_group
            and clicks.occurred_at <= web_visits.occurred_at
            and web_visits.occurred_at <= {{ dbt.dateadd(
                'minute', var('attribution_click_visit_minutes') | int, 'clicks.occurred_at'
            ) }}
),

visits_with_clicks as (
    select
        web_visits.touchpoint_id,
        web_visits.person_id,
        coalesce(web_visits.campaign_id, click_visits.campaign_id) as campaign_id,
        coalesce(web_visits.kol_id, click_visits.kol_id) as kol_id,
        coalesce(web_visits.guide_id, click_visits.guide_id) as guide_id,
        click_visits.click_touchpoint_id as merged_click_touchpoint_id,
        web_visits.touchpoint_type,
        web_visits.channel_group,
        web_visits.occurred_at
    from web_visits
    left join click_visits
        on
            web_visits.touchpoint_id = click_visits.visit_touchpoint_id
            and click_visits.click_rank = 1
),

clicks_without_visit as (
    select
        clicks.touchpoint_id,
        clicks.person_id,
        clicks.campaign_id,
        clicks.kol_id,
        clicks.guide_id,
        cast(null as varchar) as merged_click_touchpoint_id,
        clicks.touchpoint_type,
        clicks.channel_group,
        clicks.occurred_at
    from clicks
    where not exists (
            select 1
            from click_visits
            where click_visits.click_touchpoint_id = clicks.touchpoint_id
        )
),

final as (
    select * from visits_with_clicks
    union all
    select * from clicks_without_visit
)

select * from final
