"""Per-customer purchase summary for buy-till-you-die models, exactly as Fader, Hardie & Lee
(2005): a *purchase day* is a calendar day with at least one purchase (several orders on one
day are one purchase whose spend is their sum), because the models describe how often people
come back, not how many baskets a checkout splits into.

- ``frequency``: repeat purchase days, i.e. distinct purchase days after the first one.
- ``recency``: time from the first purchase day to the last purchase day (0 without repeats).
- ``T``: time from the first purchase day to the calibration end date (the observation point;
  purchases on that date are included).
- ``monetary_value``: mean spend per repeat purchase day; the first purchase day is excluded
  because the Gamma-Gamma model describes repeat spend (and first baskets are atypical). 0 when
  there is no repeat purchase.

Times are whole days converted to a time unit: ``days``; ``weeks`` (7 days, the default and
the unit of the published CDNOW results); ``months`` (30.4375 days, the mean Gregorian month,
365.25 / 12, so a month is the same length whatever the calendar month).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

DAYS_PER_UNIT: dict[str, float] = {"days": 1.0, "weeks": 7.0, "months": 365.25 / 12}
SUMMARY_COLUMNS: tuple[str, ...] = ("customer_id", "frequency", "recency", "T", "monetary_value")

DateLike = str | dt.date | pd.Timestamp | np.datetime64


def days_per_unit(time_unit: str) -> float:
    """Length of one time unit in days; raises on an unknown unit instead of guessing."""
    try:
        return DAYS_PER_UNIT[time_unit]
    except KeyError:
        known = sorted(DAYS_PER_UNIT)
        raise ValueError(f"time_unit must be one of {known}, got {time_unit!r}") from None


def purchase_days(
    transactions: pd.DataFrame,
    *,
    customer_col: str = "customer_id",
    date_col: str = "purchase_date",
    amount_col: str = "amount",
) -> pd.DataFrame:
    """One row per customer and calendar day with the day's total spend, sorted by customer and
    day. Dates or naive local timestamps: a timestamp is truncated to its date, so the caller
    decides the time zone (the warehouse passes local order dates)."""
    days = pd.to_datetime(transactions[date_col]).dt.normalize()
    frame = pd.DataFrame(
        {
            "customer_id": transactions[customer_col].to_numpy(),
            "day": days.to_numpy(),
            "amount": pd.to_numeric(transactions[amount_col]).to_numpy(dtype=np.float64),
        }
    )
    return frame.groupby(["customer_id", "day"], as_index=False, sort=True)["amount"].sum()


def summarize_transactions(
    transactions: pd.DataFrame,
    calibration_end: DateLike,
    *,
    time_unit: str = "weeks",
    customer_col: str = "customer_id",
    date_col: str = "purchase_date",
    amount_col: str = "amount",
) -> pd.DataFrame:
    """Summary (customer_id, frequency, recency, T, monetary_value) of every customer whose
    first purchase is on or before ``calibration_end``; later purchases are ignored.

    Zero-amount purchases are purchases (a gift still shows the customer is alive); they lower
    the monetary value. Rows are sorted by customer_id.
    """
    unit_days = days_per_unit(time_unit)
    end = pd.Timestamp(calibration_end).normalize()
    daily = purchase_days(
        transactions, customer_col=customer_col, date_col=date_col, amount_col=amount_col
    )
    daily = daily[daily["day"] <= end]
    per_customer = daily.groupby("customer_id", sort=True).agg(
        first_day=("day", "min"),
        last_day=("day", "max"),
        purchase_days=("day", "size"),
        total_spend=("amount", "sum"),
        first_day_spend=("amount", "first"),  # days are sorted: "first" is the first day
    )
    frequency = per_customer["purchase_days"].to_numpy(dtype=np.int64) - 1
    repeat_spend = (per_customer["total_spend"] - per_customer["first_day_spend"]).to_numpy()
    monetary = np.divide(repeat_spend, frequency, out=np.zeros(len(frequency)), where=frequency > 0)
    return pd.DataFrame(
        {
            "customer_id": per_customer.index.to_numpy(),
            "frequency": frequency,
            "recency": _elapsed(per_customer["first_day"], per_customer["last_day"], unit_days),
            "T": _elapsed(per_customer["first_day"], end, unit_days),
            "monetary_value": monetary,
        }
    )


def count_purchase_days(
    transactions: pd.DataFrame,
    after: DateLike,
    until: DateLike,
    *,
    customer_col: str = "customer_id",
    date_col: str = "purchase_date",
) -> pd.Series:
    """Purchase days per customer in the period (after, until], e.g. a holdout period; indexed
    by customer id, customers without a purchase day there are absent."""
    daily = purchase_days(
        transactions.assign(_amount=0.0),
        customer_col=customer_col,
        date_col=date_col,
        amount_col="_amount",
    )
    start, stop = pd.Timestamp(after).normalize(), pd.Timestamp(until).normalize()
    in_period = daily[(daily["day"] > start) & (daily["day"] <= stop)]
    return in_period.groupby("customer_id", sort=True).size().rename("purchase_days")


def _elapsed(start: pd.Series, stop: pd.Series | pd.Timestamp, unit_days: float) -> np.ndarray:
    days = (stop - start).to_numpy() / np.timedelta64(1, "D")
    return days.astype(np.float64) / unit_days
