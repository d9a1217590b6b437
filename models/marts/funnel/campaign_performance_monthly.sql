{#- Per campaign x local month: the campaign's human web sessions (utm_campaign), the orders
    and revenue attributed to its touchpoints under var('attribution_reporting_model')
    (order_attribution.campaign_id, by order month), the new customers whose first touch was
    the campaign (customer_acquisition.acquisition_campaign_id, by the month of their first
    revenue order) with their lifetime value, and its cost (int_campaign_costs_spread): the
    campaign grain of int_performance_months_aggregated, labelled from the campaigns export. A
    campaign id that the export does not know (a mistyped utm_campaign) keeps its own rows with
    null name, channel and KOL. CAC and ROAS as in channel_performance_monthly. -#}

with

campaigns as (
    select * from {{ ref('stg_marketing__campaigns') }}
),

performance_months as (
    select * from {{ ref('int_performance_months_aggregated') }}
),

final as (
    select
        performance_months.campaign_id,
        campaigns.kol_id,
        campaigns.campaign_name,
        campaigns.channel,
        {{ campaign_channel_group('campaigns.channel') }} as channel_group,
        performance_months.attribution_model,
        performance_months.sessions,
        performance_months.converted_sessions,
        performance_months.credited_orders,
        performance_months.attributed_orders,
        performance_months.attributed_revenue,
        performance_months.new_customers,
        performance_months.new_customers_with_ltv_12m,
        performance_months.avg_ltv_12m,
        performance_months.avg_predicted_clv,
        performance_months.campaign_cost,
        performance_months.cac,
        performance_months.roas,
        campaigns.campaign_id is null as is_unknown_campaign,
        performance_months.report_month
    from performance_months
    left join campaigns
        on performance_months.campaign_id = campaigns.campaign_id
    where performance_months.report_grain = 'campaign'
)

select * from final
