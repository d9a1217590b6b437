{#- PostgreSQL stand-in of the Python model of the same name: predictions per LTV customer
    (crm_warehouse.ltv.warehouse.scored_customers), written by crm_warehouse.ltv.postgres_fit
    between the two dbt runs of make build-postgres. -#}
{#- The Python model's inputs: the same place in the DAG. -#}
-- depends_on: {{ ref('int_ltv_customers_summarized') }}
-- depends_on: {{ ref('int_ltv_models_fitted') }}
with

fitted as (
    select * from {{ source('ltv_python', 'customers_scored') }}
),

final as (
    select
        person_id,
        prediction_status,
        p_alive,
        predicted_purchases,
        expected_avg_spend,
        predicted_clv,
        predicted_holdout_purchases,
        horizon_months,
        monthly_discount_rate
    from fitted
)

select * from final
