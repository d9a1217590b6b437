{#- One row per customer as of the as-of date (a person with a revenue order on or before it):
    how they were acquired (customer_acquisition), historic LTV windows from the first purchase and from registration
    (null while a window is incomplete), the BG/NBD summary and the predictions of the fitted
    models (null when the model they need did not converge: prediction_status and
    ltv_model_params say why). -#}
{%- set ltv_windows = [
    'ltv_6m', 'ltv_8m', 'ltv_12m', 'ltv_24m',
    'registration_ltv_6m', 'registration_ltv_8m', 'registration_ltv_12m', 'registration_ltv_24m',
] -%}
with

customers as (
    select * from {{ ref('int_ltv_customers_acquired') }}
),

windows as (
    select * from {{ ref('int_ltv_windows_summed') }}
),

acquisitions as (
    select * from {{ ref('customer_acquisition') }}
),

summaries as (
    select * from {{ ref('int_ltv_customers_summarized') }}
),

scores as (
    select * from {{ ref('int_ltv_customers_scored') }}
),

keyed_windows as (
    select
        person_id,
        net_revenue,
        gross_margin,
        is_complete,
        case
            when window_anchor = 'registration'
                then 'registration_ltv_' || cast(window_months as varchar) || 'm'
            else 'ltv_' || cast(window_months as varchar) || 'm'
        end as window_key
    from windows
),

pivoted_windows as (
    -- one row per customer, one column per window
    select
        person_id,
        {%- for window in ltv_windows %}
            max(case when window_key = '{{ window }}' then net_revenue end) as {{ window }},
            max(case when window_key = '{{ window }}' then gross_margin end)
                as {{ window | replace('ltv', 'gross_margin') }},
            max(case when window_key = '{{ window }}' and is_complete then 1 else 0 end)
                as is_{{ window }}_complete,
        {%- endfor %}
        count(*) as windows_count
    from keyed_windows
    group by person_id
),

final as (
    select
        cast(customers.person_id as varchar) as person_id,
        cast(acquisitions.acquisition_campaign_id as varchar) as acquisition_campaign_id,
        cast(acquisitions.acquisition_kol_id as varchar) as acquisition_kol_id,
        cast(acquisitions.shopping_guide_id as varchar) as shopping_guide_id,
        cast(acquisitions.acquisition_touchpoint_type as varchar) as acquisition_touchpoint_type,
        cast(acquisitions.acquisition_channel as varchar) as acquisition_channel,
        cast(scores.prediction_status as varchar) as prediction_status,
        cast(summaries.time_unit as varchar) as time_unit,
        cast(customers.revenue_orders_count as bigint) as revenue_orders_count,
        {%- for window in ltv_windows %}
            cast(pivoted_windows.{{ window }} as decimal(18, 2)) as {{ window }},
            cast(pivoted_windows.{{ window | replace('ltv', 'gross_margin') }} as decimal(18, 2))
                as {{ window | replace('ltv', 'gross_margin') }},
        {%- endfor %}
        cast(summaries.frequency as bigint) as frequency,
        cast(summaries.recency as {{ type_double() }}) as recency,
        cast(summaries.customer_age as {{ type_double() }}) as customer_age,
        cast(summaries.monetary_value as {{ type_double() }}) as monetary_value,
        cast(scores.predicted_purchases as {{ type_double() }}) as predicted_purchases,
        cast(scores.p_alive as {{ type_double() }}) as p_alive,
        cast(scores.expected_avg_spend as {{ type_double() }}) as expected_avg_spend,
        cast(scores.predicted_clv as {{ type_double() }}) as predicted_clv,
        cast(scores.horizon_months as integer) as horizon_months,
        cast(scores.monthly_discount_rate as {{ type_double() }}) as monthly_discount_rate,
        {%- for window in ltv_windows %}
            coalesce(pivoted_windows.is_{{ window }}_complete = 1, false)
                as is_{{ window }}_complete,
        {%- endfor %}
        cast(customers.as_of_date as date) as as_of_date,
        cast(customers.cohort_month as date) as cohort_month,
        cast(customers.first_order_date as date) as first_order_date,
        cast(summaries.last_purchase_date as date) as last_order_date,
        cast(customers.registered_date as date) as registered_date,
        cast(customers.first_order_at as timestamp) as first_order_at
    from customers
    left join acquisitions
        on customers.person_id = acquisitions.person_id
    left join pivoted_windows
        on customers.person_id = pivoted_windows.person_id
    left join summaries
        on customers.person_id = summaries.person_id
    left join scores
        on customers.person_id = scores.person_id
)

select * from final
