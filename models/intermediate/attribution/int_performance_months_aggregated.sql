{#- The monthly figures of channel_performance_monthly and campaign_performance_monthly,
    computed once: human web sessions, the credits of var('attribution_reporting_model'), new
    customers with their lifetime value, and campaign cost, each row keeping both the channel
    group and the campaign of its source. Each report grain (channel group x month, campaign x
    month) is aggregated from these rows, not summed from the other grain: an order credited to
    two campaigns of one channel group is one credited order of the channel group, and a mean
    LTV does not add up. -#}

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

session_rows as (
    select
        channel_group,
        utm_campaign as campaign_id,
        cast({{ dbt.date_trunc('month', 'session_date') }} as date) as report_month,
        session_id,
        converted,
        cast(null as {{ dbt.type_string() }}) as order_id,
        cast(null as decimal(12, 10)) as credit,
        cast(null as decimal(18, 2)) as revenue_credit,
        cast(null as {{ dbt.type_string() }}) as new_customer_id,
        cast(null as decimal(18, 2)) as ltv_12m,
        cast(null as {{ type_double() }}) as predicted_clv,
        cast(null as {{ dbt.type_string() }}) as running_campaign_id,
        cast(null as decimal(18, 2)) as campaign_cost
    from sessions
    where not is_bot
),

credit_rows as (
    select
        channel_group,
        campaign_id,
        ordered_month as report_month,
        cast(null as {{ dbt.type_string() }}) as session_id,
        cast(null as {{ dbt.type_boolean() }}) as converted,
        order_id,
        credit,
        revenue_credit,
        cast(null as {{ dbt.type_string() }}) as new_customer_id,
        cast(null as decimal(18, 2)) as ltv_12m,
        cast(null as {{ type_double() }}) as predicted_clv,
        cast(null as {{ dbt.type_string() }}) as running_campaign_id,
        cast(null as decimal(18, 2)) as campaign_cost
    from attribution
    where attribution_model = {{ attribution_reporting_model() }}
),

new_customer_rows as (
    select
        acquisitions.acquisition_channel as channel_group,
        acquisitions.acquisition_campaign_id as campaign_id,
        cast(
            {{ dbt.date_trunc('month', to_local_date('acquisitions.first_order_at')) }} as date
        ) as report_month,
        cast(null as {{ dbt.type_string() }}) as session_id,
        cast(null as {{ dbt.type_boolean() }}) as converted,
        cast(null as {{ dbt.type_string() }}) as order_id,
        cast(null as decimal(12, 10)) as credit,
        cast(null as decimal(18, 2)) as revenue_credit,
        acquisitions.person_id as new_customer_id,
        customer_ltv.ltv_12m,
        customer_ltv.predicted_clv,
        cast(null as {{ dbt.type_string() }}) as running_campaign_id,
        cast(null as decimal(18, 2)) as campaign_cost
    from acquisitions
    left join customer_ltv
        on acquisitions.person_id = customer_ltv.person_id
    where acquisitions.first_order_at is not null
),

cost_rows as (
    select
        channel_group,
        campaign_id,
        spend_month as report_month,
        cast(null as {{ dbt.type_string() }}) as session_id,
        cast(null as {{ dbt.type_boolean() }}) as converted,
        cast(null as {{ dbt.type_string() }}) as order_id,
        cast(null as decimal(12, 10)) as credit,
        cast(null as decimal(18, 2)) as revenue_credit,
        cast(null as {{ dbt.type_string() }}) as new_customer_id,
        cast(null as decimal(18, 2)) as ltv_12m,
        cast(null as {{ type_double() }}) as predicted_clv,
        campaign_id as running_campaign_id,
        campaign_cost
    from campaign_costs
),

performance_rows as (
    select * from session_rows
    union all
    select * from credit_rows
    union all
    select * from new_customer_rows
    union all
    select * from cost_rows
),

report_grains as (
    select 'channel_group' as report_grain
    union all
    select 'campaign' as report_grain
),

-- each row once per report grain, keyed by that grain's key alone; a row without a campaign
-- counts for its channel group only
grain_rows as (
    select
        report_grains.report_grain,
        case
            when report_grains.report_grain = 'channel_group' then performance_rows.channel_group
        end as report_channel_group,
        case
            when report_grains.report_grain = 'campaign' then performance_rows.campaign_id
        end as report_campaign_id,
        performance_rows.*
    from performance_rows
    cross join report_grains
    where
        report_grains.report_grain = 'channel_group'
        or performance_rows.campaign_id is not null
),

months_aggregated as (
    select
        report_grain,
        report_channel_group as channel_group,
        report_campaign_id as campaign_id,
        report_month,
        count(session_id) as sessions,
        count(case when converted then 1 end) as converted_sessions,
        count(distinct order_id) as credited_orders,
        sum(credit) as attributed_orders,
        sum(revenue_credit) as attributed_revenue,
        count(new_customer_id) as new_customers,
        count(ltv_12m) as new_customers_with_ltv_12m,
        avg(ltv_12m) as avg_ltv_12m,
        avg(predicted_clv) as avg_predicted_clv,
        count(distinct running_campaign_id) as campaigns,
        sum(campaign_cost) as campaign_cost
    from grain_rows
    group by report_grain, report_channel_group, report_campaign_id, report_month
),

final as (
    select
        report_grain,
        channel_group,
        campaign_id,
        {{ attribution_reporting_model() }} as attribution_model,
        sessions,
        converted_sessions,
        credited_orders,
        cast(coalesce(attributed_orders, 0) as decimal(18, 10)) as attributed_orders,
        cast(coalesce(attributed_revenue, 0) as decimal(18, 2)) as attributed_revenue,
        new_customers,
        new_customers_with_ltv_12m,
        cast(avg_ltv_12m as {{ type_double() }}) as avg_ltv_12m,
        cast(avg_predicted_clv as {{ type_double() }}) as avg_predicted_clv,
        campaigns,
        cast(coalesce(campaign_cost, 0) as decimal(18, 2)) as campaign_cost,
        cast(campaign_cost / nullif(new_customers, 0) as decimal(18, 2)) as cac,
        cast(
            coalesce(attributed_revenue, 0) / nullif(campaign_cost, 0) as {{ type_double() }}
        ) as roas,
        report_month
    from months_aggregated
)

select * from final
