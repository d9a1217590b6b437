{#- Spreading a campaign's cost over its months loses and invents nothing: per campaign the
    months add up to exactly its cost, and both performance marts hold the total cost. -#}
with

campaigns as (
    select * from {{ ref('stg_marketing__campaigns') }}
),

campaign_costs as (
    select * from {{ ref('int_campaign_costs_spread') }}
),

channel_performance as (
    select * from {{ ref('channel_performance_monthly') }}
),

campaign_performance as (
    select * from {{ ref('campaign_performance_monthly') }}
),

spread_per_campaign as (
    select
        campaign_id,
        sum(campaign_cost) as spread_cost
    from campaign_costs
    group by campaign_id
),

campaign_mismatches as (
    select
        campaigns.campaign_id,
        campaigns.campaign_cost,
        spread_per_campaign.spread_cost
    from campaigns
    left join spread_per_campaign
        on campaigns.campaign_id = spread_per_campaign.campaign_id
    where
        coalesce(campaigns.campaign_cost, 0) != coalesce(spread_per_campaign.spread_cost, 0)
),

totals as (
    select
        (select coalesce(sum(campaign_cost), 0) from campaigns) as campaigns_cost,
        (select sum(campaign_cost) from channel_performance) as channel_cost,
        (select sum(campaign_cost) from campaign_performance) as campaign_cost
),

final as (
    select
        campaign_id,
        campaign_cost,
        spread_cost
    from campaign_mismatches
    union all
    select
        'total' as campaign_id,
        campaigns_cost as campaign_cost,
        channel_cost as spread_cost
    from totals
    where campaigns_cost != channel_cost or campaigns_cost != campaign_cost
)

select * from final
