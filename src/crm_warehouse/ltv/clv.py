"""Discounted customer lifetime value over a horizon in months, from a BG/NBD fit (how many
purchases, when) and a Gamma-Gamma fit (how much each).

    CLV = sum over months m = 1..H of
          (E[Y(m) | x, t_x, T] - E[Y(m-1) | x, t_x, T]) * E[spend | x, m_x] / (1 + d)^m

The conditional expectation differences put each expected purchase in the month it is expected,
so near purchases are discounted less than far ones (a customer likely to churn soon is worth
less than one with the same total spread over the horizon). A month is 30.4375 days converted to
the BG/NBD fit's time unit. Vectorised over customers; memory is one (H, n) array.
"""

# T is the literature's name for the customer's age (FHL 2005) and the summary column name.
# ruff: noqa: N803, N806

from __future__ import annotations

import numpy as np

from crm_warehouse.ltv.bgnbd import BGNBDFit, expected_purchases_curve
from crm_warehouse.ltv.gamma_gamma import GammaGammaFit, expected_average_spend
from crm_warehouse.ltv.summary import DAYS_PER_UNIT, days_per_unit

DAYS_PER_MONTH = DAYS_PER_UNIT["months"]


def months_to_time_unit(months: float | np.ndarray, time_unit: str) -> np.ndarray:
    """Months (30.4375 days each) expressed in the model's time unit."""
    return np.asarray(months, dtype=np.float64) * DAYS_PER_MONTH / days_per_unit(time_unit)


def expected_purchases_per_month(
    bgnbd: BGNBDFit,
    frequency: np.ndarray,
    recency: np.ndarray,
    T: np.ndarray,
    *,
    horizon_months: int,
) -> np.ndarray:
    """Expected purchases in each month 1..H, shape (H, n customers): differences of the
    conditional expectation at the month ends."""
    _check_horizon(horizon_months)
    month_ends = months_to_time_unit(np.arange(1, horizon_months + 1), bgnbd.time_unit)
    cumulative = expected_purchases_curve(bgnbd, month_ends, frequency, recency, T)
    return np.diff(cumulative, axis=0, prepend=0.0)


def customer_lifetime_value(
    bgnbd: BGNBDFit,
    gamma_gamma: GammaGammaFit,
    frequency: np.ndarray,
    recency: np.ndarray,
    T: np.ndarray,
    monetary_value: np.ndarray,
    *,
    horizon_months: int = 12,
    monthly_discount_rate: float = 0.01,
) -> np.ndarray:
    """Discounted expected spend of each customer over the next ``horizon_months`` months."""
    if monthly_discount_rate <= -1.0:
        raise ValueError("monthly_discount_rate must be greater than -1")
    per_month = expected_purchases_per_month(
        bgnbd, frequency, recency, T, horizon_months=horizon_months
    )
    discount = (1.0 + monthly_discount_rate) ** -np.arange(1, horizon_months + 1)
    spend = expected_average_spend(gamma_gamma, frequency, monetary_value)
    return np.einsum("m,mn->n", discount, per_month) * spend


def _check_horizon(horizon_months: int) -> None:
    if int(horizon_months) != horizon_months or horizon_months < 1:
        raise ValueError("horizon_months must be a whole number of months >= 1")
