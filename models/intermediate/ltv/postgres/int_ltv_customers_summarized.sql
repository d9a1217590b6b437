{#- PostgreSQL stand-in of the Python model of the same name: BG/NBD summary per LTV customer
    (crm_warehouse.ltv.warehouse.calibration_summary), written by crm_warehouse.ltv.postgres_fit
    between the two dbt runs of make build-postgres. -#}
with

fitted as (
    select * from {{ source('ltv_python', 'customers_summarized') }}
),

final as (
    select
        person_id,
        frequency,
        recency,
        customer_age,
        monetary_value,
        holdout_purchase_days,
        time_unit,
        first_purchase_date,
        last_purchase_date,
        calibration_end_date,
        holdout_end_date
    from fitted
)

select * from final
