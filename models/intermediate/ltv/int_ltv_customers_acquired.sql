{#- One row per customer as of the as-of date (var as_of_date, default the latest local order
    date): a person with a revenue order on or before it. Their first revenue order (the
    anchor of the first-purchase windows and of the acquisition cohort), their registration
    (the earliest of their accounts) and how they were acquired: `kol` when a KOL's social
    post (an interaction carrying a kol_id) reached them on or before the first order, or the
    first order redeemed a coupon of a KOL's campaign; else the channel group of the campaign
    of the coupon the first order redeemed; else store_guide for a store order, marketplace for
    a marketplace order, else direct. The shopping guide is the first order's, else the guide
    of their earliest guide interaction (QR scan, WeChat friend) on or before the first order,
    else the guide of their earliest membership joined by the as-of date. -#}
with

orders as (
    select * from {{ ref('int_orders_netted') }}
),

customers as (
    select * from {{ ref('stg_shop__customers') }}
),

members as (
    select * from {{ ref('stg_loyalty__members') }}
),

coupons as (
    select * from {{ ref('stg_marketing__coupons') }}
),

campaigns as (
    select * from {{ ref('stg_marketing__campaigns') }}
),

interactions as (
    select * from {{ ref('stg_social__interactions') }}
),

resolved as (
    select * from {{ ref('int_identifiers_resolved') }}
    where person_id is not null
),

customer_people as (
    select
        identifier as customer_id,
        person_id
    from resolved
    where identifier_type = 'customer_id'
),

social_people as (
    select
        identifier as social_id,
        person_id
    from resolved
    where identifier_type = 'social_id'
),

as_of as (
    -- one row: the var, else the latest local order date
    select coalesce({{ as_of_date_or_null() }}, max(ordered_date)) as as_of_date
    from orders
),

revenue_orders as (
    select
        orders.order_id,
        orders.person_id,
        orders.store_id,
        orders.guide_id,
        orders.coupon_id,
        orders.channel,
        orders.net_revenue_cny,
        orders.ordered_date,
        orders.ordered_at,
        as_of.as_of_date
    from orders
    cross join as_of
    where
        orders.is_revenue_order
        and orders.person_id is not null
        and orders.ordered_date <= as_of.as_of_date
),

ranked_orders as (
    select
        *,
        row_number() over (
            partition by person_id order by ordered_at, order_id
        ) as order_number,
        count(*) over (partition by person_id) as revenue_orders_count
    from revenue_orders
),

first_orders as (
    select * from ranked_orders
    where order_number = 1
),

registrations as (
    select
        customer_people.person_id,
        min(customers.registered_date) as registered_date
    from customers
    inner join customer_people
        on customers.customer_id = customer_people.customer_id
    group by customer_people.person_id
),

first_memberships as (
    -- the first version of the earliest membership joined on or before the as-of date
    select
        customer_people.person_id,
        members.guide_id,
        row_number() over (
            partition by customer_people.person_id
            order by members.joined_at, members.member_id, members.valid_from
        ) as membership_number
    from members
    inner join customer_people
        on members.customer_id = customer_people.customer_id
    cross join as_of
    where members.joined_date <= as_of.as_of_date
),

first_order_campaigns as (
    select
        first_orders.order_id,
        campaigns.campaign_id,
        campaigns.channel as campaign_channel,
        campaigns.kol_id
    from first_orders
    inner join coupons
        on first_orders.coupon_id = coupons.coupon_id
    inner join campaigns
        on coupons.campaign_id = campaigns.campaign_id
),

social_touches as (
    -- the customer's social interactions on or before their first order
    select
        first_orders.person_id,
        interactions.interaction_id,
        interactions.kol_id,
        interactions.guide_id,
        interactions.occurred_at
    from first_orders
    inner join social_people
        on first_orders.person_id = social_people.person_id
    inner join interactions
        on social_people.social_id = interactions.social_id
    where
        interactions.occurred_at <= first_orders.ordered_at
        and (interactions.kol_id is not null or interactions.guide_id is not null)
),

first_kol_touches as (
    select
        person_id,
        kol_id,
        row_number() over (
            partition by person_id order by occurred_at, interaction_id
        ) as touch_number
    from social_touches
    where kol_id is not null
),

first_guide_touches as (
    select
        person_id,
        guide_id,
        row_number() over (
            partition by person_id order by occurred_at, interaction_id
        ) as touch_number
    from social_touches
    where guide_id is not null
),

acquired as (
    select
        first_orders.person_id,
        first_orders.order_id as first_order_id,
        first_order_campaigns.campaign_id as acquisition_campaign_id,
        coalesce(first_kol_touches.kol_id, first_order_campaigns.kol_id) as acquisition_kol_id,
        coalesce(
            first_orders.guide_id, first_guide_touches.guide_id, first_memberships.guide_id
        ) as shopping_guide_id,
        first_orders.store_id as first_order_store_id,
        first_orders.channel as first_order_channel,
        case
            when first_kol_touches.kol_id is not null then 'social_kol_touch'
            when first_order_campaigns.campaign_id is not null then 'first_order_coupon'
            else 'first_order_channel'
        end as acquisition_source,
        case
            when first_kol_touches.kol_id is not null then 'kol'
            when first_order_campaigns.kol_id is not null then 'kol'
            when first_order_campaigns.campaign_channel = 'email' then 'email'
            when first_order_campaigns.campaign_channel = 'sms' then 'sms'
            when first_order_campaigns.campaign_channel in ('wechat', 'weibo', 'douyin')
                then 'social_organic'
            when first_order_campaigns.campaign_channel = 'red_packet' then 'social_paid'
            when first_order_campaigns.campaign_channel = 'display' then 'display'
            when first_order_campaigns.campaign_channel = 'sem' then 'paid_search'
            when first_order_campaigns.campaign_channel = 'kol' then 'kol'
            when first_orders.channel = 'store' then 'store_guide'
            when first_orders.channel = 'marketplace' then 'marketplace'
            else 'direct'
        end as acquisition_channel,
        first_orders.revenue_orders_count,
        first_orders.net_revenue_cny as first_order_net_revenue_cny,
        first_orders.as_of_date,
        cast({{ dbt.date_trunc('month', 'first_orders.ordered_date') }} as date) as cohort_month,
        first_orders.ordered_date as first_order_date,
        registrations.registered_date,
        first_orders.ordered_at as first_order_at
    from first_orders
    left join first_order_campaigns
        on first_orders.order_id = first_order_campaigns.order_id
    left join first_kol_touches
        on
            first_orders.person_id = first_kol_touches.person_id
            and first_kol_touches.touch_number = 1
    left join first_guide_touches
        on
            first_orders.person_id = first_guide_touches.person_id
            and first_guide_touches.touch_number = 1
    left join first_memberships
        on
            first_orders.person_id = first_memberships.person_id
            and first_memberships.membership_number = 1
    left join registrations
        on first_orders.person_id = registrations.person_id
),

final as (
    select
        person_id,
        first_order_id,
        acquisition_campaign_id,
        acquisition_kol_id,
        shopping_guide_id,
        first_order_store_id,
        first_order_channel,
        acquisition_source,
        acquisition_channel,
        revenue_orders_count,
        first_order_net_revenue_cny,
        as_of_date,
        cohort_month,
        first_order_date,
        registered_date,
        first_order_at
    from acquired
)

select * from final
