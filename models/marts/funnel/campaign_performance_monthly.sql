{#- Per campaign x local month: the campaign's human web sessions (utm_campaign), the orders
    and revenue attributed to its touchpoints under var('attribution_reporting_model')
    (order_attribution.campaign_id, by order month), the new customers whose first touch was
    the campaign (customer_acquisition.acquisition_campaign_id, by the month of their first revenue
    order) with their lifetime value, and its cost (int_campaign_costs_spread). A campaign id
    that the campaigns export does not know (a mistyped utm_campaign) keeps its own rows with
    null name, channel and KOL. CAC and ROAS as in channel_performance_monthly. -#}

with

campaigns as (
    select * from {{ ref('stg_marketing__campaigns') }}
),

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

campaign_sessions as (
    select
        utm_campaign as campaign_id,
        cast({{ dbt.date_trunc('month', 'session_date') }} as date) as report_month,
        converted
    from sessions
    where not is_bot and utm_campaign is not null
),

sessions_per_month as (
    select
        campaign_id,
        report_month,
        count(*) as sessions,
        count(case when converted then 1 end) as converted_sessions
    from campaign_sessions
    group by campaign_id, report_month
),

attribution_per_month as (
    select
        campaign_id,
        ordered_month as report_month,
        count(distinct order_id) as credited_orders,
        sum(credit) as attributed_orders,
        sum(revenue_credit) as attributed_revenue
    from attribution
    where
        attribution_model = {{ attribution_reporting_model() }}
        and campaign_id is not null
    group by campaign_id, ordered_month
),

new_customers as (
    select
        acquisitions.acquisition_campaign_id as campaign_id,
        cast(
            {{ dbt.date_trunc('month', to_local_date('acquisitions.first_order_at')) }} as date
        ) as report_month,
        customer_ltv.ltv_12m,
        customer_ltv.predicted_clv
    from acquisitions
    left join customer_ltv
        on acquisitions.person_id = customer_ltv.person_id
    where
        acquisitions.first_order_at is not null
        and acquisitions.acquisition_campaign_id is not null
),

new_customers_per_month as (
    select
        campaign_id,
        report_month,
        count(*) as new_customers,
        count(ltv_12m) as new_customers_with_ltv_12m,
        avg(ltv_12m) as avg_ltv_12m,
        avg(predicted_clv) as avg_predicted_clv
    from new_customers
    group by campaign_id, report_month
),

costs_per_month as (
    select
        campaign_id,
        spend_month as report_month,
        sum(campaign_cost) as campaign_cost
    from campaign_costs
    group by campaign_id, spend_month
),

report_keys as (
    select
        campaign_id,
        report_month
    from sessions_per_month
    union
    select
        campaign_id,
        report_month
    from attribution_per_month
    union
    select
        campaign_id,
        report_month
    from new_customers_per_month
    union
    select
        campaign_id,
        report_month
    from costs_per_month
),

final as (
    select
        report_keys.campaign_id,
        campaigns.kol_id,
        campaigns.campaign_name,
        campaigns.channel,
        {{ campaign_channel_group('campaigns.channel') }} as channel_group,
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
        campaigns.campaign_id is null as is_unknown_campaign,
        report_keys.report_month
    from report_keys
    left join campaigns
        on report_keys.campaign_id = campaigns.campaign_id
    left join sessions_per_month
        on
            report_keys.campaign_id = sessions_per_month.campaign_id
            and report_keys.report_month = sessions_per_month.report_month
    left join attribution_per_month
        on
            report_keys.campaign_id = attribution_per_month.campaign_id
            and report_keys.report_month = attribution_per_month.report_month
    left join new_customers_per_month
        on
            report_keys.campaign_id = new_customers_per_month.campaign_id
            and report_keys.report_month = new_customers_per_month.report_month
    left join costs_per_month
        on
            report_keys.campaign_id = costs_per_month.campaign_id
            and report_keys.report_month = costs_per_month.report_month
)

select * from final
