{#- People per lifecycle layer on every local date from the first day anyone was seen to the
    as-of date: a person counts in the deepest layer she had reached by the end of that day.
    Computed from the days a person's layer changed (+1 to the new layer, -1 to the old one)
    summed over the date spine, so the table is dates x layers whatever the number of people. -#}
{%- set max_days = 36600 -%}
with

layers as (
    select * from {{ ref('int_lifecycle_layers_reached') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
),

layer_ranks as (
    {{ lifecycle_layer_ranks() }}
),

day_offsets as (
    {{ number_series(max_days, 'day_offset') }}
),

as_of as (
    select coalesce({{ as_of_date_or_null() }}, max(ordered_date)) as as_of_date
    from orders
),

first_day as (
    select min(reached_date) as first_date
    from layers
),

date_spine as (
    select
        cast({{ dbt.dateadd('day', 'day_offsets.day_offset', 'first_day.first_date') }} as date)
            as layer_date
    from day_offsets
    cross join first_day
    cross join as_of
    where day_offsets.day_offset
        <= {{ dbt.datediff('first_day.first_date', 'as_of.as_of_date', 'day') }}
),

changes as (
    select * from layers
    where is_layer_change
),

daily_changes as (
    select
        reached_date as layer_date,
        lifecycle_layer,
        1 as people_change
    from changes
    union all
    select
        reached_date as layer_date,
        previous_layer as lifecycle_layer,
        -1 as people_change
    from changes
    where previous_layer is not null
),

changes_per_day as (
    select
        layer_date,
        lifecycle_layer,
        sum(people_change) as people_change
    from daily_changes
    group by layer_date, lifecycle_layer
),

grid as (
    select
        date_spine.layer_date,
        layer_ranks.lifecycle_layer,
        layer_ranks.layer_rank,
        coalesce(changes_per_day.people_change, 0) as people_change
    from date_spine
    cross join layer_ranks
    left join changes_per_day
        on
            date_spine.layer_date = changes_per_day.layer_date
            and layer_ranks.lifecycle_layer = changes_per_day.lifecycle_layer
),

final as (
    select
        layer_date,
        lifecycle_layer,
        cast(layer_rank as integer) as layer_rank,
        cast(sum(people_change) over (
            partition by lifecycle_layer
            order by layer_date
            rows between unbounded preceding and current row
        ) as bigint) as people,
        cast(people_change as bigint) as net_change
    from grid
)

select * from final
