"""Predictive LTV (crm_warehouse.ltv): the published CDNOW results reproduced from the raw log,
hand-computed summaries, the prediction formulas checked against data simulated from known
parameters, numerical edge cases, and the CDNOW -> raw tables conversion."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from scipy import special

from crm_warehouse.contract import RAW_TABLES_BY_NAME
from crm_warehouse.ltv import bgnbd, cdnow, clv, fit_benchmark, gamma_gamma, scoring
from crm_warehouse.ltv.simulate import CDNOW_BGNBD, CDNOW_GAMMA_GAMMA, simulate_summary
from crm_warehouse.ltv.summary import count_purchase_days, summarize_transactions

CALIBRATION_END = "1997-09-30"  # end of week 39 of the published calibration period
HOLDOUT_END = "1998-06-30"  # end of week 78
HOLDOUT_WEEKS = 39.0  # 1997-10-01 .. 1998-06-30 is 273 days


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return cdnow.read_cdnow(sample=True)


@pytest.fixture(scope="module")
def calibration(sample: pd.DataFrame) -> pd.DataFrame:
    return summarize_transactions(sample, CALIBRATION_END, time_unit="weeks")


@pytest.fixture(scope="module")
def bgnbd_fit(calibration: pd.DataFrame) -> bgnbd.BGNBDFit:
    return bgnbd.fit_bgnbd(calibration["frequency"], calibration["recency"], calibration["T"])


@pytest.fixture(scope="module")
def gamma_gamma_fit(calibration: pd.DataFrame) -> gamma_gamma.GammaGammaFit:
    return gamma_gamma.fit_gamma_gamma(calibration["frequency"], calibration["monetary_value"])


# --- the CDNOW files ------------------------------------------------------------------------


def test_cdnow_files_hold_the_documented_purchases_and_customers(sample: pd.DataFrame) -> None:
    master = cdnow.read_cdnow()
    assert (len(master), master["customer_id"].nunique()) == (69_659, 23_570)
    assert (len(sample), sample["customer_id"].nunique()) == (6_919, 2_357)
    assert sample["sample_id"].nunique() == 2_357
    # Sample customers keep their master ids; all cohort members first bought in Q1 1997.
    assert set(sample["customer_id"]) <= set(master["customer_id"])
    first = master.groupby("customer_id")["purchase_date"].min()
    assert first.between("1997-01-01", "1997-03-31").all()
    assert (master["amount"] == 0).sum() > 0  # $0 purchases exist and are kept


# --- published results ----------------------------------------------------------------------


def test_t_is_counted_in_days_from_the_first_purchase_day_to_the_calibration_end(
    calibration: pd.DataFrame,
) -> None:
    # Customer 00004 (sample id 1) bought on 1997-01-01, 01-18 and 08-02 in the calibration
    # period: x = 2, t_x = 213 days, T = 272 days (1997-01-01 to 1997-09-30), in weeks.
    row = calibration.set_index("customer_id").loc["CDNOW00004"]
    assert row["frequency"] == 2
    assert row["recency"] == pytest.approx(213 / 7)
    assert row["T"] == pytest.approx(272 / 7)


def test_bgnbd_reproduces_fader_hardie_lee_2005(bgnbd_fit: bgnbd.BGNBDFit) -> None:
    assert bgnbd_fit.converged, bgnbd_fit.status
    assert bgnbd_fit.n_customers == 2_357
    fitted = [round(v, 3) for v in (bgnbd_fit.r, bgnbd_fit.alpha, bgnbd_fit.a, bgnbd_fit.b)]
    assert fitted == [0.243, 4.414, 0.793, 2.426]
    assert bgnbd_fit.log_likelihood == pytest.approx(-9582.4, abs=0.1)


def test_gamma_gamma_reproduces_fader_hardie_2013(
    gamma_gamma_fit: gamma_gamma.GammaGammaFit,
) -> None:
    assert gamma_gamma_fit.converged, gamma_gamma_fit.status
    assert gamma_gamma_fit.n_customers == 946
    assert gamma_gamma_fit.n_excluded_nonpositive_spend == 0
    assert gamma_gamma_fit.n_without_repeat == 2_357 - 946
    fitted = [round(v, 2) for v in gamma_gamma_fit.params]
    assert fitted == [6.25, 3.74, 15.44]


def test_holdout_forecast_against_the_actual_repeat_purchase_days(
    sample: pd.DataFrame, calibration: pd.DataFrame, bgnbd_fit: bgnbd.BGNBDFit
) -> None:
    actual_holdout = int(count_purchase_days(sample, CALIBRATION_END, HOLDOUT_END).sum())
    assert actual_holdout == 1_882
    actual_cumulative = int(calibration["frequency"].sum()) + actual_holdout
    x, t_x, age = calibration["frequency"], calibration["recency"], calibration["T"]
    # The paper's tracking figure: cumulative repeat purchase days of the cohort by week 78,
    # sum over customers of E[X(T_i + 39)] from each one's first purchase. It tracks the
    # actual closely; within 5% (measured: 4,161 against 4,339, -4.1%).
    model_cumulative = bgnbd.expected_purchases_new_customer(bgnbd_fit, age + HOLDOUT_WEEKS).sum()
    assert model_cumulative == pytest.approx(actual_cumulative, rel=0.05)
    # Weeks 40-78 alone, customer by customer, conditional on each calibration history. The
    # published parameters under-forecast this period: measured 1,653 (-12.2%), and the
    # population curve gives the same 1,667, so this is the model on this data, not the code
    # (test_conditional_expectations_are_unbiased_on_simulated_customers checks the code).
    # A 5% tolerance cannot hold here; 15% bounds the documented shortfall.
    conditional = bgnbd.expected_purchases(bgnbd_fit, HOLDOUT_WEEKS, x, t_x, age).sum()
    assert conditional == pytest.approx(actual_holdout, rel=0.15)
    assert conditional < actual_holdout


# --- summary: hand-computed fixtures --------------------------------------------------------


def hand_transactions() -> pd.DataFrame:
    rows = [
        # A: two orders on 01-01 (one purchase day worth 15), 01-08 (20), a $0 and a $4 order
        # on 01-15 (one day worth 4), 01-29 (30), and one after the calibration end.
        ("A", "2024-01-01 09:00:00", 10.0),
        ("A", "2024-01-01 23:59:00", 5.0),
        ("A", "2024-01-08 12:00:00", 20.0),
        ("A", "2024-01-15 08:00:00", 0.0),
        ("A", "2024-01-15 18:00:00", 4.0),
        ("A", "2024-01-29 12:00:00", 30.0),
        ("A", "2024-02-06 12:00:00", 99.0),
        # B: a single purchase.
        ("B", "2024-01-22 10:00:00", 12.5),
        # C: a $0 first purchase and a $0 repeat.
        ("C", "2024-01-10 10:00:00", 0.0),
        ("C", "2024-01-17 10:00:00", 0.0),
        # D: first purchase after the calibration end: not a customer yet.
        ("D", "2024-02-10 10:00:00", 50.0),
    ]
    return pd.DataFrame(rows, columns=["customer_id", "purchase_date", "amount"])


def test_summary_counts_purchase_days_after_the_first_in_weeks() -> None:
    summary = summarize_transactions(hand_transactions(), "2024-02-05").set_index("customer_id")
    assert list(summary.index) == ["A", "B", "C"]
    # A: purchase days 01-01, 01-08, 01-15, 01-29 -> 3 repeats; last - first = 28 days;
    # 02-05 - 01-01 = 35 days; repeat spend (20 + 4 + 30) / 3 = 18.
    assert summary.loc["A"].tolist() == pytest.approx([3, 4.0, 5.0, 18.0])
    # B: no repeat; T = 02-05 - 01-22 = 14 days.
    assert summary.loc["B"].tolist() == pytest.approx([0, 0.0, 2.0, 0.0])
    # C: one $0 repeat a week later; T = 26 days.
    assert summary.loc["C"].tolist() == pytest.approx([1, 1.0, 26 / 7, 0.0])
    assert summary["frequency"].dtype == np.int64


def test_summary_time_units() -> None:
    days = summarize_transactions(hand_transactions(), "2024-02-05", time_unit="days")
    months = summarize_transactions(hand_transactions(), "2024-02-05", time_unit="months")
    a_days = days.set_index("customer_id").loc["A"]
    a_months = months.set_index("customer_id").loc["A"]
    assert (a_days["recency"], a_days["T"]) == (28.0, 35.0)
    assert (a_months["recency"], a_months["T"]) == pytest.approx((28 / 30.4375, 35 / 30.4375))
    with pytest.raises(ValueError, match="time_unit"):
        summarize_transactions(hand_transactions(), "2024-02-05", time_unit="fortnights")


def test_holdout_purchase_days_are_distinct_days_in_the_period() -> None:
    counts = count_purchase_days(hand_transactions(), "2024-01-08", "2024-02-06")
    # A: 01-15 (two orders, one day), 01-29, 02-06; B: 01-22; C: 01-10, 01-17.
    assert counts.to_dict() == {"A": 3, "B": 1, "C": 2}


# --- prediction formulas --------------------------------------------------------------------


def test_conditional_expectation_matches_the_paper_formula(
    calibration: pd.DataFrame, bgnbd_fit: bgnbd.BGNBDFit
) -> None:
    # FHL (2005) eq. (10) written directly, fine for the sample's frequencies (at most 29);
    # the module uses its Euler transformation to stay finite for large x.
    r, alpha, a, b = bgnbd_fit.params
    x = calibration["frequency"].to_numpy(dtype=float)
    t_x, age, t = calibration["recency"].to_numpy(), calibration["T"].to_numpy(), 39.0
    z = t / (alpha + age + t)
    hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, z)
    bracket = (a + b + x - 1) / (a - 1) * (1 - ((alpha + age) / (alpha + age + t)) ** (r + x) * hyp)
    death = (x > 0) * a / (b + np.maximum(x, 1) - 1) * ((alpha + age) / (alpha + t_x)) ** (r + x)
    direct = bracket / (1 + death)
    ours = bgnbd.expected_purchases(bgnbd_fit, t, x, t_x, age)
    np.testing.assert_allclose(ours, direct, rtol=1e-9)
    np.testing.assert_allclose(bgnbd.probability_alive(bgnbd_fit, x, t_x, age), 1 / (1 + death))


def test_conditional_expectations_are_unbiased_on_simulated_customers() -> None:
    # Customers drawn from known parameters, with their purchases in the next 39 weeks: the
    # fit recovers the parameters within sampling error (about 2 standard errors at 20,000
    # customers), and the sum of conditional expectations matches the simulated holdout.
    simulated = simulate_summary(20_000, seed=1, holdout=HOLDOUT_WEEKS)
    x, t_x, age = simulated["frequency"], simulated["recency"], simulated["T"]
    fit = bgnbd.fit_bgnbd(x, t_x, age)
    assert fit.converged, fit.status
    for name, value in CDNOW_BGNBD.items():
        assert getattr(fit, name) == pytest.approx(value, rel=0.15), name
    predicted = bgnbd.expected_purchases(fit, HOLDOUT_WEEKS, x, t_x, age).sum()
    assert predicted == pytest.approx(simulated["holdout_frequency"].sum(), rel=0.05)
    spend = gamma_gamma.fit_gamma_gamma(x, simulated["monetary_value"])
    assert spend.converged, spend.status
    for name, value in CDNOW_GAMMA_GAMMA.items():
        assert getattr(spend, name) == pytest.approx(value, rel=0.15), name


def central_differences(function, theta: np.ndarray, step: float = 1e-5) -> np.ndarray:
    steps = np.eye(theta.size) * step
    return np.array([(function(theta + h) - function(theta - h)) / (2 * step) for h in steps])


def test_analytic_gradients_match_finite_differences(calibration: pd.DataFrame) -> None:
    data = bgnbd._Data.build(calibration["frequency"], calibration["recency"], calibration["T"])
    for point in ([0.3, 4.0, 0.8, 2.4], [1.0, 10.0, 2.0, 0.5]):
        theta = np.log(point)
        numeric = central_differences(lambda v: bgnbd._objective(v, data)[0], theta)
        np.testing.assert_allclose(bgnbd._objective(theta, data)[1], numeric, rtol=1e-6)
    repeat = calibration["frequency"] > 0
    spend = gamma_gamma._Data.build(
        calibration.loc[repeat, "frequency"].to_numpy(dtype=float),
        calibration.loc[repeat, "monetary_value"].to_numpy(),
    )
    for point in ([6.0, 4.0, 15.0], [1.0, 1.5, 100.0]):
        theta = np.log(point)
        numeric = central_differences(lambda v: gamma_gamma._objective(v, spend)[0], theta)
        np.testing.assert_allclose(gamma_gamma._objective(theta, spend)[1], numeric, rtol=1e-6)


def test_new_customer_expectation_is_the_conditional_one_at_age_zero(
    bgnbd_fit: bgnbd.BGNBDFit,
) -> None:
    t = np.array([1.0, 10.0, 52.0])
    zero = np.zeros(3)
    np.testing.assert_allclose(
        bgnbd.expected_purchases_new_customer(bgnbd_fit, t),
        bgnbd.expected_purchases(bgnbd_fit, t, zero, zero, zero),
    )
    assert np.all(np.diff(bgnbd.expected_purchases_new_customer(bgnbd_fit, t)) > 0)


# --- numerical stability and degenerate data ------------------------------------------------


def test_frequent_buyers_give_finite_results(bgnbd_fit: bgnbd.BGNBDFit) -> None:
    x = np.array([500.0, 500.0, 5_000.0, 0.0])
    t_x = np.array([38.99, 1.0, 38.9, 0.0])
    age = np.full(4, 39.0)
    ll = bgnbd.log_likelihood(bgnbd_fit.params, x, t_x, age)
    alive = bgnbd.probability_alive(bgnbd_fit, x, t_x, age)
    expected = bgnbd.expected_purchases(bgnbd_fit, 39.0, x, t_x, age)
    assert np.all(np.isfinite(ll)) and np.all(np.isfinite(expected))
    assert np.all((alive >= 0) & (alive <= 1))
    # 13 purchases a week: bought an hour ago (alive) vs silent for 38 weeks (gone).
    assert alive[0] > 0.99 and alive[1] < 1e-6
    assert expected[0] > 100 and expected[1] < 1e-3


def test_a_frequent_buyer_does_not_break_the_fit(calibration: pd.DataFrame) -> None:
    extra = pd.DataFrame(
        {"customer_id": ["X"], "frequency": [500], "recency": [38.5], "T": [38.8],
         "monetary_value": [20.0]}
    )  # fmt: skip
    summary = pd.concat([calibration, extra], ignore_index=True)
    fit = bgnbd.fit_bgnbd(summary["frequency"], summary["recency"], summary["T"])
    assert fit.converged, fit.status
    assert np.isfinite(fit.log_likelihood)


def test_no_repeat_purchases_is_reported_as_degenerate() -> None:
    age = np.linspace(1.0, 39.0, 200)
    fit = bgnbd.fit_bgnbd(np.zeros(200), np.zeros(200), age)
    assert not fit.converged
    assert "degenerate" in fit.status
    assert np.isnan([fit.r, fit.alpha, fit.a, fit.b]).all()
    assert fit.n_customers == 200


def test_a_fit_on_the_models_boundary_is_not_called_converged() -> None:
    # Everyone bought exactly once more, in week 1, and never again: no spread in purchase
    # rates or dropout, so the mixing distributions collapse.
    fit = bgnbd.fit_bgnbd(np.ones(300), np.ones(300), np.full(300, 30.0))
    assert not fit.converged
    assert "degenerate" in fit.status


def test_summary_inputs_are_checked() -> None:
    with pytest.raises(ValueError, match="recency"):
        bgnbd.fit_bgnbd(np.array([1.0]), np.array([5.0]), np.array([4.0]))
    with pytest.raises(ValueError, match="frequency"):
        bgnbd.fit_bgnbd(np.array([1.5]), np.array([1.0]), np.array([4.0]))


def test_gamma_gamma_excludes_and_counts_nonpositive_spend(calibration: pd.DataFrame) -> None:
    extra = pd.DataFrame({"frequency": [2, 1, 3, 0], "monetary_value": [0.0, -5.0, 0.0, 0.0]})
    frequency = np.concatenate([calibration["frequency"], extra["frequency"]])
    spend = np.concatenate([calibration["monetary_value"], extra["monetary_value"]])
    fit = gamma_gamma.fit_gamma_gamma(frequency, spend)
    assert fit.converged, fit.status
    assert (fit.n_customers, fit.n_excluded_nonpositive_spend) == (946, 3)
    assert fit.n_without_repeat == 2_357 - 946 + 1
    assert [round(v, 2) for v in fit.params] == [6.25, 3.74, 15.44]
    assert np.all(np.isfinite(gamma_gamma.expected_average_spend(fit, frequency, spend)))


def test_gamma_gamma_without_spread_in_spend_is_degenerate() -> None:
    fit = gamma_gamma.fit_gamma_gamma(np.array([1, 2, 3, 0]), np.array([10.0, 10.0, 10.0, 0.0]))
    assert not fit.converged
    assert "degenerate" in fit.status


def test_expected_spend_shrinks_towards_the_population_mean(
    gamma_gamma_fit: gamma_gamma.GammaGammaFit,
) -> None:
    p, q, g = gamma_gamma_fit.params
    population = p * g / (q - 1)
    spend = gamma_gamma.expected_average_spend(
        gamma_gamma_fit, np.array([0, 1, 1, 50]), np.array([0.0, 100.0, 0.0, 100.0])
    )
    assert spend[0] == pytest.approx(population)
    assert spend[1] == pytest.approx((g + 100.0) * p / (p + q - 1))
    assert spend[2] == pytest.approx(g * p / (p + q - 1))  # $0 repeats pull towards zero
    assert population < spend[1] < spend[3] < 100.0


# --- CLV ------------------------------------------------------------------------------------


def test_clv_discounts_each_months_expected_purchases(
    calibration: pd.DataFrame,
    bgnbd_fit: bgnbd.BGNBDFit,
    gamma_gamma_fit: gamma_gamma.GammaGammaFit,
) -> None:
    head = calibration.head(50)
    x, t_x, age, m = (head[c].to_numpy() for c in ("frequency", "recency", "T", "monetary_value"))
    spend = gamma_gamma.expected_average_spend(gamma_gamma_fit, x, m)
    month = 30.4375 / 7  # weeks
    expected = np.zeros(len(head))
    for k in range(1, 7):
        in_month = bgnbd.expected_purchases(
            bgnbd_fit, k * month, x, t_x, age
        ) - bgnbd.expected_purchases(bgnbd_fit, (k - 1) * month, x, t_x, age)
        expected += in_month * spend / 1.02**k
    value = clv.customer_lifetime_value(
        bgnbd_fit, gamma_gamma_fit, x, t_x, age, m, horizon_months=6, monthly_discount_rate=0.02
    )
    np.testing.assert_allclose(value, expected, rtol=1e-10)
    undiscounted = clv.customer_lifetime_value(
        bgnbd_fit, gamma_gamma_fit, x, t_x, age, m, horizon_months=6, monthly_discount_rate=0.0
    )
    np.testing.assert_allclose(
        undiscounted, bgnbd.expected_purchases(bgnbd_fit, 6 * month, x, t_x, age) * spend
    )
    assert np.all(value < undiscounted)


# --- DataFrame API --------------------------------------------------------------------------


def test_scores_and_parameters_for_a_dbt_model(calibration: pd.DataFrame) -> None:
    models = scoring.fit_ltv_models(calibration)
    scores = scoring.score_customers(calibration, models, horizon_months=12)
    assert list(scores.columns) == list(scoring.SCORE_COLUMNS)
    assert scores["customer_id"].tolist() == calibration["customer_id"].tolist()
    assert scores[list(scoring.SCORE_COLUMNS[1:])].notna().all().all()
    assert scores["p_alive"].between(0, 1).all()
    params = scoring.model_parameters(models)
    assert list(params.columns) == list(scoring.PARAMETER_COLUMNS)
    assert params["parameter"].tolist() == ["r", "alpha", "a", "b", "p", "q", "gamma"]
    assert params["converged"].all()


def test_scores_of_a_failed_fit_are_missing_not_invented() -> None:
    summary = pd.DataFrame(
        {"customer_id": ["a", "b"], "frequency": [0, 0], "recency": [0.0, 0.0],
         "T": [3.0, 5.0], "monetary_value": [0.0, 0.0]}
    )  # fmt: skip
    models = scoring.fit_ltv_models(summary)
    scores = scoring.score_customers(summary, models)
    assert scores[list(scoring.SCORE_COLUMNS[1:])].isna().all().all()
    params = scoring.model_parameters(models)
    assert not params["converged"].any()
    assert params["status"].str.contains("degenerate").all()


# --- CDNOW as raw tables --------------------------------------------------------------------


def test_cdnow_to_raw_writes_the_contract_tables(tmp_path: Path, sample: pd.DataFrame) -> None:
    cdnow.main(["to-raw", "--out", str(tmp_path), "--sample"])
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "shop_customers.parquet",
        "shop_orders.parquet",
    ]
    orders = pq.read_table(tmp_path / "shop_orders.parquet")
    customers = pq.read_table(tmp_path / "shop_customers.parquet")
    assert orders.schema.equals(RAW_TABLES_BY_NAME["shop_orders"].arrow_schema())
    assert customers.schema.equals(RAW_TABLES_BY_NAME["shop_customers"].arrow_schema())
    assert (orders.num_rows, customers.num_rows) == (6_919, 2_357)
    frame = orders.to_pandas()
    assert frame["order_id"].is_unique
    assert set(frame["status"]) == {"completed"} and set(frame["currency"]) == {"CNY"}
    assert frame["paid_amount"].sum() == pytest.approx(sample["amount"].sum())
    assert (frame["paid_amount"] == frame["gross_amount"]).all()
    assert (frame["paid_amount"] == 0).sum() == (sample["amount"] == 0).sum()
    assert frame.loc[0, "ordered_at"] == "1997-01-01 12:00:00"
    registered = customers.to_pandas().set_index("customer_id")["registered_at"]
    assert registered["CDNOW00004"] == "1997-01-01 12:00:00"


def test_cdnow_master_converts_row_for_row() -> None:
    tables = cdnow.to_raw_tables(cdnow.read_cdnow())
    assert (tables["shop_orders"].num_rows, tables["shop_customers"].num_rows) == (69_659, 23_570)
    assert len(set(tables["shop_orders"]["order_id"].to_pylist())) == 69_659


def test_fit_benchmark_times_both_models_on_the_published_calibration(
    calibration: pd.DataFrame,
) -> None:
    """The bench's comparison fits the CDNOW calibration summary (2,357 customers, 946 repeat
    buyers, as published); beside lifetimes the parameters agree to a relative 1e-3."""
    timings = fit_benchmark.compare_fits({"CDNOW sample": calibration})
    customers = {timing.model: timing.customers for timing in timings}
    assert customers == {"bgnbd": 2_357, "gamma_gamma": 946}
    assert all(timing.seconds > 0 for timing in timings)
    if fit_benchmark.lifetimes_installed():
        assert all(timing.max_parameter_difference < 1e-3 for timing in timings)
    else:
        assert all(timing.lifetimes_seconds is None for timing in timings)
        assert "not installed" in fit_benchmark.to_markdown(timings)
