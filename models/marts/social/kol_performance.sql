{#- One row per KOL of the reference list: the people the KOL reached (int_kol_audiences_reached),
    those who followed the brand and those who placed their first revenue order after she
    reached them, the web sessions she brought (fct_sessions.kol_id), the net revenue of the
    people she reached after she reached them, the cost of her campaigns and the return on it.
    A person reached by two KOLs counts for both; ROI is (revenue - cost) / cost, null
    without cost. -#}
with

kols as (
    select * from {{ ref('kols') }}
),

audiences as (
    select * from {{ ref('int_kol_audiences_reached') }}
),

layers as (
    select * from {{ ref('int_lifecycle_layers_reached') }}
),

campaigns as (
    select * from {{ ref('stg_marketing__campaigns') }}
),

sessions as (
    select * from {{ ref('fct_sessions') }}
),

orders as (
    select * from {{ ref('int_orders_netted') }}
),

audience_layers as (
    select
        audiences.kol_id,
        count(*) as people_reached,
        sum(case when fans.reached_at >= audiences.first_reached_at then 1 else 0 end)
            as followers_gained,
        sum(case when customers.reached_at >= audiences.first_reached_at then 1 else 0 end)
            as new_customers
    from audiences
    left join layers as fans
        on
            audiences.person_id = fans.person_id
            and fans.lifecycle_layer = 'fan'
    left join layers as customers
        on
            audiences.person_id = customers.person_id
            and customers.lifecycle_layer = 'customer'
    group by audiences.kol_id
),

audience_revenue as (
    select
        audiences.kol_id,
        count(*) as orders_count,
        sum(orders.net_revenue_cny) as net_revenue
    from audiences
    inner join orders
        on
            audiences.person_id = orders.person_id
            and audiences.first_reached_at <= orders.ordered_at
    where orders.is_revenue_order
    group by audiences.kol_id
),

kol_sessions as (
    select
        kol_id,
        count(*) as sessions_count
    from sessions
    where kol_id is not null and not is_bot
    group by kol_id
),

campaign_costs as (
    select
        kol_id,
        count(*) as campaigns_count,
        sum(campaign_cost) as campaign_cost
    from campaigns
    where kol_id is not null
    group by kol_id
),

final as (
    select
        kols.kol_id,
        kols.kol_name,
        kols.platform,
        kols.tier,
        cast(coalesce(campaign_costs.campaigns_count, 0) as bigint) as campaigns_count,
        cast(coalesce(audience_layers.people_reached, 0) as bigint) as people_reached,
        cast(coalesce(audience_layers.followers_gained, 0) as bigint) as followers_gained,
        cast(coalesce(kol_sessions.sessions_count, 0) as bigint) as sessions_count,
        cast(coalesce(audience_layers.new_customers, 0) as bigint) as new_customers,
        cast(coalesce(audience_revenue.orders_count, 0) as bigint) as orders_count,
        cast(coalesce(audience_revenue.net_revenue, 0) as decimal(18, 2)) as net_revenue,
        cast(coalesce(campaign_costs.campaign_cost, 0) as decimal(18, 2)) as campaign_cost,
        cast(
            (coalesce(audience_revenue.net_revenue, 0) - campaign_costs.campaign_cost)
            / nullif(campaign_costs.campaign_cost, 0) as {{ type_double() }}
        ) as roi
    from kols
    left join audience_layers
        on kols.kol_id = audience_layers.kol_id
    left join audience_revenue
        on kols.kol_id = audience_revenue.kol_id
    left join kol_sessions
        on kols.kol_id = kol_sessions.kol_id
    left join campaign_costs
        on kols.kol_id = campaign_costs.kol_id
)

select * from final
