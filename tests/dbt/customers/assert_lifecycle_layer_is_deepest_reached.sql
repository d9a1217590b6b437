{#- A person's lifecycle layer is the deepest their own evidence in customer_360 reaches
    (DESIGN.md: visitor -> interactor -> fan -> friend -> customer -> member): a member has a
    member id; anyone else sits exactly at the deepest of customer (a revenue order), friend
    (a shopping guide's contact), fan (followed the brand) and interactor (interacted), else
    visitor. Returns each person whose layer is shallower or deeper than that. -#}

with

people as (
    select * from {{ ref('customer_360') }}
),

evidenced as (
    select
        person_id,
        lifecycle_layer,
        member_id,
        case
            when orders_count > 0 then 'customer'
            when is_guide_friend then 'friend'
            when has_followed then 'fan'
            when has_interacted then 'interactor'
            else 'visitor'
        end as deepest_evidenced_layer
    from people
),

final as (
    select
        person_id,
        lifecycle_layer,
        deepest_evidenced_layer
    from evidenced
    where
        (lifecycle_layer = 'member' and member_id is null)
        or (lifecycle_layer != 'member' and lifecycle_layer != deepest_evidenced_layer)
)

select * from final
