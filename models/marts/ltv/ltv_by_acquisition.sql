{#- Historic LTV summarised by how customers were acquired (customer_acquisition): one row
    per acquisition dimension (acquisition_channel, acquisition_kol, shopping_guide,
    cohort_month) and value, window anchor (first_order, registration) and window (6, 8, 12,
    24 months). Averages are over the customers whose window is complete at the as-of date;
    customers counts everyone in the group. A customer without a KOL or guide is in the group
    '(none)'. -#}
with

customers as (
    select * from {{ ref('int_ltv_customers_acquired') }}
),

acquisitions as (
    select * from {{ ref('customer_acquisition') }}
),

windows as (
    select * from {{ ref('int_ltv_windows_summed') }}
),

customer_windows as (
    select
        windows.person_id,
        windows.window_anchor,
        windows.window_months,
        windows.net_revenue,
        windows.gross_margin,
        windows.as_of_date,
        acquisitions.acquisition_channel,
        coalesce(acquisitions.acquisition_kol_id, '(none)') as acquisition_kol,
        coalesce(acquisitions.shopping_guide_id, '(none)') as shopping_guide,
        cast(customers.cohort_month as varchar) as cohort_month
    from windows
    inner join customers
        on windows.person_id = customers.person_id
    inner join acquisitions
        on windows.person_id = acquisitions.person_id
),

dimensions as (
    select
        'acquisition_channel' as acquisition_dimension,
        customer_windows.acquisition_channel as dimension_value,
        customer_windows.*
    from customer_windows
    union all
    select
        'acquisition_kol' as acquisition_dimension,
        customer_windows.acquisition_kol as dimension_value,
        customer_windows.*
    from customer_windows
    union all
    select
        'shopping_guide' as acquisition_dimension,
        customer_windows.shopping_guide as dimension_value,
        customer_windows.*
    from customer_windows
    union all
    select
        'cohort_month' as acquisition_dimension,
        customer_windows.cohort_month as dimension_value,
        customer_windows.*
    from customer_windows
),

summarised as (
    select
        acquisition_dimension,
        dimension_value,
        window_anchor,
        window_months,
        count(*) as customers,
        count(net_revenue) as complete_customers,
        count(gross_margin) as margin_customers,
        sum(net_revenue) as net_revenue,
        avg(net_revenue) as avg_net_revenue,
        sum(gross_margin) as gross_margin,
        avg(gross_margin) as avg_gross_margin,
        max(as_of_date) as as_of_date
    from dimensions
    group by acquisition_dimension, dimension_value, window_anchor, window_months
),

final as (
    select
        cast(acquisition_dimension as varchar) as acquisition_dimension,
        cast(dimension_value as varchar) as dimension_value,
        cast(window_anchor as varchar) as window_anchor,
        cast(window_months as integer) as window_months,
        cast(customers as bigint) as customers,
        cast(complete_customers as bigint) as complete_customers,
        cast(margin_customers as bigint) as margin_customers,
        cast(net_revenue as decimal(18, 2)) as net_revenue,
        cast(avg_net_revenue as decimal(18, 2)) as avg_net_revenue,
        cast(gross_margin as decimal(18, 2)) as gross_margin,
        cast(avg_gross_margin as decimal(18, 2)) as avg_gross_margin,
        cast(as_of_date as date) as as_of_date
    from summarised
)

select * from final
