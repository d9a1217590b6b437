{#- Which channel pays for itself: per channel group x local month, human web sessions, the
    orders and revenue attributed to the channel under var('attribution_reporting_model')
    (order_attribution, by order month), the new customers it acquired (customer_acquisition's
    acquisition_channel, by the month of their first revenue order) with their lifetime value
    (customer_ltv), and the campaign cost spent on it (int_campaign_costs_spread, by the days
    the campaigns ran). CAC = cost / new customers (null without new customers or without
    campaign cost: organic channels have no recorded cost), ROAS = attributed revenue / cost
    (null without cost). The figures are int_performance_months_aggregated's channel group
    grain. -#}

with

performance_months as (
    select * from {{ ref('int_performance_months_aggregated') }}
),

final as (
    select
        channel_group,
        attribution_model,
        sessions,
        converted_sessions,
        credited_orders,
        attributed_orders,
        attributed_revenue,
        new_customers,
        new_customers_with_ltv_12m,
        avg_ltv_12m,
        avg_predicted_clv,
        campaigns,
        campaign_cost,
        cac,
        roas,
        report_month
    from performance_months
    where report_grain = 'channel_group'
)

select * from final
