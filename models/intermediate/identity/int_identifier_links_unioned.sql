{#- Every identifier the sources show, and every pair of identifiers one source row shows
    together (a link: the same person behind both). A row with a null linked identifier only
    records that the identifier exists. One row per distinct observation and source.
    Links come from every raw row (the base_ models), quarantined ones included: quarantine
    decides which facts are trusted, and a bad timestamp or an unknown platform name does not
    make the ids printed on the row untrue (superseded account versions carry the customer's
    earlier phones and emails). -#}
with

customer_rows as (
    select * from {{ ref('base_shop__customers') }}
),

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

tickets as (
    select * from {{ ref('stg_service__tickets') }}
),

web_events as (
    select * from {{ ref('base_web__events') }}
),

social_accounts as (
    select * from {{ ref('base_social__accounts') }}
),

social_interactions as (
    select * from {{ ref('base_social__interactions') }}
),

members as (
    select * from {{ ref('base_loyalty__members') }}
),

messages as (
    select * from {{ ref('base_marketing__messages') }}
),

coupons as (
    select * from {{ ref('base_marketing__coupons') }}
),

registrations as (
    select * from {{ ref('base_service__event_registrations') }}
),

account_links as (
    select distinct
        'shop_customers' as link_source,
        'customer_id' as identifier_type,
        customer_id as identifier,
        'phone' as linked_identifier_type,
        phone_e164 as linked_identifier
    from customer_rows
    union all
    select distinct
        'shop_customers' as link_source,
        'customer_id' as identifier_type,
        customer_id as identifier,
        'email' as linked_identifier_type,
        email as linked_identifier
    from customer_rows
),

order_customers as (
    select distinct
        'shop_orders' as link_source,
        'customer_id' as identifier_type,
        customer_id as identifier,
        cast(null as varchar) as linked_identifier_type,
        cast(null as varchar) as linked_identifier
    from orders
    union all
    select distinct
        'service_tickets' as link_source,
        'customer_id' as identifier_type,
        customer_id as identifier,
        cast(null as varchar) as linked_identifier_type,
        cast(null as varchar) as linked_identifier
    from tickets
),

web_identifiers as (
    select distinct
        anonymous_id,
        customer_id,
        social_id
    from web_events
),

web_links as (
    select distinct
        'web_events' as link_source,
        'anonymous_id' as identifier_type,
        anonymous_id as identifier,
        'customer_id' as linked_identifier_type,
        customer_id as linked_identifier
    from web_identifiers
    union all
    select distinct
        'web_events' as link_source,
        'anonymous_id' as identifier_type,
        anonymous_id as identifier,
        'social_id' as linked_identifier_type,
        social_id as linked_identifier
    from web_identifiers
),

social_account_links as (
    select
        'social_accounts' as link_source,
        'social_id' as identifier_type,
        social_id as identifier,
        'union_id' as linked_identifier_type,
        union_id as linked_identifier
    from social_accounts
    union all
    select
        'social_accounts' as link_source,
        'social_id' as identifier_type,
        social_id as identifier,
        'phone' as linked_identifier_type,
        phone_e164 as linked_identifier
    from social_accounts
),

interaction_links as (
    select distinct
        'social_interactions' as link_source,
        'social_id' as identifier_type,
        social_id as identifier,
        'anonymous_id' as linked_identifier_type,
        -- only a link click opens a web visit of the same person
        case when interaction_type = 'click_link' then anonymous_id end as linked_identifier
    from social_interactions
),

member_links as (
    select distinct
        'loyalty_members' as link_source,
        'member_id' as identifier_type,
        member_id as identifier,
        'customer_id' as linked_identifier_type,
        customer_id as linked_identifier
    from members
),

recipient_links as (
    select distinct
        'marketing_messages' as link_source,
        'customer_id' as identifier_type,
        customer_id as identifier,
        'social_id' as linked_identifier_type,
        social_id as linked_identifier
    from messages
    union all
    select distinct
        'marketing_coupons' as link_source,
        'customer_id' as identifier_type,
        customer_id as identifier,
        'social_id' as linked_identifier_type,
        social_id as linked_identifier
    from coupons
    union all
    select distinct
        'event_registrations' as link_source,
        'customer_id' as identifier_type,
        customer_id as identifier,
        'social_id' as linked_identifier_type,
        social_id as linked_identifier
    from registrations
),

observations as (
    select * from account_links
    union all
    select * from order_customers
    union all
    select * from web_links
    union all
    select * from social_account_links
    union all
    select * from interaction_links
    union all
    select * from member_links
    union all
    select * from recipient_links
),

oriented as (
    -- a row whose left identifier is null still shows that its right one exists: keep it,
    -- swapped to the left, so that no identifier a source shows is lost
    select
        link_source,
        coalesce(identifier, linked_identifier) as identifier,
        case
            when identifier is null then linked_identifier_type else identifier_type
        end as identifier_type,
        case when identifier is not null then linked_identifier end as linked_identifier,
        case
            when identifier is not null and linked_identifier is not null
                then linked_identifier_type
        end as linked_identifier_type
    from observations
    where identifier is not null or linked_identifier is not null
),

final as (
    select distinct
        link_source,
        identifier_type,
        identifier,
        linked_identifier_type,
        linked_identifier
    from oriented
)

select * from final
