{#- Festival-only buyers: people with at least var('festival_only_min_orders') revenue orders up
    to as_of_date, every one placed (local date) inside the sales window of a festival of
    var('festival_only_names') in the calendar seed. One order outside a window ends it for
    good, so since is the date of the order that reached the minimum. -#}
{%- set min_orders = var('festival_only_min_orders') | int -%}
with

orders as (
    select * from {{ ref('int_orders_netted') }}
),

calendar as (
    select * from {{ ref('calendar') }}
),

as_of as (
    select coalesce({{ as_of_date_or_null() }}, max(ordered_date)) as as_of_date
    from orders
),

festival_windows as (
    select
        festival_name,
        festival_window_start,
        festival_window_end
    from calendar
    where festival_name in ({{ sql_string_list(var('festival_only_names')) }})
),

revenue_orders as (
    select
        orders.order_id,
        orders.person_id,
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

orders_in_windows as (
    select
        revenue_orders.order_id,
        revenue_orders.person_id,
        revenue_orders.ordered_date,
        revenue_orders.ordered_at,
        revenue_orders.as_of_date,
        min(festival_windows.festival_name) as festival_name
    from revenue_orders
    left join festival_windows
        on
            revenue_orders.ordered_date >= festival_windows.festival_window_start
            and revenue_orders.ordered_date <= festival_windows.festival_window_end
    group by
        revenue_orders.order_id,
        revenue_orders.person_id,
        revenue_orders.ordered_date,
        revenue_orders.ordered_at,
        revenue_orders.as_of_date
),

numbered as (
    select
        *,
        row_number() over (
            partition by person_id order by ordered_at, order_id
        ) as order_number
    from orders_in_windows
),

per_person as (
    select
        person_id,
        as_of_date,
        count(*) as orders_count,
        count(festival_name) as festival_orders,
        count(distinct festival_name) as festivals_count,
        max(case when order_number = {{ min_orders }} then ordered_date end) as since_date
    from numbered
    group by person_id, as_of_date
),

person_festivals as (
    select distinct
        person_id,
        festival_name
    from numbered
    where festival_name is not null
),

festivals_per_person as (
    select
        person_id,
        {{ dbt.listagg('festival_name', "', '", "order by festival_name") }} as festival_names
    from person_festivals
    group by person_id
),

final as (
    select
        per_person.person_id,
        'festival_only' as segment,
        festivals_per_person.festival_names as detail,
        cast(per_person.orders_count as {{ type_double() }}) as score,
        per_person.orders_count,
        per_person.festivals_count,
        per_person.as_of_date,
        per_person.since_date
    from per_person
    inner join festivals_per_person
        on per_person.person_id = festivals_per_person.person_id
    where
        per_person.orders_count >= {{ min_orders }}
        and per_person.festival_orders = per_person.orders_count
)

select * from final
