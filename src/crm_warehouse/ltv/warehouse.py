"""The warehouse's side of predictive LTV: what the dbt Python models of models/intermediate/ltv
call, kept here so it is tested without dbt.

    summary = calibration_summary(purchase_days, as_of, holdout_end, time_unit="weeks")
    params = fitted_parameters(summary, time_unit="weeks", fitted_at=now)   # -> ltv_model_params
    scores = scored_customers(summary, params, horizon_months=12, monthly_discount_rate=0.01)

``purchase_days`` has one row per person and local order date with the day's net revenue of its
revenue orders (columns person_id, ordered_date, amount). The summary is
``summary.summarize_transactions`` (Fader, Hardie & Lee 2005) per person as of the calibration
end, with the person's purchase days after it up to ``holdout_end`` (the holdout period, empty
when the calibration end is the latest order date). Scores are computed from the parameter
table itself (``models_from_parameters``), so the numbers in customer_ltv are exactly those of
ltv_model_params: one fit per build, and a model that did not converge scores nothing.
"""

# T is the literature's name for the customer's age (FHL 2005) and the summary column name.
# ruff: noqa: N806

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pyarrow as pa

from crm_warehouse.ltv.bgnbd import BGNBDFit, expected_purchases
from crm_warehouse.ltv.gamma_gamma import GammaGammaFit
from crm_warehouse.ltv.scoring import LTVModels, fit_ltv_models, score_customers
from crm_warehouse.ltv.summary import (
    count_purchase_days,
    days_per_unit,
    summarize_transactions,
)

# Column order and types of the three tables the dbt Python models write (Arrow schemas: an
# empty frame still gets the right column types).
SUMMARY_SCHEMA = pa.schema(
    [
        ("person_id", pa.string()),
        ("frequency", pa.int64()),
        ("recency", pa.float64()),
        ("customer_age", pa.float64()),
        ("monetary_value", pa.float64()),
        ("holdout_purchase_days", pa.int64()),
        ("time_unit", pa.string()),
        ("first_purchase_date", pa.date32()),
        ("last_purchase_date", pa.date32()),
        ("calibration_end_date", pa.date32()),
        ("holdout_end_date", pa.date32()),
    ]
)
PARAMETER_SCHEMA = pa.schema(
    [
        ("model", pa.string()),
        ("parameter", pa.string()),
        ("value", pa.float64()),
        ("log_likelihood", pa.float64()),
        ("n_customers", pa.int64()),
        ("n_excluded_nonpositive_spend", pa.int64()),
        ("n_without_repeat", pa.int64()),
        ("converged", pa.bool_()),
        ("status", pa.string()),
        ("iterations", pa.int64()),
        ("fit_seconds", pa.float64()),
        ("time_unit", pa.string()),
        ("calibration_end_date", pa.date32()),
        ("fitted_at", pa.timestamp("us")),
    ]
)
SCORE_SCHEMA = pa.schema(
    [
        ("person_id", pa.string()),
        ("prediction_status", pa.string()),
        ("p_alive", pa.float64()),
        ("predicted_purchases", pa.float64()),
        ("expected_avg_spend", pa.float64()),
        ("predicted_clv", pa.float64()),
        ("predicted_holdout_purchases", pa.float64()),
        ("horizon_months", pa.int64()),
        ("monthly_discount_rate", pa.float64()),
    ]
)
SUMMARY_COLUMNS: tuple[str, ...] = tuple(SUMMARY_SCHEMA.names)
PARAMETER_COLUMNS: tuple[str, ...] = tuple(PARAMETER_SCHEMA.names)
SCORE_COLUMNS: tuple[str, ...] = tuple(SCORE_SCHEMA.names)
BGNBD_PARAMETERS: tuple[str, ...] = ("r", "alpha", "a", "b")
GAMMA_GAMMA_PARAMETERS: tuple[str, ...] = ("p", "q", "gamma")
NO_CUSTOMERS_STATUS = (
    "degenerate: no customers (no revenue order on or before the calibration end date)"
)
_NULL_TEXT = {"", "none", "null", "nan", "nat"}


