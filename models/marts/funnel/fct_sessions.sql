{#- One row per web session (bots included and flagged), with its person, its channel group
    from the channel map, its KOL and its bot verdict. person_id is the person of the session's last
    logged-in customer_id when any event was logged in, else the person of its anonymous_id
    (null for a shared device, e.g. a store tablet, with nobody logged in). A visitor
    (anonymous_id) is a bot when any of its sessions fires more than
    var('bot_events_per_minute_threshold') events a minute (a session shorter than a minute
    counting as one) or more than var('bot_events_per_session_threshold') events: every
    session of that visitor is flagged. -#}

with

sessions as (
    select * from {{ ref('int_sessions_aggregated') }}
),

traffic_sources as (
    select * from {{ ref('int_traffic_sources_mapped') }}
),

kols as (
    select * from {{ ref('kols') }}
),

campaigns as (
    select * from {{ ref('stg_marketing__campaigns') }}
),

identity_map as (
    select * from {{ ref('identity_map') }}
),

customer_people as (
    select * from {{ ref('int_customer_ids_resolved') }}
),

device_people as (
    select
        identifier as anonymous_id,
        person_id
    from identity_map
    where identifier_type = 'anonymous_id'
),

sessions_rated as (
    select
        *,
        (
            events_per_minute > {{ var('bot_events_per_minute_threshold') }}
            or events_count > {{ var('bot_events_per_session_threshold') }}
        ) as is_bot_session
    from sessions
),

bot_visitors as (
    select anonymous_id
    from sessions_rated
    where is_bot_session and anonymous_id is not null
    group by anonymous_id
),

final as (
    select
        sessions_rated.session_id,
        coalesce(customer_people.person_id, device_people.person_id) as person_id,
        sessions_rated.anonymous_id,
        sessions_rated.customer_id,
        traffic_sources.channel_group,
        sessions_rated.utm_source,
        sessions_rated.utm_medium,
        sessions_rated.utm_campaign,
        sessions_rated.utm_content,
        coalesce(kols.kol_id, session_campaigns.kol_id) as kol_id,
        sessions_rated.referrer_domain,
        sessions_rated.device_type,
        sessions_rated.platform,
        sessions_rated.landing_page_type,
        sessions_rated.landing_page_url,
        sessions_rated.exit_page_type,
        sessions_rated.exit_page_url,
        traffic_sources.rule_priority as channel_rule_priority,
        sessions_rated.events_count,
        sessions_rated.page_views,
        sessions_rated.product_view_events,
        sessions_rated.add_to_cart_events,
        sessions_rated.checkout_events,
        sessions_rated.purchase_events,
        sessions_rated.funnel_depth,
        sessions_rated.duration_seconds,
        sessions_rated.events_per_minute,
        coalesce(
            bot_visitors.anonymous_id is not null or sessions_rated.is_bot_session, false
        ) as is_bot,
        sessions_rated.has_product_view,
        sessions_rated.has_add_to_cart,
        sessions_rated.has_checkout,
        sessions_rated.has_purchase,
        sessions_rated.converted,
        sessions_rated.session_date,
        sessions_rated.started_at,
        sessions_rated.ended_at,
        sessions_rated.product_viewed_at,
        sessions_rated.added_to_cart_at,
        sessions_rated.checkout_began_at,
        sessions_rated.purchased_at,
        sessions_rated.last_added_to_cart_at,
        sessions_rated.last_purchase_event_at
    from sessions_rated
    left join bot_visitors
        on sessions_rated.anonymous_id = bot_visitors.anonymous_id
    left join traffic_sources
        on sessions_rated.traffic_source_key = traffic_sources.traffic_source_key
    -- a KOL's link carries the KOL in utm_content (only known KOL ids are taken), and its
    -- campaign is the KOL's campaign
    left join kols
        on
            traffic_sources.channel_group = 'kol'
            and sessions_rated.utm_content = kols.kol_id
    left join campaigns as session_campaigns
        on sessions_rated.utm_campaign = session_campaigns.campaign_id
    left join customer_people
        on sessions_rated.customer_id = customer_people.customer_id
    left join device_people
        on sessions_rated.anonymous_id = device_people.anonymous_id
)

select * from final
