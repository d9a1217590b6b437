{#- Conversion of people who engaged on social media compared with plain visitors. A person
    is `interacted` when she reached the interactor, fan or friend layer before her first
    revenue order (or at all, if she never bought), else `visitor_only`; she converted when
    she reached the customer layer. Engagement after the first order does not move a buyer
    into `interacted`: it could not have caused the purchase. -#}
with

layers as (
    select * from {{ ref('int_lifecycle_layers_reached') }}
),

people as (
    select
        person_id,
        min(case when lifecycle_layer in ('interactor', 'fan', 'friend') then reached_at end)
            as first_engaged_at,
        min(case when lifecycle_layer = 'customer' then reached_at end) as first_order_at
    from layers
    group by person_id
),

grouped as (
    select
        person_id,
        case
            when
                first_engaged_at is not null
                and (first_order_at is null or first_engaged_at < first_order_at)
                then 'interacted'
            else 'visitor_only'
        end as visitor_group,
        first_order_at is not null as is_converted
    from people
),

per_group as (
    select
        visitor_group,
        count(*) as people,
        sum(case when is_converted then 1 else 0 end) as customers
    from grouped
    group by visitor_group
),

visitor_baseline as (
    select
        cast(customers as {{ type_double() }}) / nullif(people, 0)
            as visitor_only_conversion_rate
    from per_group
    where visitor_group = 'visitor_only'
),

final as (
    select
        per_group.visitor_group,
        cast(per_group.people as bigint) as people,
        cast(per_group.customers as bigint) as customers,
        cast(per_group.customers as {{ type_double() }}) / nullif(per_group.people, 0)
            as conversion_rate,
        cast(per_group.customers as {{ type_double() }})
        / nullif(per_group.people, 0)
        / nullif(visitor_baseline.visitor_only_conversion_rate, 0) as conversion_lift
    from per_group
    left join visitor_baseline
        on 1 = 1
)

select * from final
