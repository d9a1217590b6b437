{#- Which channel pays for itself: per channel group x local month, human web sessions, the
    orders and revenue attributed to the channel under var('attribution_reporting_model')
    (order_attribution, by order month), the new customers it acquired (customer_acquisition's
    acquisition_channel, by the month of their first revenue order) with their lifetime value
    (customer_ltv), and the campaign cost spent on it (int_campaign_costs_spread, by the days
    the campaigns ran). CAC = cost / new customers (null without new customers or without
    campaign cost: organic channels have no recorded cost), ROAS = attributed revenue / cost
    (null without cost). -#}

with

sessions as (
    select * from {{ ref('fct_sessions') }}
),

attribution as (
    select * from {{ ref('order_attribution') }}
),

acquisitions as (
    select * from {{ ref('customer_acquisition') }}
),

customer_ltv as (
    select * from {{ ref('customer_ltv') }}
),

campaign_costs as (
    select * from {{ ref('int_campaign_costs_spread') }}
),

human_sessions as (
    select
        channel_group,
        cast({{ dbt.date_trunc('month', 'session_date') }} as date) as report_month,
        converted
    from sessions
    where not is_bot
),

sessions_per_month as (
    select
        channel_group,
        report_month,
        count(*) as sessions,
        count(case when converted then 1 end) as converted_sessions
    from human_sessions
    group by channel_group, report_month
),

attribution_per_month as (
    select
        channel_group,
        ordered_month as report_month,
        count(distinct order_id) as credited_orders,
        sum(credit) as attributed_orders,
        sum(revenue_credit) as attributed_revenue
    from attribution
    where attribution_model = {{ attribution_reporting_model() }}
    group by channel_group, ordered_month
),

new_customers as (
    select
        acquisitions.acquisition_channel as channel_group,
        cast(
            {{ dbt.date_trunc('month', to_local_date('acquisitions.first_order_at')) }} as date
        ) as report_month,
        customer_ltv.ltv_12m,
        customer_ltv.predicted_clv
    from acquisitions
    left join customer_ltv
        on acquisitions.person_id = customer_ltv.person_id
    where acquisitions.first_order_at is not null
),

new_customers_per_month as (
    select
        channel_group,
        report_month,
        count(*) as new_customers,
        count(ltv_12m) as new_customers_with_ltv_12m,
        avg(ltv_12m) as avg_ltv_12m,
        avg(predicted_clv) as avg_predicted_clv
    from new_customers
    group by channel_group, report_month
),

costs_per_month as (
    select
        channel_group,
        spend_month as report_month,
        count(distinct campaign_id) as campaigns,
        sum(campaign_cost) as campaign_cost
    from campaign_costs
    group by channel_group, spend_month
),

report_keys as (
    select
        channel_group,
        report_month
    from sessions_per_month
    union
    select
        channel_group,
        report_month
    from attribution_per_month
    union
    select
        channel_group,
        report_month
    from new_customers_per_month
    union
    select
        channel_group,
        report_month
    from costs_per_month
),

final as (
    select
        report_keys.channel_group,
        {{ attribution_reporting_model() }} as attribution_model,
        coalesce(sessions_per_month.sessions, 0) as sessions,
        coalesce(sessions_per_month.converted_sessions, 0) as converted_sessions,
        coalesce(attribution_per_month.credited_orders, 0) as credited_orders,
        cast(coalesce(attribution_per_month.attributed_orders, 0) as decimal(18, 10))
            as attributed_orders,
        cast(coalesce(attribution_per_month.attributed_revenue, 0) as decimal(18, 2))
            as attributed_revenue,
        coalesce(new_customers_per_month.new_customers, 0) as new_customers,
        coalesce(new_customers_per_month.new_customers_with_ltv_12m, 0)
            as new_customers_with_ltv_12m,
        cast(new_customers_per_month.avg_ltv_12m as {{ type_double() }}) as avg_ltv_12m,
        cast(new_customers_per_month.avg_predicted_clv as {{ type_double() }})
            as avg_predicted_clv,
        coalesce(costs_per_month.campaigns, 0) as campaigns,
        cast(coalesce(costs_per_month.campaign_cost, 0) as decimal(18, 2)) as campaign_cost,
        cast(
            costs_per_month.campaign_cost / nullif(new_customers_per_month.new_customers, 0)
            as decimal(18, 2)
        ) as cac,
        cast(
            coalesce(attribution_per_month.attributed_revenue, 0)
            / nullif(costs_per_month.campaign_cost, 0)
            as {{ type_double() }}
        ) as roas,
        report_keys.report_month
    from report_keys
    left join sessions_per_month
        on
            report_keys.channel_group = sessions_per_month.channel_group
            and report_keys.report_month = sessions_per_month.report_month
    left join attribution_per_month
        on
            report_keys.channel_group = attribution_per_month.channel_group
            and report_keys.report_month = attribution_per_month.report_month
    left join new_customers_per_month
        on
            report_keys.channel_group = new_customers_per_month.channel_group
            and report_keys.report_month = new_customers_per_month.report_month
    left join costs_per_month
        on
            report_keys.channel_group = costs_per_month.channel_group
            and report_keys.report_month = costs_per_month.report_month
)

select * from final