def parse_date(value: object) -> dt.date | None:
    """A dbt var as a date: None, '' or 'None' (an unset var rendered by Jinja) give None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if text.lower() in _NULL_TEXT:
        return None
    return dt.date.fromisoformat(text[:10])


def to_arrow(frame: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    """The frame as an Arrow table of exactly ``schema`` (NaN becomes null)."""
    return pa.Table.from_pandas(frame.loc[:, schema.names], schema=schema, preserve_index=False)


def calibration_summary(
    purchase_days: pd.DataFrame,
    calibration_end: dt.date | str | None,
    holdout_end: dt.date | str | None = None,
    *,
    time_unit: str = "weeks",
) -> pd.DataFrame:
    """One row per person whose first purchase day is on or before ``calibration_end``
    (default: the latest purchase day): frequency, recency, customer_age (T) and
    monetary_value as of that date, and holdout_purchase_days, the purchase days in
    (calibration_end, holdout_end]."""
    days_per_unit(time_unit)  # an unknown unit fails here, before any work
    days = pd.DataFrame(
        {
            "person_id": purchase_days["person_id"].astype("string").to_numpy(dtype=object),
            "ordered_date": pd.to_datetime(purchase_days["ordered_date"]).dt.normalize(),
            "amount": pd.to_numeric(purchase_days["amount"]).astype("float64"),
        }
    )
    latest = days["ordered_date"].max() if len(days) else pd.NaT
    end = parse_date(calibration_end)
    if end is None:
        end = None if pd.isna(latest) else latest.date()
    holdout = parse_date(holdout_end) or end
    if end is None:  # no purchase at all and no date given: nothing to summarise
        return _empty_summary()
    holdout = max(holdout, end)
    summary = summarize_transactions(
        days,
        end,
        time_unit=time_unit,
        customer_col="person_id",
        date_col="ordered_date",
        amount_col="amount",
    ).rename(columns={"customer_id": "person_id", "T": "customer_age"})
    if summary.empty:
        return _empty_summary()
    calibration = days[days["ordered_date"] <= pd.Timestamp(end)]
    span = calibration.groupby("person_id", sort=True)["ordered_date"].agg(["min", "max"])
    holdout_days = count_purchase_days(
        days, end, holdout, customer_col="person_id", date_col="ordered_date"
    )
    summary["holdout_purchase_days"] = (
        summary["person_id"].map(holdout_days).fillna(0).astype("int64").to_numpy()
    )
    summary["time_unit"] = time_unit
    summary["first_purchase_date"] = summary["person_id"].map(span["min"]).dt.date
    summary["last_purchase_date"] = summary["person_id"].map(span["max"]).dt.date
    summary["calibration_end_date"] = end
    summary["holdout_end_date"] = holdout
    return summary.loc[:, list(SUMMARY_COLUMNS)].reset_index(drop=True)


def fitted_parameters(
    summary: pd.DataFrame,
    *,
    time_unit: str = "weeks",
    calibration_end: dt.date | str | None = None,
    fitted_at: dt.datetime | None = None,
) -> pd.DataFrame:
    """BG/NBD and Gamma-Gamma fitted on the summary: one row per model parameter (bgnbd: r,
    alpha, a, b; gamma_gamma: p, q, gamma) with the fit's log-likelihood, customers used and
    excluded, convergence and status. A summary without customers gives the same rows with
    null values and a status that says so."""
    fitted_at = fitted_at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    end = parse_date(calibration_end)
    if end is None and len(summary):
        end = parse_date(summary["calibration_end_date"].iloc[0])
    models = fit_ltv_models(_package_summary(summary), time_unit=time_unit)
    bg, gg = models.bgnbd, models.gamma_gamma
    rows = []
    for model, fit, names, excluded, without_repeat in (
        ("bgnbd", bg, BGNBD_PARAMETERS, 0, 0),
        (
            "gamma_gamma",
            gg,
            GAMMA_GAMMA_PARAMETERS,
            gg.n_excluded_nonpositive_spend,
            gg.n_without_repeat,
        ),
    ):
        status = fit.status if len(summary) else NO_CUSTOMERS_STATUS
        for name in names:
            rows.append(
                {
                    "model": model,
                    "parameter": name,
                    "value": _finite_or_none(getattr(fit, name)),
                    "log_likelihood": _finite_or_none(fit.log_likelihood),
                    "n_customers": int(fit.n_customers),
                    "n_excluded_nonpositive_spend": int(excluded),
                    "n_without_repeat": int(without_repeat),
                    "converged": bool(fit.converged),
                    "status": status,
                    "iterations": int(fit.iterations),
                    "fit_seconds": float(fit.fit_seconds),
                    "time_unit": time_unit,
                    "calibration_end_date": end,
                    "fitted_at": fitted_at,
                }
            )
    frame = pd.DataFrame(rows, columns=list(PARAMETER_COLUMNS))
    frame["value"] = frame["value"].astype("float64")
    frame["log_likelihood"] = frame["log_likelihood"].astype("float64")
    return frame


def models_from_parameters(parameters: pd.DataFrame) -> LTVModels:
    """The fitted models back from their parameter table (``fitted_parameters``)."""

    def model_rows(model: str) -> pd.DataFrame:
        rows = parameters[parameters["model"] == model]
        if rows.empty:
            raise ValueError(f"the parameter table has no rows of model {model!r}")
        return rows

    def values(rows: pd.DataFrame, names: tuple[str, ...]) -> dict[str, float]:
        by_name = dict(zip(rows["parameter"], rows["value"], strict=True))
        return {name: _float(by_name.get(name)) for name in names}

    bg_rows, gg_rows = model_rows("bgnbd"), model_rows("gamma_gamma")
    bg, gg = bg_rows.iloc[0], gg_rows.iloc[0]
    return LTVModels(
        bgnbd=BGNBDFit(
            **values(bg_rows, BGNBD_PARAMETERS),
            log_likelihood=_float(bg["log_likelihood"]),
            n_customers=int(bg["n_customers"]),
            converged=bool(bg["converged"]),
            status=str(bg["status"]),
            iterations=int(bg["iterations"]),
            time_unit=str(bg["time_unit"]),
            fit_seconds=_float(bg["fit_seconds"]),
        ),
        gamma_gamma=GammaGammaFit(
            **values(gg_rows, GAMMA_GAMMA_PARAMETERS),
            log_likelihood=_float(gg["log_likelihood"]),
            n_customers=int(gg["n_customers"]),
            n_excluded_nonpositive_spend=int(gg["n_excluded_nonpositive_spend"]),
            n_without_repeat=int(gg["n_without_repeat"]),
            converged=bool(gg["converged"]),
            status=str(gg["status"]),
            iterations=int(gg["iterations"]),
            fit_seconds=_float(gg["fit_seconds"]),
        ),
    )


def scored_customers(
    summary: pd.DataFrame,
    parameters: pd.DataFrame,
    *,
    horizon_months: int = 12,
    monthly_discount_rate: float = 0.01,
) -> pd.DataFrame:
    """One row per person of the summary: P(alive) at the calibration end, expected repeat
    purchase days in the next ``horizon_months`` months and in the holdout period, expected
    spend per purchase day and discounted CLV over the horizon. ``prediction_status`` is
    ``scored`` (both models converged), ``purchases_only`` (BG/NBD converged, Gamma-Gamma did
    not: no spend nor CLV) or ``not_scored`` (BG/NBD did not converge: every score null); the
    reason is the status in the parameter table."""
    models = models_from_parameters(parameters)
    package_summary = _package_summary(summary)
    scores = score_customers(
        package_summary,
        models,
        horizon_months=int(horizon_months),
        monthly_discount_rate=float(monthly_discount_rate),
    )
    bg, gg = models.bgnbd, models.gamma_gamma
    n = len(summary)
    holdout = np.full(n, np.nan)
    if bg.converged and n:
        unit = days_per_unit(bg.time_unit)
        ends = pd.to_datetime(summary["holdout_end_date"])
        starts = pd.to_datetime(summary["calibration_end_date"])
        length = ((ends - starts).dt.days.to_numpy(dtype=np.float64)) / unit
        holdout = expected_purchases(
            bg,
            length,
            package_summary["frequency"].to_numpy(dtype=np.float64),
            package_summary["recency"].to_numpy(dtype=np.float64),
            package_summary["T"].to_numpy(dtype=np.float64),
        )
    if bg.converged and gg.converged:
        status = "scored"
    elif bg.converged:
        status = "purchases_only"
    else:
        status = "not_scored"
    frame = pd.DataFrame(
        {
            "person_id": summary["person_id"].to_numpy(dtype=object),
            "prediction_status": [status] * n,
            "p_alive": scores["p_alive"].to_numpy(dtype=np.float64),
            "predicted_purchases": scores["predicted_purchases"].to_numpy(dtype=np.float64),
            "expected_avg_spend": scores["expected_avg_spend"].to_numpy(dtype=np.float64),
            "predicted_clv": scores["predicted_clv"].to_numpy(dtype=np.float64),
            "predicted_holdout_purchases": holdout,
            "horizon_months": np.full(n, int(horizon_months), dtype=np.int64),
            "monthly_discount_rate": np.full(n, float(monthly_discount_rate)),
        },
        columns=list(SCORE_COLUMNS),
    )
    return frame


def _package_summary(summary: pd.DataFrame) -> pd.DataFrame:
    """The summary in the package's column names (customer_id, frequency, recency, T,
    monetary_value)."""
    return pd.DataFrame(
        {
            "customer_id": summary["person_id"].to_numpy(dtype=object),
            "frequency": summary["frequency"].to_numpy(dtype=np.int64),
            "recency": summary["recency"].to_numpy(dtype=np.float64),
            "T": summary["customer_age"].to_numpy(dtype=np.float64),
            "monetary_value": summary["monetary_value"].to_numpy(dtype=np.float64),
        }
    )


def _empty_summary() -> pd.DataFrame:
    frame = pd.DataFrame({column: pd.Series(dtype=object) for column in SUMMARY_COLUMNS})
    for column in ("frequency", "holdout_purchase_days"):
        frame[column] = frame[column].astype("int64")
    for column in ("recency", "customer_age", "monetary_value"):
        frame[column] = frame[column].astype("float64")
    return frame


def _float(value: object) -> float:
    return float("nan") if value is None or pd.isna(value) else float(value)


def _finite_or_none(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None
