{#- Who is in which segment as of as_of_date: one row per person and segment, RFM segments
    (rfm_<segment_key>, from the as-of snapshot) and behavioural segments alike, with since when
    and a segment-specific score and detail (see the segment_membership docs). A person is in
    at most one RFM segment and in any number of behavioural ones. -#}
with

rfm_snapshots as (
    select * from {{ ref('int_rfm_snapshots_scored') }}
),

brand_loyal as (
    select * from {{ ref('int_brand_loyal_buyers_identified') }}
),

discount_only as (
    select * from {{ ref('int_discount_only_buyers_identified') }}
),

festival_only as (
    select * from {{ ref('int_festival_only_buyers_identified') }}
),

link_clickers as (
    select * from {{ ref('int_link_clickers_identified') }}
),

influencers as (
    select * from {{ ref('int_influencers_identified') }}
),

birthdays as (
    select * from {{ ref('int_birthday_customers_identified') }}
),

lapsed_members as (
    select * from {{ ref('int_lapsed_members_identified') }}
),

cart_abandoners as (
    select * from {{ ref('cart_abandoners') }}
),

latest_snapshot as (
    select max(snapshot_date) as as_of_date
    from rfm_snapshots
),

rfm_members as (
    select
        rfm_snapshots.person_id,
        'rfm_' || rfm_snapshots.rfm_segment_key as segment,
        'rfm' as segment_family,
        rfm_snapshots.rfm_segment || ' ('
        || cast(rfm_snapshots.r_score as varchar)
        || cast(rfm_snapshots.f_score as varchar)
        || cast(rfm_snapshots.m_score as varchar) || ')' as detail,
        cast(rfm_snapshots.monetary as {{ type_double() }}) as score,
        rfm_snapshots.snapshot_date as as_of_date,
        rfm_snapshots.segment_since_date as since_date
    from rfm_snapshots
    inner join latest_snapshot
        on rfm_snapshots.snapshot_date = latest_snapshot.as_of_date
),

behavioural_members as (
    select
        person_id,
        segment,
        'behavioural' as segment_family,
        detail,
        score,
        as_of_date,
        since_date
    from brand_loyal
    union all
    select
        person_id,
        segment,
        'behavioural' as segment_family,
        detail,
        score,
        as_of_date,
        since_date
    from discount_only
    union all
    select
        person_id,
        segment,
        'behavioural' as segment_family,
        detail,
        score,
        as_of_date,
        since_date
    from festival_only
    union all
    select
        person_id,
        segment,
        'behavioural' as segment_family,
        detail,
        score,
        as_of_date,
        since_date
    from link_clickers
    union all
    select
        person_id,
        segment,
        'behavioural' as segment_family,
        detail,
        score,
        as_of_date,
        since_date
    from influencers
    union all
    select
        person_id,
        segment,
        'behavioural' as segment_family,
        detail,
        score,
        as_of_date,
        since_date
    from birthdays
    union all
    select
        person_id,
        segment,
        'behavioural' as segment_family,
        detail,
        score,
        as_of_date,
        since_date
    from lapsed_members
    union all
    select
        person_id,
        'cart_abandoner' as segment,
        'behavioural' as segment_family,
        last_cart_channel_group as detail,
        cast(days_since_add_to_cart as {{ type_double() }}) as score,
        as_of_date,
        cast(
            {{ dbt.dateadd(
                'day', var('cart_abandonment_days') | int, 'last_added_to_cart_date'
            ) }} as date
        ) as since_date
    from cart_abandoners
),

unioned as (
    select * from rfm_members
    union all
    select * from behavioural_members
),

final as (
    select
        cast(person_id as varchar) as person_id,
        cast(segment as varchar) as segment,
        cast(segment_family as varchar) as segment_family,
        cast(detail as varchar) as detail,
        cast(score as {{ type_double() }}) as score,
        cast(as_of_date as date) as as_of_date,
        cast(since_date as date) as since
    from unioned
)

select * from final
