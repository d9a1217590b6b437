{#- Identifiers that must not glue people together: placeholder phones, generic emails, and
    any identifier linked to more customer accounts than one person plausibly has (a store's
    tablet, a phone typed at the counter for everyone). They stay in the graph as
    unresolved identifiers but bridge nothing. -#}
{%- set max_customers = var('identity_max_customers_per_identifier') -%}
{%- set max_social_ids = var('identity_max_social_ids_per_identifier') -%}
{%- set placeholder_phones = "'" ~ var('identity_placeholder_phones') | join("', '") ~ "'" -%}
{%- set email_likes = [] -%}
{%- for pattern in var('identity_generic_email_patterns') -%}
    {%- do email_likes.append("identifier like '" ~ pattern ~ "'") -%}
{%- endfor -%}
{%- set generic_email_match = email_likes | join(' or ') -%}
with

links as (
    select * from {{ ref('int_identifier_links_unioned') }}
),

both_directions as (
    select
        identifier_type,
        identifier,
        linked_identifier_type,
        linked_identifier
    from links
    where linked_identifier is not null
    union all
    select
        linked_identifier_type as identifier_type,
        linked_identifier as identifier,
        identifier_type as linked_identifier_type,
        identifier as linked_identifier
    from links
    where linked_identifier is not null
),

link_counts as (
    select
        identifier_type,
        identifier,
        count(distinct case when linked_identifier_type = 'customer_id' then linked_identifier end)
            as linked_customers,
        count(distinct case when linked_identifier_type = 'social_id' then linked_identifier end)
            as linked_social_ids,
        count(distinct linked_identifier_type || ':' || linked_identifier) as linked_identifiers
    from both_directions
    group by identifier_type, identifier
),

judged as (
    select
        *,
        case
            when identifier_type = 'phone' and identifier in ({{ placeholder_phones }})
                then 'placeholder_phone'
            when identifier_type = 'email' and ({{ generic_email_match }})
                then 'generic_email'
            when identifier_type != 'customer_id' and linked_customers > {{ max_customers }}
                then 'too_many_customers'
            when identifier_type not in ('social_id', 'union_id')
                and linked_social_ids > {{ max_social_ids }}
                then 'too_many_social_ids'
        end as flag_reason
    from link_counts
),

final as (
    select
        identifier_type,
        identifier,
        flag_reason,
        linked_customers,
        linked_social_ids,
        linked_identifiers
    from judged
    where flag_reason is not null
)

select * from final
