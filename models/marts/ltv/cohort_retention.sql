{#- Monthly acquisition cohorts (calendar month of the first revenue order) by months since the
    first order (calendar months: 0 is the cohort month itself), overall (acquisition_channel
    'all') and by acquisition channel: customers active in the month (a revenue order), the
    share of the cohort they are, the month's net revenue, and cumulative net revenue per
    cohort customer. Every month from the cohort month to the as-of date's month has a row,
    active or not; the as-of month is flagged incomplete unless the as-of date ends it. -#}
{%- set max_months = 1200 -%}
with

ltv_customers as (
    select * from {{ ref('int_ltv_customers_acquired') }}
),

acquisitions as (
    select * from {{ ref('customer_acquisition') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
),

customers as (
    select
        ltv_customers.*,
        acquisitions.acquisition_channel
    from ltv_customers
    inner join acquisitions
        on ltv_customers.person_id = acquisitions.person_id
),

month_offsets as (
    {{ number_series(max_months, 'months_since_first_order') }}
),

customer_months as (
    -- revenue and activity per customer and month since the first order
    select
        customers.person_id,
        customers.acquisition_channel,
        customers.cohort_month,
        {{ dbt.datediff('customers.cohort_month', 'orders.ordered_date', 'month') }}
            as months_since_first_order,
        sum(orders.net_revenue_cny) as net_revenue
    from orders
    inner join customers
        on orders.person_id = customers.person_id
    where
        orders.is_revenue_order
        and orders.ordered_date <= customers.as_of_date
    group by
        customers.person_id,
        customers.acquisition_channel,
        customers.cohort_month,
        {{ dbt.datediff('customers.cohort_month', 'orders.ordered_date', 'month') }}
),

cohorts as (
    select
        acquisition_channel,
        cohort_month,
        count(*) as cohort_customers,
        max(as_of_date) as as_of_date
    from customers
    group by acquisition_channel, cohort_month
    union all
    select
        'all' as acquisition_channel,
        cohort_month,
        count(*) as cohort_customers,
        max(as_of_date) as as_of_date
    from customers
    group by cohort_month
),

cells as (
    select
        acquisition_channel,
        cohort_month,
        months_since_first_order,
        count(*) as active_customers,
        sum(net_revenue) as net_revenue
    from customer_months
    group by acquisition_channel, cohort_month, months_since_first_order
    union all
    select
        'all' as acquisition_channel,
        cohort_month,
        months_since_first_order,
        count(*) as active_customers,
        sum(net_revenue) as net_revenue
    from customer_months
    group by cohort_month, months_since_first_order
),

spine as (
    select
        cohorts.acquisition_channel,
        cohorts.cohort_month,
        month_offsets.months_since_first_order,
        cohorts.cohort_customers,
        cohorts.as_of_date
    from cohorts
    inner join month_offsets
        on
            month_offsets.months_since_first_order
            <= {{ dbt.datediff('cohorts.cohort_month', 'cohorts.as_of_date', 'month') }}
),

filled as (
    select
        spine.acquisition_channel,
        spine.cohort_month,
        spine.months_since_first_order,
        spine.cohort_customers,
        spine.as_of_date,
        coalesce(cells.active_customers, 0) as active_customers,
        coalesce(cells.net_revenue, 0) as net_revenue,
        cast(
            {{ dbt.dateadd('month', 'spine.months_since_first_order', 'spine.cohort_month') }}
            as date
        ) as period_month,
        cast(
            {{ dbt.dateadd('month', 'spine.months_since_first_order + 1', 'spine.cohort_month') }}
            as date
        ) as next_period_month
    from spine
    left join cells
        on
            spine.acquisition_channel = cells.acquisition_channel
            and spine.cohort_month = cells.cohort_month
            and spine.months_since_first_order = cells.months_since_first_order
),

cumulated as (
    select
        *,
        sum(net_revenue) over (
            partition by acquisition_channel, cohort_month
            order by months_since_first_order
            rows between unbounded preceding and current row
        ) as cumulative_net_revenue
    from filled
),

final as (
    select
        cast(acquisition_channel as varchar) as acquisition_channel,
        cast(months_since_first_order as integer) as months_since_first_order,
        cast(cohort_customers as bigint) as cohort_customers,
        cast(active_customers as bigint) as active_customers,
        cast(1.0 * active_customers / cohort_customers as {{ type_double() }}) as retention_rate,
        cast(net_revenue as decimal(18, 2)) as net_revenue,
        cast(cumulative_net_revenue as decimal(18, 2)) as cumulative_net_revenue,
        cast(cumulative_net_revenue / cohort_customers as decimal(18, 2))
            as cumulative_revenue_per_customer,
        cast({{ dbt.dateadd('day', -1, 'next_period_month') }} as date) <= as_of_date
            as is_period_complete,
        cast(as_of_date as date) as as_of_date,
        cast(cohort_month as date) as cohort_month,
        cast(period_month as date) as period_month
    from cumulated
)

select * from final
