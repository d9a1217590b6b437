{#- cohort_retention against the order fact: each cohort's last cumulative net revenue is the
    net revenue of its customers' revenue orders up to the as-of date, to the cent; everyone is
    active in month 0; the channel cohorts add up to the whole cohort. A row here names the
    cohort that breaks one of these. -#}
with

cohorts as (
    select * from {{ ref('cohort_retention') }}
),

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

expected_revenue as (
    select
        customers.acquisition_channel,
        customers.cohort_month,
        sum(orders.net_revenue_cny) as net_revenue
    from orders
    inner join customers
        on orders.person_id = customers.person_id
    where orders.is_revenue_order and orders.ordered_date <= customers.as_of_date
    group by customers.acquisition_channel, customers.cohort_month
),

last_months as (
    select
        acquisition_channel,
        cohort_month,
        cumulative_net_revenue,
        row_number() over (
            partition by acquisition_channel, cohort_month
            order by months_since_first_order desc
        ) as month_rank
    from cohorts
    where acquisition_channel != 'all'
),

revenue_mismatches as (
    select
        'revenue' as failure,
        coalesce(last_months.acquisition_channel, expected_revenue.acquisition_channel)
            as acquisition_channel,
        coalesce(last_months.cohort_month, expected_revenue.cohort_month) as cohort_month
    from last_months
    full outer join expected_revenue
        on
            last_months.acquisition_channel = expected_revenue.acquisition_channel
            and last_months.cohort_month = expected_revenue.cohort_month
    where
        coalesce(last_months.month_rank, 1) = 1
        and coalesce(last_months.cumulative_net_revenue, -1)
        != coalesce(expected_revenue.net_revenue, -1)
),

month_zero_mismatches as (
    select
        'month_0_not_everyone' as failure,
        acquisition_channel,
        cohort_month
    from cohorts
    where months_since_first_order = 0 and active_customers != cohort_customers
),

channel_totals as (
    select
        cohort_month,
        months_since_first_order,
        sum(cohort_customers) as cohort_customers,
        sum(active_customers) as active_customers,
        sum(net_revenue) as net_revenue
    from cohorts
    where acquisition_channel != 'all'
    group by cohort_month, months_since_first_order
),

channel_mismatches as (
    select
        'channels_do_not_add_up' as failure,
        cohorts.acquisition_channel,
        cohorts.cohort_month
    from cohorts
    left join channel_totals
        on
            cohorts.cohort_month = channel_totals.cohort_month
            and cohorts.months_since_first_order = channel_totals.months_since_first_order
    where
        cohorts.acquisition_channel = 'all'
        and (
            channel_totals.cohort_month is null
            or cohorts.cohort_customers != channel_totals.cohort_customers
            or cohorts.active_customers != channel_totals.active_customers
            or cohorts.net_revenue != channel_totals.net_revenue
        )
),

final as (
    select * from revenue_mismatches
    union all
    select * from month_zero_mismatches
    union all
    select * from channel_mismatches
)

select * from final
