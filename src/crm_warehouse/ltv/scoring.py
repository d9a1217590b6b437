"""DataFrame entry points for callers such as a dbt Python model: a customer summary in
(customer_id, frequency, recency, T, monetary_value), fitted models and per-customer scores out.

    summary = summarize_transactions(orders, as_of, time_unit="weeks")   # or built in SQL
    models = fit_ltv_models(summary, time_unit="weeks")
    scores = score_customers(summary, models, horizon_months=12, monthly_discount_rate=0.01)
    params = model_parameters(models)          # one row per model parameter, with the status

A model that did not converge gives NaN for the scores that depend on it (null in a mart), and
its status is in ``model_parameters``: a bad fit is never passed off as a prediction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_warehouse.ltv.bgnbd import BGNBDFit, expected_purchases, fit_bgnbd, probability_alive
from crm_warehouse.ltv.clv import customer_lifetime_value, months_to_time_unit
from crm_warehouse.ltv.gamma_gamma import (
    GammaGammaFit,
    expected_average_spend,
    fit_gamma_gamma,
)
from crm_warehouse.ltv.summary import SUMMARY_COLUMNS

SCORE_COLUMNS: tuple[str, ...] = (
    "customer_id",
    "p_alive",
    "predicted_purchases",
    "expected_avg_spend",
    "predicted_clv",
)
PARAMETER_COLUMNS: tuple[str, ...] = (
    "model",
    "parameter",
    "value",
    "log_likelihood",
    "n_customers",
    "converged",
    "status",
    "fitted_at",
)


@dataclass(frozen=True)
class LTVModels:
    bgnbd: BGNBDFit
    gamma_gamma: GammaGammaFit


def fit_ltv_models(summary: pd.DataFrame, *, time_unit: str = "weeks") -> LTVModels:
    """BG/NBD on every customer, Gamma-Gamma on the repeat buyers with positive spend."""
    _check_summary(summary)
    return LTVModels(
        bgnbd=fit_bgnbd(
            summary["frequency"].to_numpy(),
            summary["recency"].to_numpy(),
            summary["T"].to_numpy(),
            time_unit=time_unit,
        ),
        gamma_gamma=fit_gamma_gamma(
            summary["frequency"].to_numpy(), summary["monetary_value"].to_numpy()
        ),
    )


def score_customers(
    summary: pd.DataFrame,
    models: LTVModels,
    *,
    horizon_months: int = 12,
    monthly_discount_rate: float = 0.01,
) -> pd.DataFrame:
    """One row per customer: p_alive (now), predicted_purchases (repeat purchase days in the
    next ``horizon_months``), expected_avg_spend (per purchase) and predicted_clv (discounted
    spend over the horizon)."""
    _check_summary(summary)
    x = summary["frequency"].to_numpy(dtype=np.float64)
    t_x = summary["recency"].to_numpy(dtype=np.float64)
    age = summary["T"].to_numpy(dtype=np.float64)
    m = summary["monetary_value"].to_numpy(dtype=np.float64)
    n = len(summary)
    nan = np.full(n, np.nan)
    bg, gg = models.bgnbd, models.gamma_gamma
    horizon = months_to_time_unit(horizon_months, bg.time_unit)
    p_alive = probability_alive(bg, x, t_x, age) if bg.converged else nan
    purchases = expected_purchases(bg, horizon, x, t_x, age) if bg.converged else nan
    spend = expected_average_spend(gg, x, m) if gg.converged else nan
    clv = (
        customer_lifetime_value(
            bg,
            gg,
            x,
            t_x,
            age,
            m,
            horizon_months=horizon_months,
            monthly_discount_rate=monthly_discount_rate,
        )
        if bg.converged and gg.converged
        else nan
    )
    return pd.DataFrame(
        {
            "customer_id": summary["customer_id"].to_numpy(),
            "p_alive": p_alive,
            "predicted_purchases": purchases,
            "expected_avg_spend": spend,
            "predicted_clv": clv,
        }
    )


def model_parameters(models: LTVModels, fitted_at: dt.datetime | None = None) -> pd.DataFrame:
    """One row per model parameter (model bgnbd | gamma_gamma), with the fit's log-likelihood,
    customers used, convergence flag and status."""
    fitted_at = fitted_at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = []
    for model, fit, names in (
        ("bgnbd", models.bgnbd, ("r", "alpha", "a", "b")),
        ("gamma_gamma", models.gamma_gamma, ("p", "q", "gamma")),
    ):
        for name in names:
            rows.append(
                {
                    "model": model,
                    "parameter": name,
                    "value": float(getattr(fit, name)),
                    "log_likelihood": float(fit.log_likelihood),
                    "n_customers": int(fit.n_customers),
                    "converged": bool(fit.converged),
                    "status": fit.status,
                    "fitted_at": fitted_at,
                }
            )
    return pd.DataFrame(rows, columns=list(PARAMETER_COLUMNS))


def _check_summary(summary: pd.DataFrame) -> None:
    missing = [column for column in SUMMARY_COLUMNS if column not in summary.columns]
    if missing:
        raise ValueError(f"customer summary is missing columns {missing}")
