{#- One row per person: identifiers, profile, lifecycle layer, acquisition, orders and value,
    web and social engagement, membership and service. A person is a component of the identity
    graph; shared identifiers belong to no one, and visitors seen only as a crawler are not
    people. -#}
with

resolved as (
    select * from {{ ref('int_identifiers_resolved') }}
    where not is_shared
),

customers as (
    select * from {{ ref('stg_shop__customers') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
),

order_items as (
    select * from {{ ref('stg_shop__order_items') }}
),

products as (
    select * from {{ ref('stg_shop__products') }}
),

touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

sessions as (
    select * from {{ ref('fct_sessions') }}
),

interactions as (
    select * from {{ ref('stg_social__interactions') }}
),

current_memberships as (
    select * from {{ ref('int_current_memberships_chosen') }}
),

tickets as (
    select * from {{ ref('stg_service__tickets') }}
),

rfm as (
    select * from {{ ref('customer_rfm') }}
),

ltv_scores as (
    select * from {{ ref('int_ltv_customers_scored') }}
),

acquisitions as (
    select * from {{ ref('customer_acquisition') }}
),

current_layers as (
    select * from {{ ref('int_lifecycle_layers_reached') }}
    where is_current_layer
),

referrals as (
    select * from {{ ref('int_referrals_linked') }}
),

as_of as (
    select coalesce({{ as_of_date_or_null() }}, max(ordered_date)) as as_of_date
    from orders
),

identifiers_per_person as (
    select
        person_id,
        min(case when identifier_type = 'customer_id' then identifier end)
            as primary_customer_id,
        min(case when identifier_type = 'member_id' then identifier end) as member_id,
        count(case when identifier_type = 'customer_id' then 1 end) as customer_ids,
        count(case when identifier_type = 'anonymous_id' then 1 end) as anonymous_ids,
        count(case when identifier_type = 'social_id' then 1 end) as social_ids,
        count(case when identifier_type = 'union_id' then 1 end) as union_ids,
        count(case when identifier_type = 'member_id' then 1 end) as member_ids,
        count(case when identifier_type = 'phone' then 1 end) as phones,
        count(case when identifier_type = 'email' then 1 end) as emails
    from resolved
    group by person_id
),

customer_people as (
    select * from {{ ref('int_customer_ids_resolved') }}
),

social_people as (
    select * from {{ ref('int_social_ids_resolved') }}
),

latest_profiles as (
    -- the profile of the person's most recently updated account
    select
        customer_people.person_id,
        customers.gender,
        customers.city,
        customers.birth_date,
        customers.phone_e164,
        customers.email,
        row_number() over (
            partition by customer_people.person_id
            order by customers.updated_at desc, customers.customer_id asc
        ) as profile_rank
    from customers
    inner join customer_people
        on customers.customer_id = customer_people.customer_id
),

registrations as (
    select
        customer_people.person_id,
        min(customers.registered_at) as registered_at
    from customers
    inner join customer_people
        on customers.customer_id = customer_people.customer_id
    group by customer_people.person_id
),

revenue_orders as (
    select * from orders
    where is_revenue_order and person_id is not null
),

orders_per_person as (
    select
        person_id,
        count(*) as orders_count,
        count(distinct ordered_date) as order_days,
        sum(paid_amount_cny) as gross_revenue,
        sum(refund_amount_cny) as refunds_amount,
        sum(net_revenue_cny) as net_revenue,
        sum(gross_margin_cny) as gross_margin,
        sum(case when refunds_count > 0 then 1 else 0 end) as refunded_orders,
        avg(case when has_discount or has_coupon then 1.0 else 0.0 end)
            as discounted_order_share,
        min(ordered_at) as first_order_at,
        max(ordered_at) as last_order_at
    from revenue_orders
    group by person_id
),

spend_per_product_group as (
    select
        revenue_orders.person_id,
        products.category,
        products.brand,
        sum(order_items.line_amount_cny) as spend_cny
    from order_items
    inner join revenue_orders
        on order_items.order_id = revenue_orders.order_id
    inner join products
        on order_items.sku = products.sku
    group by revenue_orders.person_id, products.category, products.brand
),

favourite_categories as (
    select
        person_id,
        category,
        row_number() over (
            partition by person_id order by sum(spend_cny) desc, category
        ) as category_rank
    from spend_per_product_group
    group by person_id, category
),

favourite_brands as (
    select
        person_id,
        brand,
        row_number() over (
            partition by person_id order by sum(spend_cny) desc, brand
        ) as brand_rank
    from spend_per_product_group
    group by person_id, brand
),

touchpoints_per_person as (
    select
        person_id,
        min(occurred_at) as first_seen_at,
        max(occurred_at) as last_seen_at,
        count(*) as touchpoints_count
    from touchpoints
    group by person_id
),

person_sessions as (
    select
        sessions.person_id,
        count(*) as web_sessions,
        sum(sessions.page_views) as page_views,
        sum(case when sessions.converted then 1 else 0 end) as converted_sessions
    from sessions
    where not sessions.is_bot and sessions.person_id is not null
    group by sessions.person_id
),

bot_only_people as (
    -- people seen only as crawler traffic: not customers of the shop
    select person_id
    from sessions
    where person_id is not null
    group by person_id
    having min(case when is_bot then 1 else 0 end) = 1
),

social_per_person as (
    select
        social_people.person_id,
        count(*) as social_interactions,
        sum(case when interactions.interaction_type = 'share' then 1 else 0 end)
            as share_count,
        max(case when interactions.interaction_type = 'follow' then 1 else 0 end) = 1
            as has_followed,
        max(case when interactions.interaction_type = 'add_friend' then 1 else 0 end) = 1
            as is_guide_friend,
        max(
            case
                when interactions.interaction_type
                    in ('like', 'comment', 'share', 'message', 'click_link', 'scan_qr')
                    then 1
                else 0
            end
        ) = 1 as has_interacted
    from interactions
    inner join social_people
        on interactions.social_id = social_people.social_id
    group by social_people.person_id
),

referred_people as (
    select
        referrer_person_id as person_id,
        count(*) as people_referred
    from referrals
    group by referrer_person_id
),

clicked_messages as (
    select distinct person_id
    from touchpoints
    where touchpoint_type = 'message_clicked'
),

tickets_per_person as (
    select
        customer_people.person_id,
        count(*) as service_tickets,
        sum(case when tickets.ticket_type = 'complaint' then 1 else 0 end) as complaints,
        avg(tickets.satisfaction_score) as avg_satisfaction_score
    from tickets
    inner join customer_people
        on tickets.customer_id = customer_people.customer_id
    group by customer_people.person_id
),

people as (
    select
        identifiers_per_person.*,
        latest_profiles.gender,
        latest_profiles.city,
        latest_profiles.birth_date,
        latest_profiles.phone_e164,
        latest_profiles.email,
        registrations.registered_at,
        orders_per_person.orders_count,
        orders_per_person.order_days,
        orders_per_person.gross_revenue,
        orders_per_person.refunds_amount,
        orders_per_person.net_revenue,
        orders_per_person.gross_margin,
        orders_per_person.refunded_orders,
        orders_per_person.discounted_order_share,
        orders_per_person.first_order_at,
        orders_per_person.last_order_at,
        favourite_categories.category as favourite_category,
        favourite_brands.brand as favourite_brand,
        touchpoints_per_person.first_seen_at,
        touchpoints_per_person.last_seen_at,
        touchpoints_per_person.touchpoints_count,
        acquisitions.acquisition_channel,
        acquisitions.acquisition_campaign_id,
        acquisitions.acquisition_kol_id,
        acquisitions.shopping_guide_id,
        person_sessions.web_sessions,
        person_sessions.page_views,
        person_sessions.converted_sessions,
        social_per_person.social_interactions,
        social_per_person.share_count,
        social_per_person.has_followed,
        social_per_person.is_guide_friend,
        social_per_person.has_interacted or clicked_messages.person_id is not null
            as has_interacted,
        referred_people.people_referred,
        current_memberships.tier as membership_tier,
        current_memberships.points_balance,
        current_memberships.joined_at as member_joined_at,
        tickets_per_person.service_tickets,
        tickets_per_person.complaints,
        tickets_per_person.avg_satisfaction_score,
        rfm.rfm_segment,
        ltv_scores.p_alive,
        ltv_scores.predicted_clv
    from identifiers_per_person
    left join latest_profiles
        on
            identifiers_per_person.person_id = latest_profiles.person_id
            and latest_profiles.profile_rank = 1
    left join registrations
        on identifiers_per_person.person_id = registrations.person_id
    left join orders_per_person
        on identifiers_per_person.person_id = orders_per_person.person_id
    left join favourite_categories
        on
            identifiers_per_person.person_id = favourite_categories.person_id
            and favourite_categories.category_rank = 1
    left join favourite_brands
        on
            identifiers_per_person.person_id = favourite_brands.person_id
            and favourite_brands.brand_rank = 1
    left join touchpoints_per_person
        on identifiers_per_person.person_id = touchpoints_per_person.person_id
    left join acquisitions
        on identifiers_per_person.person_id = acquisitions.person_id
    left join person_sessions
        on identifiers_per_person.person_id = person_sessions.person_id
    left join social_per_person
        on identifiers_per_person.person_id = social_per_person.person_id
    left join clicked_messages
        on identifiers_per_person.person_id = clicked_messages.person_id
    left join referred_people
        on identifiers_per_person.person_id = referred_people.person_id
    left join current_memberships
        on identifiers_per_person.person_id = current_memberships.person_id
    left join tickets_per_person
        on identifiers_per_person.person_id = tickets_per_person.person_id
    left join rfm
        on identifiers_per_person.person_id = rfm.person_id
    left join ltv_scores
        on identifiers_per_person.person_id = ltv_scores.person_id
    left join bot_only_people
        on identifiers_per_person.person_id = bot_only_people.person_id
    where bot_only_people.person_id is null
),

layered as (
    select
        people.*,
        -- whole years between birth and the as-of date
        (
            extract(year from as_of.as_of_date)
            - extract(year from people.birth_date)
            - case
                when
                    extract(month from as_of.as_of_date) * 100
                    + extract(day from as_of.as_of_date)
                    < extract(month from people.birth_date) * 100
                    + extract(day from people.birth_date)
                    then 1
                else 0
            end
        ) as age_years,
        -- a person without any dated trace (no touchpoint, account or registration date)
        coalesce(current_layers.lifecycle_layer, 'visitor') as lifecycle_layer
    from people
    cross join as_of
    left join current_layers
        on people.person_id = current_layers.person_id
),

final as (
    select
        person_id,
        primary_customer_id,
        member_id,
        {{ pii_hash('phone_e164') }} as phone_hash,
        {{ pii_hash('email') }} as email_hash,
        {{ mask_phone('phone_e164') }} as phone_masked,
        {{ mask_email('email') }} as email_masked,
        lifecycle_layer,
        case
            when lifecycle_layer in ('member', 'customer', 'friend') then 'strong'
            when lifecycle_layer in ('fan', 'interactor') then 'medium'
            else 'weak'
        end as connection_strength,
        acquisition_channel,
        acquisition_campaign_id as first_touch_campaign_id,
        acquisition_kol_id,
        shopping_guide_id,
        gender,
        case
            when age_years < 18 then 'under 18'
            when age_years < 25 then '18-24'
            when age_years < 35 then '25-34'
            when age_years < 45 then '35-44'
            when age_years < 55 then '45-54'
            when age_years >= 55 then '55+'
        end as age_band,
        city,
        favourite_category,
        favourite_brand,
        membership_tier,
        customer_ids,
        anonymous_ids,
        social_ids,
        union_ids,
        member_ids,
        phones,
        emails,
        cast(coalesce(orders_count, 0) as bigint) as orders_count,
        cast(coalesce(order_days, 0) as bigint) as order_days,
        cast(coalesce(refunded_orders, 0) as bigint) as refunded_orders,
        cast(coalesce(web_sessions, 0) as bigint) as web_sessions,
        cast(coalesce(page_views, 0) as bigint) as page_views,
        cast(coalesce(converted_sessions, 0) as bigint) as converted_sessions,
        cast(coalesce(touchpoints_count, 0) as bigint) as touchpoints_count,
        cast(coalesce(social_interactions, 0) as bigint) as social_interactions,
        cast(coalesce(share_count, 0) as bigint) as shares_count,
        cast(coalesce(people_referred, 0) as bigint) as people_referred,
        points_balance,
        cast(coalesce(service_tickets, 0) as bigint) as service_tickets,
        cast(coalesce(complaints, 0) as bigint) as complaints,
        cast(avg_satisfaction_score as {{ type_double() }}) as avg_satisfaction_score,
        cast(coalesce(gross_revenue, 0) as decimal(18, 2)) as gross_revenue,
        cast(coalesce(refunds_amount, 0) as decimal(18, 2)) as refunds_amount,
        cast(coalesce(net_revenue, 0) as decimal(18, 2)) as net_revenue,
        cast(gross_margin as decimal(18, 2)) as gross_margin,
        cast(net_revenue / nullif(orders_count, 0) as decimal(18, 2)) as average_order_value,
        cast(discounted_order_share as {{ type_double() }}) as discounted_order_share,
        rfm_segment,
        cast(p_alive as {{ type_double() }}) as p_alive,
        cast(predicted_clv as {{ type_double() }}) as predicted_clv,
        coalesce(has_interacted, false) as has_interacted,
        coalesce(has_followed, false) as has_followed,
        coalesce(is_guide_friend, false) as is_guide_friend,
        first_seen_at,
        last_seen_at,
        registered_at,
        first_order_at,
        last_order_at,
        member_joined_at
    from layered
)

select * from final
