{#- Every revenue order has rows under every attribution model, and no other order has any. -#}
with

orders as (
    select * from {{ ref('int_orders_netted') }}
),

attribution as (
    select * from {{ ref('order_attribution') }}
),

models as (
    {%- for model in attribution_models() %}
        select '{{ model }}' as attribution_model{{ ' union all' if not loop.last }}
    {%- endfor %}
),

expected as (
    select
        orders.order_id,
        models.attribution_model
    from orders
    cross join models
    where orders.is_revenue_order
),

attributed as (
    select distinct
        order_id,
        attribution_model
    from attribution
),

missing as (
    select
        expected.order_id,
        expected.attribution_model,
        'revenue order without attribution' as problem
    from expected
    left join attributed
        on
            expected.order_id = attributed.order_id
            and expected.attribution_model = attributed.attribution_model
    where attributed.order_id is null
),

unexpected as (
    select
        attributed.order_id,
        attributed.attribution_model,
        'attributed order that is not a revenue order under a known model' as problem
    from attributed
    left join expected
        on
            attributed.order_id = expected.order_id
            and attributed.attribution_model = expected.attribution_model
    where expected.order_id is null
),

final as (
    select * from missing
    union all
    select * from unexpected
)

select * from final
