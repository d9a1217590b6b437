{#- The fitted BG/NBD (r, alpha, a, b) and Gamma-Gamma (p, q, gamma) parameters of this build,
    one row per parameter, with the fit's log-likelihood, customers used and excluded,
    convergence and status. Read converged before using a value. model, parameter and value
    are the public interface's column names (DESIGN.md), keywords or not. -#}
with

fits as (
    select * from {{ ref('int_ltv_models_fitted') }}
),

final as (
    select
        cast(model as varchar) as model,  -- noqa: RF04
        cast(parameter as varchar) as parameter,  -- noqa: RF04
        cast(status as varchar) as status,
        cast(time_unit as varchar) as time_unit,
        cast(value as {{ type_double() }}) as value,  -- noqa: RF04
        cast(log_likelihood as {{ type_double() }}) as log_likelihood,
        cast(n_customers as bigint) as n_customers,
        cast(n_excluded_nonpositive_spend as bigint) as n_excluded_nonpositive_spend,
        cast(n_without_repeat as bigint) as n_without_repeat,
        cast(iterations as bigint) as iterations,
        cast(fit_seconds as {{ type_double() }}) as fit_seconds,
        cast(converged as boolean) as converged,
        cast(calibration_end_date as date) as calibration_end_date,
        cast(fitted_at as timestamp) as fitted_at
    from fits
)

select * from final
