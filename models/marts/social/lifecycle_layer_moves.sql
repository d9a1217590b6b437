{#- Moves between lifecycle layers per calendar month (local dates), up to the as-of date's
    month: for each person whose deepest layer changed during the month, one move from her
    layer at the end of the previous month (`new` when she was not yet seen) to her layer at
    the end of the month. Two changes in one month (visitor -> fan -> customer) are one move
    (visitor -> customer); layers only deepen, so every move goes down the layers. -#}
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

as_of as (
    select coalesce({{ as_of_date_or_null() }}, max(ordered_date)) as as_of_date
    from orders
),

changes as (
    select
        layers.person_id,
        cast({{ dbt.date_trunc('month', 'layers.reached_date') }} as date) as move_month,
        layers.layer_rank,
        coalesce(layers.previous_layer_rank, 0) as previous_layer_rank
    from layers
    cross join as_of
    where layers.is_layer_change and layers.reached_date <= as_of.as_of_date
),

person_moves as (
    -- layers only deepen: the month starts at its first change's previous layer and ends at
    -- its deepest change
    select
        person_id,
        move_month,
        min(previous_layer_rank) as from_layer_rank,
        max(layer_rank) as to_layer_rank
    from changes
    group by person_id, move_month
),

moves as (
    select
        move_month,
        from_layer_rank,
        to_layer_rank,
        count(*) as people
    from person_moves
    group by move_month, from_layer_rank, to_layer_rank
),

final as (
    select
        moves.move_month,
        coalesce(from_layers.lifecycle_layer, 'new') as from_layer,
        to_layers.lifecycle_layer as to_layer,
        cast(moves.from_layer_rank as integer) as from_layer_rank,
        cast(moves.to_layer_rank as integer) as to_layer_rank,
        cast(moves.people as bigint) as people
    from moves
    inner join layer_ranks as to_layers
        on moves.to_layer_rank = to_layers.layer_rank
    left join layer_ranks as from_layers
        on moves.from_layer_rank = from_layers.layer_rank
)

select * from final
