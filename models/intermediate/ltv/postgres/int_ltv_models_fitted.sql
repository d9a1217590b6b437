{#- PostgreSQL stand-in of the Python model of the same name: the BG/NBD and Gamma-Gamma fit
    (crm_warehouse.ltv.warehouse.fitted_parameters), written by crm_warehouse.ltv.postgres_fit
    between the two dbt runs of make build-postgres. -#}
{#- The Python model's inputs: the same place in the DAG. -#}
-- depends_on: {{ ref('int_ltv_customers_summarized') }}
with

fitted as (
    select * from {{ source('ltv_python', 'models_fitted') }}
),

final as (
    select
        model,
        parameter,
        value,
        log_likelihood,
        n_customers,
        n_excluded_nonpositive_spend,
        n_without_repeat,
        converged,
        status,
        iterations,
        fit_seconds,
        time_unit,
        calibration_end_date,
        fitted_at
    from fitted
)

select * from final
