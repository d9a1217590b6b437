{#- Loyalty members with no revenue order in the last var('lapsed_member_days') days up to
    as_of_date who joined at least that long ago (a member who joined last week has not lapsed).
    since is the day they lapsed: the later of their last revenue order and their joining, plus
    the lapse days; score is the days since then. The detail is their tier at as_of_date. -#}
{%- set lapse_days = var('lapsed_member_days') | int -%}
with

members as (
    select * from {{ ref('stg_loyalty__members') }}
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

member_people as (
    select
        identifier as member_id,
        person_id
    from identifiers
    where identifier_type = 'member_id' and not is_shared
),

member_versions as (
    select
        member_people.person_id,
        members.member_id,
        members.tier,
        members.joined_date,
        row_number() over (
            partition by member_people.person_id
            order by members.valid_from desc, members.member_id asc
        ) as version_rank
    from members
    cross join as_of
    inner join member_people
        on members.member_id = member_people.member_id
    where
        members.joined_date <= as_of.as_of_date
        and {{ to_local_date('members.valid_from') }} <= as_of.as_of_date
),

last_orders as (
    select
        orders.person_id,
        max(orders.ordered_date) as last_order_date
    from orders
    cross join as_of
    where
        orders.is_revenue_order
        and orders.person_id is not null
        and orders.ordered_date <= as_of.as_of_date
    group by orders.person_id
),

lapse_started as (
    select
        member_versions.person_id,
        member_versions.tier,
        member_versions.joined_date,
        last_orders.last_order_date,
        as_of.as_of_date,
        case
            when last_orders.last_order_date > member_versions.joined_date
                then last_orders.last_order_date
            else member_versions.joined_date
        end as last_active_date
    from member_versions
    cross join as_of
    left join last_orders
        on member_versions.person_id = last_orders.person_id
    where member_versions.version_rank = 1
),

final as (
    select
        person_id,
        'lapsed_member' as segment,
        tier as detail,
        cast({{ dbt.datediff('last_active_date', 'as_of_date', 'day') }} as {{ type_double() }})
            as score,
        joined_date,
        last_order_date,
        as_of_date,
        cast({{ dbt.dateadd('day', lapse_days, 'last_active_date') }} as date) as since_date
    from lapse_started
    where last_active_date <= cast({{ dbt.dateadd('day', -lapse_days, 'as_of_date') }} as date)
)

select * from final
