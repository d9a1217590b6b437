{#- On every month end (and the last date) of lifecycle_layer_daily, each layer holds exactly
    the people whose deepest layer reached by then is that layer, recomputed person by person
    from int_lifecycle_layers_reached (a check of the running sum of daily changes; month ends
    keep it cheap at scale). Returns the dates and layers that disagree. -#}
with

daily as (
    select * from {{ ref('lifecycle_layer_daily') }}
),

layers as (
    select * from {{ ref('int_lifecycle_layers_reached') }}
),

dates as (
    -- the last date of each month: month ends, and the as-of date in its month
    select max(layer_date) as layer_date
    from daily
    group by {{ dbt.date_trunc('month', 'layer_date') }}
),

checked as (
    select daily.*
    from daily
    inner join dates
        on daily.layer_date = dates.layer_date
),

deepest_by_date as (
    select
        dates.layer_date,
        layers.person_id,
        max(layers.layer_rank) as layer_rank
    from dates
    inner join layers
        on dates.layer_date >= layers.reached_date
    group by dates.layer_date, layers.person_id
),

expected as (
    select
        layer_date,
        layer_rank,
        count(*) as people
    from deepest_by_date
    group by layer_date, layer_rank
),

final as (
    select
        checked.layer_date,
        checked.lifecycle_layer,
        checked.people,
        coalesce(expected.people, 0) as expected_people
    from checked
    left join expected
        on
            checked.layer_date = expected.layer_date
            and checked.layer_rank = expected.layer_rank
    where checked.people != coalesce(expected.people, 0)
)

select * from final
