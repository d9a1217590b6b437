{#- Historic LTV per customer, window anchor and window: net revenue and gross margin of the
    revenue orders within 6, 8, 12 and 24 months of the first purchase (anchor first_order)
    and of registration (anchor registration). The window of N months from an anchor date d
    holds the local order dates d <= date < d + N months (calendar months; a month-end anchor
    clamps, 2024-03-31 + 6 months = 2024-09-30). A window is complete when its last day is on
    or before the as-of date; an incomplete window's value is null (never a partial sum), and
    so is a margin when an order in the window has none. -#}
with

customers as (
    select * from {{ ref('int_ltv_customers_acquired') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
),

window_lengths as (
    select 6 as window_months
    union all
    select 8 as window_months
    union all
    select 12 as window_months
    union all
    select 24 as window_months
),

anchors as (
    select
        person_id,
        'first_order' as window_anchor,
        as_of_date,
        first_order_date as anchor_date
    from customers
    union all
    select
        person_id,
        'registration' as window_anchor,
        as_of_date,
        registered_date as anchor_date
    from customers
),

windows as (
    select
        anchors.person_id,
        anchors.window_anchor,
        window_lengths.window_months,
        anchors.as_of_date,
        anchors.anchor_date,
        cast(
            {{ dbt.dateadd('month', 'window_lengths.window_months', 'anchors.anchor_date') }}
            as date
        ) as window_end_date
    from anchors
    cross join window_lengths
),

window_orders as (
    -- the revenue orders of each window, up to the as-of date
    select
        windows.person_id,
        windows.window_anchor,
        windows.window_months,
        orders.net_revenue_cny,
        orders.gross_margin_cny
    from windows
    inner join orders
        on
            windows.person_id = orders.person_id
            and windows.anchor_date <= orders.ordered_date
            and windows.window_end_date > orders.ordered_date
            and windows.as_of_date >= orders.ordered_date
    where orders.is_revenue_order
),

summed as (
    select
        person_id,
        window_anchor,
        window_months,
        count(*) as orders_count,
        sum(net_revenue_cny) as net_revenue,
        sum(gross_margin_cny) as gross_margin,
        count(*) - count(gross_margin_cny) as orders_without_margin
    from window_orders
    group by person_id, window_anchor, window_months
),

completed as (
    select
        windows.*,
        coalesce(
            cast({{ dbt.dateadd('day', -1, 'windows.window_end_date') }} as date)
            <= windows.as_of_date,
            false
        ) as is_complete
    from windows
),

final as (
    select
        completed.person_id,
        completed.window_anchor,
        completed.window_months,
        cast(
            case when completed.is_complete then coalesce(summed.orders_count, 0) end
            as bigint
        ) as orders_count,
        cast(
            case when completed.is_complete then coalesce(summed.net_revenue, 0) end
            as decimal(18, 2)
        ) as net_revenue,
        cast(
            case
                when completed.is_complete and coalesce(summed.orders_without_margin, 0) = 0
                    then coalesce(summed.gross_margin, 0)
            end
            as decimal(18, 2)
        ) as gross_margin,
        completed.is_complete,
        completed.as_of_date,
        completed.anchor_date,
        cast({{ dbt.dateadd('day', -1, 'completed.window_end_date') }} as date)
            as window_last_date
    from completed
    left join summed
        on
            completed.person_id = summed.person_id
            and completed.window_anchor = summed.window_anchor
            and completed.window_months = summed.window_months
)

select * from final
