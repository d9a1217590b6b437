{#- Discount-only buyers: people with at least var('discount_only_min_orders') paid revenue
    orders up to as_of_date of which at least var('discount_only_min_order_share') had a
    discount or a coupon. Gift orders (paid amount zero) are left out: they are free, neither
    discounted nor full price. since is the date from which the cumulative share, order after
    order, has stayed at or above the threshold with enough orders. -#}
{%- set min_share = var('discount_only_min_order_share') -%}
{%- set min_orders = var('discount_only_min_orders') | int -%}
with

orders as (
    select * from {{ ref('int_orders_netted') }}
),

as_of as (
    select coalesce({{ as_of_date_or_null() }}, max(ordered_date)) as as_of_date
    from orders
),

paid_orders as (
    select
        orders.order_id,
        orders.person_id,
        orders.ordered_date,
        orders.ordered_at,
        as_of.as_of_date,
        case when orders.has_discount or orders.has_coupon then 1 else 0 end as is_discounted
    from orders
    cross join as_of
    where
        orders.is_revenue_order
        and not orders.is_gift_order
        and orders.person_id is not null
        and orders.ordered_date <= as_of.as_of_date
),

cumulative as (
    select
        *,
        row_number() over (
            partition by person_id order by ordered_at, order_id
        ) as order_number,
        count(*) over (partition by person_id) as orders_count,
        sum(is_discounted) over (
            partition by person_id order by ordered_at, order_id
            rows between unbounded preceding and current row
        ) as cumulative_discounted
    from paid_orders
),

qualified as (
    select
        *,
        order_number >= {{ min_orders }}
        and cumulative_discounted >= {{ min_share }} * order_number as is_qualified
    from cumulative
),

runs as (
    select
        *,
        is_qualified and not coalesce(
            lag(is_qualified) over (partition by person_id order by order_number), false
        ) as is_run_start
    from qualified
),

per_person as (
    select
        person_id,
        as_of_date,
        max(orders_count) as orders_count,
        max(case when order_number = orders_count then cumulative_discounted end)
            as discounted_orders,
        {{ dbt.bool_or("order_number = orders_count and is_qualified") }} as is_member,
        max(case when is_run_start then ordered_date end) as since_date
    from runs
    group by person_id, as_of_date
),

final as (
    select
        person_id,
        'discount_only' as segment,
        cast(discounted_orders as varchar) || ' of ' || cast(orders_count as varchar)
        || ' orders discounted' as detail,
        cast(discounted_orders as {{ type_double() }}) / orders_count as score,
        orders_count,
        as_of_date,
        since_date
    from per_person
    where is_member
)

select * from final
