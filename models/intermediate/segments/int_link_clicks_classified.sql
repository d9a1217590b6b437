{#- Every link click a person made up to as_of_date, from three systems: social `click_link`
    interactions, tagged web landings (an event with a utm_source or utm_medium: the link that
    opened the visit) and marketing message clicks. Each is classified as
    - friend_share: a friend's shared link (the interaction has a referrer_social_id, or the
      landing's utm_medium is one of var('friend_share_utm_mediums'));
    - discount: a discount link (its campaign, the interaction's target_id, the landing's
      utm_campaign or the message's campaign, is of a channel in
      var('discount_link_campaign_channels'), or the landing's utm_medium is one of
      var('discount_link_utm_mediums'));
    - other: anything else (an ad, a KOL post, an e-mail, the brand's own post).
    A social click that opened a web visit may appear twice (the click and the landing): both
    carry the same kind, so the segment rules are unaffected. -#}
with

interactions as (
    select * from {{ ref('stg_social__interactions') }}
),

events as (
    select * from {{ ref('stg_web__events') }}
),

messages as (
    select * from {{ ref('stg_marketing__messages') }}
),

campaigns as (
    select * from {{ ref('stg_marketing__campaigns') }}
),

identifiers as (
    select * from {{ ref('int_identifiers_resolved') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
),

as_of as (
    select coalesce({{ as_of_date_or_null() }}, max(ordered_date)) as as_of_date
    from orders
),

customer_people as (
    select * from {{ ref('int_customer_ids_resolved') }}
),

social_people as (
    select * from {{ ref('int_social_ids_resolved') }}
),

device_people as (
    select
        identifier as anonymous_id,
        person_id
    from identifiers
    where identifier_type = 'anonymous_id' and not is_shared
),

discount_campaigns as (
    select campaign_id
    from campaigns
    where channel in ({{ sql_string_list(var('discount_link_campaign_channels')) }})
),

social_clicks as (
    select
        interactions.interaction_id as click_id,
        'social' as click_source,
        social_people.person_id,
        case
            when interactions.referrer_social_id is not null then 'friend_share'
            when discount_campaigns.campaign_id is not null then 'discount'
            else 'other'
        end as link_kind,
        interactions.occurred_date as clicked_date,
        interactions.occurred_at as clicked_at
    from interactions
    inner join social_people
        on interactions.social_id = social_people.social_id
    left join discount_campaigns
        on interactions.target_id = discount_campaigns.campaign_id
    where interactions.interaction_type = 'click_link'
),

web_landings as (
    select
        events.event_id as click_id,
        'web' as click_source,
        coalesce(customer_people.person_id, device_people.person_id) as person_id,
        case
            when events.utm_medium in ({{ sql_string_list(var('friend_share_utm_mediums')) }})
                then 'friend_share'
            when
                events.utm_medium in ({{ sql_string_list(var('discount_link_utm_mediums')) }})
                or discount_campaigns.campaign_id is not null
                then 'discount'
            else 'other'
        end as link_kind,
        events.event_date as clicked_date,
        events.event_at as clicked_at
    from events
    left join customer_people
        on events.customer_id = customer_people.customer_id
    left join device_people
        on events.anonymous_id = device_people.anonymous_id
    left join discount_campaigns
        on events.utm_campaign = discount_campaigns.campaign_id
    where events.utm_source is not null or events.utm_medium is not null
),

message_clicks as (
    select
        messages.message_id as click_id,
        'message' as click_source,
        coalesce(customer_people.person_id, social_people.person_id) as person_id,
        case
            when discount_campaigns.campaign_id is not null then 'discount' else 'other'
        end as link_kind,
        {{ to_local_date('messages.clicked_at') }} as clicked_date,
        messages.clicked_at
    from messages
    left join customer_people
        on messages.customer_id = customer_people.customer_id
    left join social_people
        on messages.social_id = social_people.social_id
    left join discount_campaigns
        on messages.campaign_id = discount_campaigns.campaign_id
    where messages.clicked_at is not null
),

unioned as (
    select * from social_clicks
    union all
    select * from web_landings
    union all
    select * from message_clicks
),

final as (
    select
        unioned.click_id,
        unioned.click_source,
        unioned.person_id,
        unioned.link_kind,
        unioned.clicked_date,
        unioned.clicked_at
    from unioned
    cross join as_of
    where
        unioned.person_id is not null
        and unioned.clicked_date <= as_of.as_of_date
)

select * from final
