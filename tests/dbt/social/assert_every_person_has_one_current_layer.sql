{#- Every person has exactly one current lifecycle layer, and customer_360 shows that layer
    (visitor for the people with no dated trace). Returns the offending people. -#}
with

layers as (
    select * from {{ ref('int_lifecycle_layers_reached') }}
),

people as (
    select * from {{ ref('customer_360') }}
),

current_layer_counts as (
    select
        person_id,
        sum(case when is_current_layer then 1 else 0 end) as current_layers
    from layers
    group by person_id
),

current_layers as (
    select
        person_id,
        lifecycle_layer
    from layers
    where is_current_layer
),

not_one as (
    select person_id
    from current_layer_counts
    where current_layers != 1
),

disagreeing as (
    select people.person_id
    from people
    left join current_layers
        on people.person_id = current_layers.person_id
    where
        people.lifecycle_layer is null
        or people.lifecycle_layer != coalesce(current_layers.lifecycle_layer, 'visitor')
),

final as (
    select person_id from not_one
    union all
    select person_id from disagreeing
)

select * from final
