{#- How good the BG/NBD model is: customers grouped by their calibration frequency (repeat
    purchase days up to the as-of date; 7 stands for 7 or more, as in Fader, Hardie & Lee's
    figure of conditional expectations), with the repeat purchase days they actually made in
    the holdout period (after the as-of date up to the latest order date) beside the model's
    conditional expectation for that period. With the default as-of date (the latest order
    date) the holdout period is empty and both are zero: set as_of_date earlier to evaluate. -#}
{%- set frequency_cap = 7 -%}
with

summaries as (
    select * from {{ ref('int_ltv_customers_summarized') }}
),

scores as (
    select * from {{ ref('int_ltv_customers_scored') }}
),

fits as (
    select * from {{ ref('int_ltv_models_fitted') }}
),

bgnbd_fit as (
    select
        max(status) as model_status,
        max(time_unit) as time_unit
    from fits
    where model = 'bgnbd'
),

customers as (
    select
        summaries.person_id,
        case
            when summaries.frequency >= {{ frequency_cap }} then {{ frequency_cap }}
            else summaries.frequency
        end as calibration_frequency,
        summaries.holdout_purchase_days,
        scores.predicted_holdout_purchases,
        summaries.calibration_end_date,
        summaries.holdout_end_date
    from summaries
    left join scores
        on summaries.person_id = scores.person_id
),

grouped as (
    select
        calibration_frequency,
        count(*) as customers,
        sum(holdout_purchase_days) as actual_repeat_purchases,
        sum(predicted_holdout_purchases) as predicted_repeat_purchases,
        max(calibration_end_date) as calibration_end_date,
        max(holdout_end_date) as holdout_end_date
    from customers
    group by calibration_frequency
),

final as (
    select
        cast(
            case
                when grouped.calibration_frequency = {{ frequency_cap }}
                    then '{{ frequency_cap }}+'
                else cast(grouped.calibration_frequency as {{ dbt.type_string() }})
            end
            as varchar
        ) as frequency_label,
        cast(bgnbd_fit.model_status as varchar) as model_status,
        cast(bgnbd_fit.time_unit as varchar) as time_unit,
        cast(grouped.calibration_frequency as integer) as calibration_frequency,
        cast(grouped.customers as bigint) as customers,
        cast(grouped.actual_repeat_purchases as bigint) as actual_repeat_purchases,
        cast(grouped.predicted_repeat_purchases as {{ type_double() }})
            as predicted_repeat_purchases,
        cast(1.0 * grouped.actual_repeat_purchases / grouped.customers as {{ type_double() }})
            as mean_actual_repeat_purchases,
        cast(grouped.predicted_repeat_purchases / grouped.customers as {{ type_double() }})
            as mean_predicted_repeat_purchases,
        cast(
            {{ dbt.datediff('grouped.calibration_end_date', 'grouped.holdout_end_date', 'day') }}
            as integer
        ) as holdout_days,
        cast(grouped.calibration_end_date as date) as calibration_end_date,
        cast(grouped.holdout_end_date as date) as holdout_end_date
    from grouped
    cross join bgnbd_fit
)

select * from final
