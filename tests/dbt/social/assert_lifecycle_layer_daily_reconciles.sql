{#- On every date of lifecycle_layer_daily the layers together hold exactly the people first
    seen by then (each person in one layer), and each layer holds the people whose deepest
    layer reached by then is that layer. Returns the dates and layers that disagree. -#}
with

daily as (
    select * from {{ ref('lifecycle_layer_daily') }}
),

layers as (
    select * from {{ ref('int_lifecycle_layers_reached') }}
),

dates as (
    select distinct layer_date from daily
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
        daily.layer_date,
        daily.lifecycle_layer,
        daily.people,
        coalesce(expected.people, 0) as expected_people
    from daily
    left join expected
        on
            daily.layer_date = expected.layer_date
            and daily.layer_rank = expected.layer_rank
    where daily.people != coalesce(expected.people, 0)
)

select * from final
