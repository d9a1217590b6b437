{#- People who click only discount links or friends' shared links: at least
    var('link_clicker_min_clicks') link clicks up to as_of_date (int_link_clicks_classified)
    and none of kind `other`. One other click ends it for good, so since is the date of the
    click that reached the minimum. -#}
{%- set min_clicks = var('link_clicker_min_clicks') | int -%}
with

clicks as (
    select * from {{ ref('int_link_clicks_classified') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
),

as_of as (
    select coalesce({{ as_of_date_or_null() }}, max(ordered_date)) as as_of_date
    from orders
),

numbered as (
    select
        *,
        row_number() over (
            partition by person_id order by clicked_at, click_source, click_id
        ) as click_number
    from clicks
),

per_person as (
    select
        person_id,
        count(*) as clicks_count,
        sum(case when link_kind = 'friend_share' then 1 else 0 end) as friend_share_clicks,
        sum(case when link_kind = 'discount' then 1 else 0 end) as discount_clicks,
        max(case when click_number = {{ min_clicks }} then clicked_date end) as since_date
    from numbered
    group by person_id
),

final as (
    select
        per_person.person_id,
        'discount_or_friend_link_clicker' as segment,
        'friend_share ' || cast(per_person.friend_share_clicks as varchar)
        || ', discount ' || cast(per_person.discount_clicks as varchar) as detail,
        cast(per_person.clicks_count as {{ type_double() }}) as score,
        per_person.clicks_count,
        per_person.friend_share_clicks,
        per_person.discount_clicks,
        as_of.as_of_date,
        per_person.since_date
    from per_person
    cross join as_of
    where
        per_person.clicks_count >= {{ min_clicks }}
        and per_person.friend_share_clicks + per_person.discount_clicks = per_person.clicks_count
)

select * from final
