{#- Brand-loyal buyers: people with at least var('brand_loyal_min_orders') revenue orders up to
    as_of_date whose spend (order line amounts in CNY, before refunds; lines of unknown skus
    left out) is at least var('brand_loyal_min_spend_share') on one brand. since is the date
    from which the cumulative share of that brand, order after order, has stayed at or above
    the threshold with enough orders. -#}
{%- set min_share = var('brand_loyal_min_spend_share') -%}
{%- set min_orders = var('brand_loyal_min_orders') | int -%}
with

orders as (
    select * from {{ ref('int_orders_netted') }}
),

order_items as (
    select * from {{ ref('stg_shop__order_items') }}
),

products as (
    select * from {{ ref('stg_shop__products') }}
),

as_of as (
    select coalesce({{ as_of_date_or_null() }}, max(ordered_date)) as as_of_date
    from orders
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

order_brand_spend as (
    select
        order_items.order_id,
        products.brand,
        sum(order_items.line_amount_cny) as spend_cny
    from order_items
    inner join products
        on order_items.sku = products.sku
    group by order_items.order_id, products.brand
),

person_brand_spend as (
    select
        revenue_orders.person_id,
        order_brand_spend.brand,
        sum(order_brand_spend.spend_cny) as spend_cny
    from revenue_orders
    inner join order_brand_spend
        on revenue_orders.order_id = order_brand_spend.order_id
    group by revenue_orders.person_id, order_brand_spend.brand
),

top_brands as (
    select
        person_id,
        brand,
        row_number() over (
            partition by person_id order by spend_cny desc, brand asc
        ) as brand_rank
    from person_brand_spend
),

order_spend as (
    select
        revenue_orders.order_id,
        revenue_orders.person_id,
        revenue_orders.ordered_date,
        revenue_orders.ordered_at,
        revenue_orders.as_of_date,
        top_brands.brand,
        coalesce(sum(order_brand_spend.spend_cny), 0) as spend_cny,
        coalesce(sum(
            case
                when order_brand_spend.brand = top_brands.brand
                    then order_brand_spend.spend_cny
            end
        ), 0) as brand_spend_cny
    from revenue_orders
    inner join top_brands
        on
            revenue_orders.person_id = top_brands.person_id
            and top_brands.brand_rank = 1
    left join order_brand_spend
        on revenue_orders.order_id = order_brand_spend.order_id
    group by
        revenue_orders.order_id,
        revenue_orders.person_id,
        revenue_orders.ordered_date,
        revenue_orders.ordered_at,
        revenue_orders.as_of_date,
        top_brands.brand
),

cumulative as (
    select
        *,
        row_number() over (
            partition by person_id order by ordered_at, order_id
        ) as order_number,
        count(*) over (partition by person_id) as orders_count,
        sum(brand_spend_cny) over (
            partition by person_id order by ordered_at, order_id
            rows between unbounded preceding and current row
        ) as cumulative_brand_spend_cny,
        sum(spend_cny) over (
            partition by person_id order by ordered_at, order_id
            rows between unbounded preceding and current row
        ) as cumulative_spend_cny
    from order_spend
),

qualified as (
    select
        *,
        cumulative_brand_spend_cny / nullif(cumulative_spend_cny, 0) as cumulative_share,
        coalesce(
            order_number >= {{ min_orders }}
            and cumulative_brand_spend_cny
            >= {{ min_share }} * cumulative_spend_cny
            and cumulative_spend_cny > 0,
            false
        ) as is_qualified
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
        brand,
        max(orders_count) as orders_count,
        max(case when order_number = orders_count then cumulative_share end) as spend_share,
        max(case when order_number = orders_count then cumulative_spend_cny end) as spend_cny,
        {{ dbt.bool_or("order_number = orders_count and is_qualified") }} as is_member,
        max(case when is_run_start then ordered_date end) as since_date
    from runs
    group by person_id, as_of_date, brand
),

final as (
    select
        person_id,
        'brand_loyal' as segment,
        brand as detail,
        cast(spend_share as {{ type_double() }}) as score,
        orders_count,
        spend_cny,
        as_of_date,
        since_date
    from per_person
    where is_member
)

select * from final
