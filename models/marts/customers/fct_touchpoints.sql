{#- Every interaction of a person with the brand, across systems, in time order: web sessions,
    social interactions, messages, coupons, orders, refunds, service tickets, community events
    and loyalty membership. -#}
with

sessions as (
    select * from {{ ref('fct_sessions') }}
),

interactions as (
    select * from {{ ref('stg_social__interactions') }}
),

messages as (
    select * from {{ ref('stg_marketing__messages') }}
),

coupons as (
    select * from {{ ref('stg_marketing__coupons') }}
),

campaigns as (
    select * from {{ ref('stg_marketing__campaigns') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
),

refunds as (
    select * from {{ ref('stg_shop__refunds') }}
),

tickets as (
    select * from {{ ref('stg_service__tickets') }}
),

registrations as (
    select * from {{ ref('stg_service__event_registrations') }}
),

members as (
    select * from {{ ref('stg_loyalty__members') }}
),

customer_people as (
    select * from {{ ref('int_customer_ids_resolved') }}
),

social_people as (
    select * from {{ ref('int_social_ids_resolved') }}
),

web_touchpoints as (
    select
        'web:session:' || sessions.session_id as touchpoint_id,
        sessions.person_id,
        'web' as source_system,
        'web_session' as touchpoint_type,
        sessions.session_id as reference_id,
        sessions.channel_group,
        sessions.utm_campaign as campaign_id,
        sessions.kol_id,
        cast(null as varchar) as guide_id,
        cast(null as decimal(18, 2)) as amount_cny,
        sessions.started_at as occurred_at
    from sessions
    -- a shared device's anonymous visits belong to no one
    where not sessions.is_bot and sessions.person_id is not null
),

social_touchpoints as (
    select
        'social:' || interactions.interaction_id as touchpoint_id,
        social_people.person_id,
        'social' as source_system,
        'social_' || interactions.interaction_type as touchpoint_type,
        interactions.interaction_id as reference_id,
        case
            when interactions.kol_id is not null then 'kol'
            when interactions.guide_id is not null then 'store_guide'
            when interactions.referrer_social_id is not null then 'referral'
            else 'social_organic'
        end as channel_group,
        cast(null as varchar) as campaign_id,
        interactions.kol_id,
        interactions.guide_id,
        cast(null as decimal(18, 2)) as amount_cny,
        interactions.occurred_at
    from interactions
    inner join social_people
        on interactions.social_id = social_people.social_id
),

message_people as (
    select
        messages.*,
        coalesce(customer_people.person_id, social_people.person_id) as person_id
    from messages
    left join customer_people
        on messages.customer_id = customer_people.customer_id
    left join social_people
        on messages.social_id = social_people.social_id
),

message_touchpoints as (
    select
        'marketing:message:' || message_id as touchpoint_id,
        person_id,
        'marketing' as source_system,
        case
            when is_clicked then 'message_clicked'
            when is_opened then 'message_opened'
            else 'message_sent'
        end as touchpoint_type,
        message_id as reference_id,
        {{ campaign_channel_group('channel') }} as channel_group,
        campaign_id,
        cast(null as varchar) as kol_id,
        cast(null as varchar) as guide_id,
        cast(null as decimal(18, 2)) as amount_cny,
        coalesce(clicked_at, opened_at, sent_at) as occurred_at
    from message_people
    where person_id is not null
),

coupon_people as (
    select
        coupons.*,
        campaigns.channel as campaign_channel,
        campaigns.kol_id,
        coalesce(customer_people.person_id, social_people.person_id) as person_id
    from coupons
    left join campaigns
        on coupons.campaign_id = campaigns.campaign_id
    left join customer_people
        on coupons.customer_id = customer_people.customer_id
    left join social_people
        on coupons.social_id = social_people.social_id
),

coupon_touchpoints as (
    select
        'marketing:coupon_issued:' || coupon_id as touchpoint_id,
        person_id,
        'marketing' as source_system,
        'coupon_issued' as touchpoint_type,
        coupon_id as reference_id,
        {{ campaign_channel_group('campaign_channel') }} as channel_group,
        campaign_id,
        kol_id,
        cast(null as varchar) as guide_id,
        face_value as amount_cny,
        issued_at as occurred_at
    from coupon_people
    where person_id is not null
    union all
    select
        'marketing:coupon_redeemed:' || coupon_id as touchpoint_id,
        person_id,
        'marketing' as source_system,
        'coupon_redeemed' as touchpoint_type,
        coupon_id as reference_id,
        {{ campaign_channel_group('campaign_channel') }} as channel_group,
        campaign_id,
        kol_id,
        cast(null as varchar) as guide_id,
        face_value as amount_cny,
        redeemed_at as occurred_at
    from coupon_people
    where person_id is not null and redeemed_at is not null
),

order_touchpoints as (
    select
        'shop:order:' || order_id as touchpoint_id,
        person_id,
        'shop' as source_system,
        case when is_revenue_order then 'order' else 'order_not_completed' end
            as touchpoint_type,
        order_id as reference_id,
        -- web, app and mini-program orders are credited to their sessions, not here
        case
            when channel = 'store' then 'store_guide'
            when channel = 'marketplace' then 'marketplace'
        end as channel_group,
        cast(null as varchar) as campaign_id,
        cast(null as varchar) as kol_id,
        guide_id,
        net_revenue_cny as amount_cny,
        ordered_at as occurred_at
    from orders
    where person_id is not null
),

refund_touchpoints as (
    select
        'shop:refund:' || refunds.refund_id as touchpoint_id,
        orders.person_id,
        'shop' as source_system,
        'refund' as touchpoint_type,
        refunds.refund_id as reference_id,
        cast(null as varchar) as channel_group,
        cast(null as varchar) as campaign_id,
        cast(null as varchar) as kol_id,
        cast(null as varchar) as guide_id,
        refunds.refund_amount_cny as amount_cny,
        refunds.refunded_at as occurred_at
    from refunds
    inner join orders
        on refunds.order_id = orders.order_id
    where orders.person_id is not null
),

ticket_touchpoints as (
    select
        'service:ticket:' || tickets.ticket_id as touchpoint_id,
        customer_people.person_id,
        'service' as source_system,
        'ticket_' || tickets.ticket_type as touchpoint_type,
        tickets.ticket_id as reference_id,
        cast(null as varchar) as channel_group,
        cast(null as varchar) as campaign_id,
        cast(null as varchar) as kol_id,
        cast(null as varchar) as guide_id,
        cast(null as decimal(18, 2)) as amount_cny,
        tickets.opened_at as occurred_at
    from tickets
    inner join customer_people
        on tickets.customer_id = customer_people.customer_id
),

registration_people as (
    select
        registrations.*,
        coalesce(customer_people.person_id, social_people.person_id) as person_id
    from registrations
    left join customer_people
        on registrations.customer_id = customer_people.customer_id
    left join social_people
        on registrations.social_id = social_people.social_id
),

event_touchpoints as (
    select
        'service:event_registration:' || registration_id as touchpoint_id,
        person_id,
        'service' as source_system,
        case
            when is_checked_in then 'event_checked_in' else 'event_registered'
        end as touchpoint_type,
        registration_id as reference_id,
        cast(null as varchar) as channel_group,
        event_id as campaign_id,
        cast(null as varchar) as kol_id,
        cast(null as varchar) as guide_id,
        cast(null as decimal(18, 2)) as amount_cny,
        registered_at as occurred_at
    from registration_people
    where person_id is not null
),

membership_touchpoints as (
    select
        'loyalty:joined:' || members.member_id as touchpoint_id,
        customer_people.person_id,
        'loyalty' as source_system,
        'member_joined' as touchpoint_type,
        members.member_id as reference_id,
        case when members.join_source = 'guide_qr' then 'store_guide' end as channel_group,
        cast(null as varchar) as campaign_id,
        cast(null as varchar) as kol_id,
        members.guide_id,
        cast(null as decimal(18, 2)) as amount_cny,
        members.joined_at as occurred_at
    from members
    inner join customer_people
        on members.customer_id = customer_people.customer_id
    where members.is_current
),

unioned as (
    select * from web_touchpoints
    union all
    select * from social_touchpoints
    union all
    select * from message_touchpoints
    union all
    select * from coupon_touchpoints
    union all
    select * from order_touchpoints
    union all
    select * from refund_touchpoints
    union all
    select * from ticket_touchpoints
    union all
    select * from event_touchpoints
    union all
    select * from membership_touchpoints
),

final as (
    select
        touchpoint_id,
        person_id,
        reference_id,
        campaign_id,
        kol_id,
        guide_id,
        source_system,
        touchpoint_type,
        channel_group,
        cast(amount_cny as decimal(18, 2)) as amount_cny,
        occurred_at,
        row_number() over (
            partition by person_id order by occurred_at, touchpoint_id
        ) as person_touchpoint_number
    from unioned
)

select * from final
