"""LTV in the warehouse: the functions the dbt Python models call (crm_warehouse.ltv.warehouse),
then the real CDNOW benchmark loaded as raw orders and built with `dbt build` — the fitted
parameters in ltv_model_params must be the published ones, and the marts must agree with the
CDNOW log computed independently here — and a retailer without any order."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from crm_warehouse.dbt_runner import run_dbt
from crm_warehouse.ltv import bgnbd, cdnow, scoring
from crm_warehouse.ltv import warehouse as ltv_warehouse
from crm_warehouse.ltv.summary import summarize_transactions

from .conftest import Warehouse

CALIBRATION_END = dt.date(1997, 9, 30)
HOLDOUT_END = dt.date(1998, 6, 30)
HOLDOUT_WEEKS = 39.0  # 1997-10-01 .. 1998-06-30, 273 days
CDNOW_VARS = {"shop_opened_date": "1997-01-01", "as_of_date": "1997-09-30"}
LTV_MARTS = [
    "+ltv_model_params",
    "+customer_ltv",
    "+ltv_holdout_evaluation",
    "+cohort_retention",
    "+ltv_by_acquisition",
]
# The LTV marts, what they need, and the LTV tests only (models/*/ltv, tests/dbt/ltv): the
# upstream layers' tests belong to their own suites (and an eager selection would also pick a
# staging singular test that reads staging models outside this selection).
LTV_TESTS = ["path:models/intermediate/ltv", "path:models/marts/ltv", "path:tests/dbt/ltv"]
BUILD_LTV = ["build", "--select", *LTV_MARTS, *LTV_TESTS, "--indirect-selection", "empty"]


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return cdnow.read_cdnow(sample=True)


@pytest.fixture(scope="module")
def purchase_days(sample: pd.DataFrame) -> pd.DataFrame:
    days = sample.groupby(["customer_id", "purchase_date"], as_index=False)["amount"].sum()
    return days.rename(columns={"customer_id": "person_id", "purchase_date": "ordered_date"})


@pytest.fixture(scope="module")
def summary(purchase_days: pd.DataFrame) -> pd.DataFrame:
    return ltv_warehouse.calibration_summary(
        purchase_days, CALIBRATION_END, HOLDOUT_END, time_unit="weeks"
    )


# --- crm_warehouse.ltv.warehouse ------------------------------------------------------------


def test_calibration_summary_is_the_package_summary_with_the_holdout(
    sample: pd.DataFrame, summary: pd.DataFrame
) -> None:
    package = summarize_transactions(sample, CALIBRATION_END, time_unit="weeks")
    ours = summary.set_index("person_id")
    theirs = package.set_index("customer_id")
    assert list(ours.index) == list(theirs.index)
    np.testing.assert_array_equal(ours["frequency"], theirs["frequency"])
    np.testing.assert_allclose(ours["recency"], theirs["recency"])
    np.testing.assert_allclose(ours["customer_age"], theirs["T"])
    np.testing.assert_allclose(ours["monetary_value"], theirs["monetary_value"])
    assert ours["holdout_purchase_days"].sum() == 1_882  # the published holdout count
    assert set(ours["calibration_end_date"]) == {CALIBRATION_END}
    assert set(ours["holdout_end_date"]) == {HOLDOUT_END}
    # Customer 00004: purchases on 1997-01-01, 01-18 and 08-02 before the calibration end.
    assert ours.loc["CDNOW00004", "first_purchase_date"] == dt.date(1997, 1, 1)
    assert ours.loc["CDNOW00004", "last_purchase_date"] == dt.date(1997, 8, 2)


def test_scores_use_the_parameter_table_exactly(summary: pd.DataFrame) -> None:
    parameters = ltv_warehouse.fitted_parameters(summary, time_unit="weeks")
    assert parameters["converged"].all()
    scores = ltv_warehouse.scored_customers(
        summary, parameters, horizon_months=12, monthly_discount_rate=0.01
    )
    package_summary = summary.rename(columns={"person_id": "customer_id", "customer_age": "T"})
    models = scoring.fit_ltv_models(package_summary, time_unit="weeks")
    direct = scoring.score_customers(package_summary, models, horizon_months=12)
    for column in ("p_alive", "predicted_purchases", "expected_avg_spend", "predicted_clv"):
        np.testing.assert_allclose(scores[column], direct[column], rtol=1e-12)
    assert set(scores["prediction_status"]) == {"scored"}
    expected_holdout = bgnbd.expected_purchases(
        models.bgnbd,
        HOLDOUT_WEEKS,
        package_summary["frequency"],
        package_summary["recency"],
        package_summary["T"],
    )
    np.testing.assert_allclose(scores["predicted_holdout_purchases"], expected_holdout)


def test_a_model_that_did_not_converge_scores_nothing(summary: pd.DataFrame) -> None:
    # Every repeat purchase worth 0: Gamma-Gamma has no positive spend to fit.
    no_spend = summary.assign(monetary_value=0.0)
    parameters = ltv_warehouse.fitted_parameters(no_spend)
    spend = parameters[parameters["model"] == "gamma_gamma"]
    assert not spend["converged"].any()
    assert spend["status"].str.startswith("degenerate").all()
    assert (spend["n_excluded_nonpositive_spend"] == 946).all()
    scores = ltv_warehouse.scored_customers(no_spend, parameters)
    assert set(scores["prediction_status"]) == {"purchases_only"}
    assert scores["p_alive"].notna().all() and scores["predicted_purchases"].notna().all()
    assert scores["expected_avg_spend"].isna().all() and scores["predicted_clv"].isna().all()
    # Nobody bought twice: BG/NBD is not identifiable, every score is null.
    one_timers = summary.assign(frequency=0, recency=0.0, monetary_value=0.0)
    parameters = ltv_warehouse.fitted_parameters(one_timers)
    assert not parameters["converged"].any()
    scores = ltv_warehouse.scored_customers(one_timers, parameters)
    assert set(scores["prediction_status"]) == {"not_scored"}
    assert scores[["p_alive", "predicted_purchases", "predicted_clv"]].isna().all().all()


def test_no_orders_give_status_rows_and_no_scores(purchase_days: pd.DataFrame) -> None:
    empty = ltv_warehouse.calibration_summary(purchase_days.iloc[:0], None, None)
    assert empty.empty
    parameters = ltv_warehouse.fitted_parameters(empty)
    assert list(parameters["parameter"]) == ["r", "alpha", "a", "b", "p", "q", "gamma"]
    assert parameters["value"].isna().all() and not parameters["converged"].any()
    assert (parameters["status"] == ltv_warehouse.NO_CUSTOMERS_STATUS).all()
    scores = ltv_warehouse.scored_customers(empty, parameters)
    assert scores.empty
    for frame, schema in (
        (empty, ltv_warehouse.SUMMARY_SCHEMA),
        (parameters, ltv_warehouse.PARAMETER_SCHEMA),
        (scores, ltv_warehouse.SCORE_SCHEMA),
    ):
        assert ltv_warehouse.to_arrow(frame, schema).schema.equals(schema)
    assert (
        ltv_warehouse.to_arrow(parameters, ltv_warehouse.PARAMETER_SCHEMA)["value"].null_count == 7
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("None", None),
        ("", None),
        ("null", None),
        ("1997-09-30", dt.date(1997, 9, 30)),
        (dt.date(1997, 9, 30), dt.date(1997, 9, 30)),
        (dt.datetime(1997, 9, 30, 12), dt.date(1997, 9, 30)),
    ],
)
def test_as_of_date_var_parsing(value: object, expected: dt.date | None) -> None:
    assert ltv_warehouse.parse_date(value) == expected


# --- CDNOW through the warehouse ------------------------------------------------------------


def write_cdnow_sample(out_dir: Path) -> Path:
    command = [sys.executable, "-m", "crm_warehouse.ltv.cdnow", "to-raw", "--out", str(out_dir)]
    subprocess.run([*command, "--sample"], check=True, capture_output=True, text=True)
    return out_dir


@pytest.fixture(scope="module")
def cdnow_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    raw_dir = write_cdnow_sample(tmp_path_factory.mktemp("cdnow_raw"))
    path = tmp_path_factory.mktemp("cdnow_wh") / "crm.duckdb"
    run = run_dbt(BUILD_LTV, warehouse=path, raw_dir=raw_dir, dbt_vars=CDNOW_VARS)
    assert run.success, f"dbt build failed:\n{run.error}"
    return Warehouse(path)


@pytest.fixture(scope="module")
def customer_ids(cdnow_warehouse: Warehouse) -> pd.DataFrame:
    return cdnow_warehouse.query(
        "select identifier as customer_id, person_id from intermediate.int_identifiers_resolved"
        " where identifier_type = 'customer_id'"
    )


def test_warehouse_fit_reproduces_the_published_cdnow_parameters(
    cdnow_warehouse: Warehouse,
) -> None:
    params = cdnow_warehouse.query("select * from marts.ltv_model_params")
    assert params["converged"].all(), params["status"].tolist()
    assert params["status"].str.startswith("converged").all()
    assert set(params["calibration_end_date"].dt.date) == {CALIBRATION_END}
    assert set(params["time_unit"]) == {"weeks"}
    value = params.set_index(["model", "parameter"])["value"]
    # Fader, Hardie & Lee (2005): r 0.243, alpha 4.414, a 0.793, b 2.426, LL -9582.4.
    bg = [round(value["bgnbd", name], 3) for name in ("r", "alpha", "a", "b")]
    assert bg == [0.243, 4.414, 0.793, 2.426]
    bg_rows = params[params["model"] == "bgnbd"]
    assert bg_rows["log_likelihood"].round(1).tolist() == [-9582.4] * 4
    assert bg_rows["n_customers"].tolist() == [2_357] * 4
    # Fader & Hardie (2013): p 6.25, q 3.74, gamma 15.44 on the 946 repeat buyers.
    gg = [round(value["gamma_gamma", name], 2) for name in ("p", "q", "gamma")]
    assert gg == [6.25, 3.74, 15.44]
    gg_rows = params[params["model"] == "gamma_gamma"]
    assert gg_rows["n_customers"].tolist() == [946] * 3
    assert gg_rows["n_excluded_nonpositive_spend"].tolist() == [0] * 3
    assert gg_rows["n_without_repeat"].tolist() == [2_357 - 946] * 3


def test_warehouse_holdout_forecast_is_the_package_forecast(
    cdnow_warehouse: Warehouse, summary: pd.DataFrame
) -> None:
    evaluation = cdnow_warehouse.query("select * from marts.ltv_holdout_evaluation")
    assert set(evaluation["holdout_days"]) == {273}
    assert evaluation["customers"].sum() == 2_357
    assert evaluation["actual_repeat_purchases"].sum() == 1_882  # published
    predicted = evaluation["predicted_repeat_purchases"].sum()
    # The same conditional expectations as tests/test_ltv_model.py, computed by the package
    # outside the warehouse: 1,653, the model's documented under-forecast of weeks 40-78.
    package_summary = summary.rename(columns={"customer_age": "T"})
    fit = bgnbd.fit_bgnbd(
        package_summary["frequency"], package_summary["recency"], package_summary["T"]
    )
    expected = bgnbd.expected_purchases(
        fit,
        HOLDOUT_WEEKS,
        package_summary["frequency"],
        package_summary["recency"],
        package_summary["T"],
    ).sum()
    assert predicted == pytest.approx(expected, rel=1e-6)
    assert predicted == pytest.approx(1_882, rel=0.15) and predicted < 1_882
    by_frequency = evaluation.set_index("calibration_frequency")
    assert by_frequency.loc[0, "customers"] == 2_357 - 946
    assert by_frequency.loc[7, "frequency_label"] == "7+"


def test_customer_ltv_scores_every_customer_as_the_package_does(
    cdnow_warehouse: Warehouse, summary: pd.DataFrame, customer_ids: pd.DataFrame
) -> None:
    ltv = cdnow_warehouse.query("select * from marts.customer_ltv").merge(customer_ids)
    assert len(ltv) == 2_357
    assert set(ltv["prediction_status"]) == {"scored"}
    assert set(ltv["horizon_months"]) == {12}
    parameters = ltv_warehouse.fitted_parameters(summary)
    expected = ltv_warehouse.scored_customers(summary, parameters, horizon_months=12)
    merged = ltv.merge(expected, left_on="customer_id", right_on="person_id", suffixes=("", "_py"))
    assert len(merged) == 2_357
    for column in ("p_alive", "predicted_purchases", "expected_avg_spend", "predicted_clv"):
        np.testing.assert_allclose(merged[column], merged[f"{column}_py"], rtol=1e-6)
    assert ((ltv["p_alive"] >= 0) & (ltv["p_alive"] <= 1)).all()


def test_historic_windows_and_cohorts_match_the_cdnow_log(
    cdnow_warehouse: Warehouse, sample: pd.DataFrame, customer_ids: pd.DataFrame
) -> None:
    # Computed here from the log: dollars are loaded as CNY 1:1, every order is a revenue
    # order, customers register on their first purchase day.
    calibration = sample[sample["purchase_date"] <= pd.Timestamp(CALIBRATION_END)]
    first = calibration.groupby("customer_id")["purchase_date"].min().rename("first_date")
    orders = calibration.join(first, on="customer_id")
    six_months = orders["purchase_date"] < orders["first_date"] + pd.DateOffset(months=6)
    ltv_6m = orders[six_months].groupby("customer_id")["amount"].sum().round(2)
    ltv = cdnow_warehouse.query("select * from marts.customer_ltv").merge(customer_ids)
    ltv = ltv.set_index("customer_id")
    # Every first purchase is in Q1 1997, so every 6-month window ended by 1997-09-30.
    assert ltv["is_ltv_6m_complete"].all()
    np.testing.assert_allclose(ltv.loc[ltv_6m.index, "ltv_6m"].astype(float), ltv_6m)
    np.testing.assert_allclose(ltv.loc[ltv_6m.index, "registration_ltv_6m"].astype(float), ltv_6m)
    complete_8m = first + pd.DateOffset(months=8) - pd.Timedelta(days=1) <= pd.Timestamp(
        CALIBRATION_END
    )
    assert ltv.loc[complete_8m.index, "is_ltv_8m_complete"].tolist() == complete_8m.tolist()
    assert ltv.loc[~complete_8m, "ltv_8m"].isna().all()
    assert ltv["ltv_12m"].isna().all() and not ltv["is_ltv_12m_complete"].any()
    assert ltv["gross_margin_6m"].isna().all()  # CDNOW has no order lines, so no cost
    # Cohorts: customers by first-purchase month; cumulative revenue to the calibration end.
    cohorts = cdnow_warehouse.query(
        "select * from marts.cohort_retention where acquisition_channel = 'all'"
    )
    cohort_month = first.dt.to_period("M").dt.start_time.dt.date
    sizes = cohort_month.value_counts().sort_index()
    cohorts["cohort_month"] = cohorts["cohort_month"].dt.date
    month_0 = cohorts[cohorts["months_since_first_order"] == 0].set_index("cohort_month")
    assert month_0["cohort_customers"].to_dict() == sizes.to_dict()
    assert (month_0["retention_rate"] == 1.0).all()
    last = cohorts.sort_values("months_since_first_order").groupby("cohort_month").last()
    revenue = orders.groupby(orders["customer_id"].map(cohort_month))["amount"].sum()
    np.testing.assert_allclose(last["cumulative_net_revenue"].astype(float), revenue.round(2))
    assert (last["period_month"].dt.date == dt.date(1997, 9, 1)).all()
    by_channel = cdnow_warehouse.query(
        "select * from marts.ltv_by_acquisition where acquisition_dimension = 'acquisition_channel'"
        " and window_anchor = 'first_order' and window_months = 6"
    )
    assert by_channel["dimension_value"].tolist() == ["direct"]  # web orders, no coupons
    assert by_channel["complete_customers"].tolist() == [2_357]
    assert float(by_channel["avg_net_revenue"].iloc[0]) == pytest.approx(ltv_6m.mean(), abs=0.005)


# --- a retailer without orders --------------------------------------------------------------


def test_a_retailer_without_orders_builds_empty_ltv_marts(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    raw_dir = tmp_path_factory.mktemp("no_raw")  # every raw table absent: built empty
    path = tmp_path_factory.mktemp("empty_wh") / "crm.duckdb"
    run = run_dbt(BUILD_LTV, warehouse=path, raw_dir=raw_dir)
    assert run.success, f"dbt build failed:\n{run.error}"
    warehouse = Warehouse(path)
    for mart in (
        "customer_ltv",
        "cohort_retention",
        "ltv_by_acquisition",
        "ltv_holdout_evaluation",
    ):
        assert warehouse.scalar(f"select count(*) from marts.{mart}") == 0, mart
    params = warehouse.query("select * from marts.ltv_model_params")
    assert len(params) == 7
    assert params["value"].isna().all() and not params["converged"].any()
    assert (params["status"] == ltv_warehouse.NO_CUSTOMERS_STATUS).all()
    assert (params["n_customers"] == 0).all()
