{#- One row per person and lifecycle layer she has reached, with when she first reached it.
    Any dated trace makes a visitor: a touchpoint of fct_touchpoints, a social account's
    first_seen_at in the SCRM, a shop account's registration. The other layers are reached by
    touchpoints: a social like, comment, share, message, QR scan or link click, or a clicked
    message, an interactor; a follow of the brand a fan; a shopping guide's add_friend a
    friend; a revenue order a customer; a current loyalty membership a member. The person's
    layer on a day is the deepest (highest rank) reached by then, whatever the order they were
    reached in: a customer who follows the brand later stays a customer. -#}
with

touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

accounts as (
    select * from {{ ref('stg_social__accounts') }}
),

customers as (
    select * from {{ ref('stg_shop__customers') }}
),

social_people as (
    select * from {{ ref('int_social_ids_resolved') }}
),

customer_people as (
    select * from {{ ref('int_customer_ids_resolved') }}
),

layer_ranks as (
    {{ lifecycle_layer_ranks() }}
),

layer_touchpoints as (
    select
        person_id,
        'visitor' as lifecycle_layer,
        occurred_at
    from touchpoints
    union all
    select
        social_people.person_id,
        'visitor' as lifecycle_layer,
        accounts.first_seen_at as occurred_at
    from accounts
    inner join social_people
        on accounts.social_id = social_people.social_id
    union all
    select
        customer_people.person_id,
        'visitor' as lifecycle_layer,
        customers.registered_at as occurred_at
    from customers
    inner join customer_people
        on customers.customer_id = customer_people.customer_id
    union all
    select
        person_id,
        case
            when
                touchpoint_type in (
                    'social_like', 'social_comment', 'social_share', 'social_message',
                    'social_scan_qr', 'social_click_link', 'message_clicked'
                )
                then 'interactor'
            when touchpoint_type = 'social_follow' then 'fan'
            when touchpoint_type = 'social_add_friend' then 'friend'
            when touchpoint_type = 'order' then 'customer'
            when touchpoint_type = 'member_joined' then 'member'
        end as lifecycle_layer,
        occurred_at
    from touchpoints
),

layers_reached as (
    select
        layer_touchpoints.person_id,
        layer_touchpoints.lifecycle_layer,
        layer_ranks.layer_rank,
        min(layer_touchpoints.occurred_at) as reached_at
    from layer_touchpoints
    inner join layer_ranks
        on layer_touchpoints.lifecycle_layer = layer_ranks.lifecycle_layer
    where layer_touchpoints.occurred_at is not null
    group by
        layer_touchpoints.person_id,
        layer_touchpoints.lifecycle_layer,
        layer_ranks.layer_rank
),

dated as (
    select
        *,
        {{ to_local_date('reached_at') }} as reached_date
    from layers_reached
),

deepest_per_day as (
    -- a person reaching two layers on one day moves straight to the deeper one
    select
        person_id,
        reached_date,
        max(layer_rank) as day_deepest_rank
    from dated
    group by person_id, reached_date
),

deepest_before_day as (
    select
        person_id,
        reached_date,
        day_deepest_rank,
        max(day_deepest_rank) over (
            partition by person_id
            order by reached_date
            rows between unbounded preceding and 1 preceding
        ) as previous_deepest_rank
    from deepest_per_day
),

final as (
    select
        dated.person_id,
        dated.lifecycle_layer,
        previous_layers.lifecycle_layer as previous_layer,
        dated.layer_rank,
        deepest_before_day.previous_deepest_rank as previous_layer_rank,
        dated.layer_rank = deepest_before_day.day_deepest_rank
        and dated.layer_rank > coalesce(deepest_before_day.previous_deepest_rank, 0)
            as is_layer_change,
        dated.layer_rank = max(dated.layer_rank) over (partition by dated.person_id)
            as is_current_layer,
        dated.reached_date,
        dated.reached_at
    from dated
    inner join deepest_before_day
        on
            dated.person_id = deepest_before_day.person_id
            and dated.reached_date = deepest_before_day.reached_date
    left join layer_ranks as previous_layers
        on deepest_before_day.previous_deepest_rank = previous_layers.layer_rank
)

select * from final
