{#- RFM per person as of var('as_of_date') (default: the latest local order date) over the
    last var('rfm_window_days') days: recency in days since the last revenue order, frequency
    in distinct order days, monetary in net revenue (CNY). People without a revenue order in
    the window are not scored and have no row. Scores by var('rfm_scoring') (macro rfm_score);
    the segment of each (r_score, f_score) cell comes from the seed rfm_segment_map. -#}
with

orders as (
    select * from {{ ref('int_orders_netted') }}
),

segment_map as (
    select * from {{ ref('rfm_segment_map') }}
),

as_of as (
    select coalesce({{ as_of_date_or_null() }}, max(ordered_date)) as as_of_date
    from orders
),

window_orders as (
    select
        orders.person_id,
        orders.ordered_date,
        orders.net_revenue_cny,
        as_of.as_of_date
    from orders
    cross join as_of
    where
        orders.is_revenue_order
        and orders.person_id is not null
        and orders.ordered_date <= as_of.as_of_date
        and orders.ordered_date > cast(
            {{ dbt.dateadd('day', -(var('rfm_window_days') | int), 'as_of.as_of_date') }} as date
        )
),

per_person as (
    select
        person_id,
        as_of_date,
        count(*) as orders_count,
        count(distinct ordered_date) as frequency,
        sum(net_revenue_cny) as monetary,
        min(ordered_date) as first_order_date,
        max(ordered_date) as last_order_date
    from window_orders
    group by person_id, as_of_date
),

scored as (
    select
        *,
        {{ dbt.datediff('last_order_date', 'as_of_date', 'day') }} as recency_days,
        {{ rfm_score('last_order_date') }} as r_score,
        {{ rfm_score('frequency') }} as f_score,
        {{ rfm_score('monetary') }} as m_score
    from per_person
),

segmented as (
    select
        scored.*,
        segment_map.rfm_segment,
        segment_map.segment_key,
        segment_map.segment_order
    from scored
    left join segment_map
        on
            scored.r_score = segment_map.r_score
            and scored.f_score = segment_map.f_score
),

final as (
    select
        cast(person_id as varchar) as person_id,
        cast(
            cast(r_score as varchar) || cast(f_score as varchar) || cast(m_score as varchar)
            as varchar
        ) as rfm_cell,
        cast(rfm_segment as varchar) as rfm_segment,
        cast(segment_key as varchar) as rfm_segment_key,
        cast('{{ var("rfm_scoring") }}' as varchar) as rfm_scoring,
        cast(recency_days as integer) as recency_days,
        cast(frequency as integer) as frequency,
        cast(orders_count as integer) as orders_count,
        cast(monetary as decimal(18, 2)) as monetary,
        cast(r_score as integer) as r_score,
        cast(f_score as integer) as f_score,
        cast(m_score as integer) as m_score,
        cast(segment_order as integer) as rfm_segment_order,
        cast(as_of_date as date) as as_of_date,
        cast(
            {{ dbt.dateadd('day', 1 - (var('rfm_window_days') | int), 'as_of_date') }} as date
        ) as window_start_date,
        cast(first_order_date as date) as first_order_date,
        cast(last_order_date as date) as last_order_date
    from segmented
)

select * from final
