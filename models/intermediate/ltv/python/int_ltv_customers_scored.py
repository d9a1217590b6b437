"""Per-person predictions from the fitted parameters of int_ltv_models_fitted (never a second
fit): P(alive) at the calibration end, expected repeat purchase days in the next var
ltv_horizon_months months and in the holdout period, expected spend per purchase day, and CLV
discounted at var ltv_monthly_discount_rate a month. prediction_status says which scores exist:
scored, purchases_only (Gamma-Gamma did not converge) or not_scored (BG/NBD did not converge);
a score that does not exist is null. The work is crm_warehouse.ltv.warehouse.scored_customers.
"""

from crm_warehouse.ltv.warehouse import SCORE_SCHEMA, scored_customers, to_arrow


def model(dbt, session):
    dbt.config(materialized="table")
    summary = dbt.ref("int_ltv_customers_summarized").df()
    parameters = dbt.ref("int_ltv_models_fitted").df()
    scores = scored_customers(
        summary,
        parameters,
        horizon_months=int(dbt.config.meta_get("ltv_horizon_months")),
        monthly_discount_rate=float(dbt.config.meta_get("ltv_monthly_discount_rate")),
    )
    return to_arrow(scores, SCORE_SCHEMA)
