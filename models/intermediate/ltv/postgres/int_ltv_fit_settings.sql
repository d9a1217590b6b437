{#- PostgreSQL only: the vars of the LTV fit, resolved by dbt, for crm_warehouse.ltv.postgres_fit
    to read (on DuckDB the Python models get them from their config). -#}
with

final as (
    select
        cast({{ as_of_date_or_null() }} as date) as as_of_date,
        cast('{{ var("ltv_time_unit") }}' as varchar) as time_unit,
        cast({{ var('ltv_horizon_months') }} as integer) as horizon_months,
        cast({{ var('ltv_monthly_discount_rate') }} as {{ type_double() }}) as monthly_discount_rate
)

select * from final
