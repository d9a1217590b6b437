"""BG/NBD (repeat purchase days, P(alive)) and Gamma-Gamma (spend per purchase day) fitted by
maximum likelihood on int_ltv_customers_summarized, inside the build: one row per model
parameter with the fit's log-likelihood, customers used and excluded, convergence and status.
A fit that did not converge keeps its numbers for inspection and says why in status; a build
without customers gives the same rows with null values and status 'degenerate: no
customers ...'. The work is crm_warehouse.ltv.warehouse.fitted_parameters.
"""

from crm_warehouse.ltv.warehouse import PARAMETER_SCHEMA, fitted_parameters, parse_date, to_arrow


def model(dbt, session):
    dbt.config(materialized="table")
    summary = dbt.ref("int_ltv_customers_summarized").df()
    parameters = fitted_parameters(
        summary,
        time_unit=str(dbt.config.meta_get("ltv_time_unit")),
        calibration_end=parse_date(dbt.config.meta_get("as_of_date")),
    )
    return to_arrow(parameters, PARAMETER_SCHEMA)
