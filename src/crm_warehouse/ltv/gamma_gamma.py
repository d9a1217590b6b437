"""Gamma-Gamma model of spend per transaction (Fader & Hardie 2013, "The Gamma-Gamma Model of
Monetary Value"; Colombo & Jiang 1999).

A customer's spend per transaction is Gamma(p, nu) around their own mean p / nu, and nu varies
across customers as Gamma(q, gamma). Observed per customer: x repeat transactions and their mean
spend m. The model assumes spend is independent of purchase frequency and strictly positive, so
it is fitted on repeat buyers (x > 0) with m > 0 only; customers with zero or negative mean
spend (gift-only or refund-netted baskets) are excluded from the fit and counted in the result.

The fit (``optim``) maximises the log-likelihood over log-parameters (L-BFGS-B with the analytic
gradient, Nelder-Mead when L-BFGS-B fails) from two starts; the Gamma-function terms depend on x
alone and are summed per distinct x, so an iteration costs one log per customer. ``converged``
requires success, finite values, no parameter at the search bound, p and q within [1e-4, 1e4],
and q > 1 (otherwise the population mean spend p gamma / (q - 1) does not exist and the spend
prediction for new customers is undefined).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

import numpy as np
from scipy import optimize, special

from crm_warehouse.ltv import optim

PARAMETERS: tuple[str, ...] = ("p", "q", "gamma")
SHAPE_PARAMETERS: tuple[str, ...] = ("p", "q")  # gamma is a scale, in currency
MIN_CUSTOMERS = 2  # three parameters need some spread in spend


@dataclass(frozen=True)
class GammaGammaFit:
    """Maximum-likelihood Gamma-Gamma parameters and how the fit went. ``n_customers`` were
    used; ``n_excluded_nonpositive_spend`` repeat buyers had zero or negative mean spend and
    ``n_without_repeat`` customers had no repeat purchase (neither enters the likelihood)."""

    p: float
    q: float
    gamma: float
    log_likelihood: float
    n_customers: int
    n_excluded_nonpositive_spend: int
    n_without_repeat: int
    converged: bool
    status: str
    iterations: int
    fit_seconds: float = 0.0

    @property
    def params(self) -> tuple[float, float, float]:
        return self.p, self.q, self.gamma

    @property
    def population_mean_spend(self) -> float:
        """E[spend per transaction] of a new customer, p gamma / (q - 1); NaN when q <= 1."""
        return self.p * self.gamma / (self.q - 1.0) if self.q > 1.0 else float("nan")

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def log_likelihood(
    params: tuple[float, float, float] | np.ndarray,
    frequency: np.ndarray,
    monetary_value: np.ndarray,
) -> np.ndarray:
    """Log-density of each customer's mean spend m given x transactions:
    Gamma(px+q) / (Gamma(px) Gamma(q)) gamma^q m^(px-1) x^(px) / (gamma + m x)^(px+q).
    Defined for x > 0 and m > 0 only."""
    p, q, g = np.asarray(params, dtype=np.float64)
    x = np.asarray(frequency, dtype=np.float64)
    m = np.asarray(monetary_value, dtype=np.float64)
    px = p * x
    return (
        special.gammaln(px + q)
        - special.gammaln(px)
        - special.gammaln(q)
        + q * np.log(g)
        + (px - 1.0) * np.log(m)
        + px * np.log(x)
        - (px + q) * np.log(g + m * x)
    )


def fit_gamma_gamma(frequency: np.ndarray, monetary_value: np.ndarray) -> GammaGammaFit:
    """Maximum-likelihood fit on the repeat buyers with positive mean spend. Never raises on a
    bad fit: the result's status explains it."""
    started = time.perf_counter()
    x = np.asarray(frequency, dtype=np.float64)
    m = np.asarray(monetary_value, dtype=np.float64)
    if x.shape != m.shape:
        raise ValueError("frequency and monetary_value must have the same shape")
    repeat = x > 0
    usable = repeat & (m > 0) & np.isfinite(m)
    counts = {
        "n_customers": int(usable.sum()),
        "n_excluded_nonpositive_spend": int((repeat & ~usable).sum()),
        "n_without_repeat": int((~repeat).sum()),
    }
    if counts["n_customers"] < MIN_CUSTOMERS or np.unique(m[usable]).size < 2:
        return _unidentified(counts, started)
    data = _Data.build(x[usable], m[usable])
    best = optim.best_of(_objective, _starting_points(m[usable]), (data,))
    return _fit_result(best, counts["n_customers"], counts, started)


def expected_average_spend(
    fit: GammaGammaFit, frequency: np.ndarray, monetary_value: np.ndarray
) -> np.ndarray:
    """E[spend per transaction | x, m] = (gamma + m x) p / (p x + q - 1): a weighted average of
    the population mean (weight (q-1)/(px+q-1)) and the customer's own mean. Customers without
    a repeat purchase get the population mean; a non-positive mean spend counts as 0 (the
    customer's own evidence pulls towards zero rather than being ignored)."""
    p, q, g = fit.params
    x = np.asarray(frequency, dtype=np.float64)
    m = np.clip(np.asarray(monetary_value, dtype=np.float64), 0.0, None)
    with np.errstate(divide="ignore", invalid="ignore"):
        conditional = (g + m * x) * p / (p * x + q - 1.0)
    return np.where(x > 0, conditional, fit.population_mean_spend)


# --- fitting ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Data:
    """The likelihood's parameter-free parts, summed once: only log(gamma + m x) has to be
    evaluated per customer and iteration; the Gamma-function terms depend on x alone and are
    evaluated once per distinct frequency."""

    x: np.ndarray
    mx: np.ndarray
    x_values: np.ndarray
    x_counts: np.ndarray
    sum_x: float
    sum_x_log_m: float
    sum_log_m: float
    sum_x_log_x: float

    @classmethod
    def build(cls, x: np.ndarray, m: np.ndarray) -> _Data:
        log_m = np.log(m)
        x_values, x_counts = np.unique(x, return_counts=True)
        return cls(
            x=x,
            mx=m * x,
            x_values=x_values,
            x_counts=x_counts.astype(np.float64),
            sum_x=float(x.sum()),
            sum_x_log_m=optim.dot(x, log_m),
            sum_log_m=float(log_m.sum()),
            sum_x_log_x=optim.dot(x, np.log(x)),
        )


def _objective(log_params: np.ndarray, data: _Data) -> tuple[float, np.ndarray]:
    """Mean negative log-likelihood and its gradient w.r.t. (log p, log q, log gamma)."""
    p, q, g = np.exp(log_params)
    n = float(data.x.size)
    pxs = p * data.x_values
    counts = data.x_counts
    log_gm = np.log(g + data.mx)
    shape = p * data.x + q  # (p x + q) per customer
    ll = (
        optim.dot(counts, special.gammaln(pxs + q) - special.gammaln(pxs))
        - n * special.gammaln(q)
        + n * q * np.log(g)
        + p * data.sum_x_log_m
        - data.sum_log_m
        + p * data.sum_x_log_x
        - optim.dot(shape, log_gm)
    )
    psi_pxq = special.digamma(pxs + q)
    d_p = (
        optim.dot(counts * data.x_values, psi_pxq - special.digamma(pxs))
        + data.sum_x_log_m
        + data.sum_x_log_x
        - optim.dot(data.x, log_gm)
    )
    d_q = optim.dot(counts, psi_pxq) - n * special.digamma(q) + n * np.log(g) - log_gm.sum()
    d_g = n * q / g - float(np.sum(shape / (g + data.mx)))
    value = -float(ll) / n
    grad = -np.array([d_p * p, d_q * q, d_g * g]) / n
    if not np.isfinite(value) or not np.all(np.isfinite(grad)):
        return np.inf, np.zeros(3)
    return value, grad


def _starting_points(m: np.ndarray) -> list[np.ndarray]:
    """A moment-based start (p = 1, q = 3, gamma chosen so that p gamma / (q-1) equals the mean
    observed spend) and the all-ones start of the literature."""
    informed = np.log([1.0, 3.0, 2.0 * float(np.mean(m))])
    return [optim.clip_start(informed), np.zeros(3)]


def _fit_result(
    result: optimize.OptimizeResult, n: int, counts: dict[str, int], started: float
) -> GammaGammaFit:
    log_params = np.asarray(result.x, dtype=np.float64)
    p, q, g = (float(v) for v in np.exp(log_params))
    ll = -float(result.fun) * n
    problems = optim.fit_problems(result, ll, PARAMETERS, SHAPE_PARAMETERS)
    if q <= 1.0:
        problems.append("q <= 1: the population mean spend is undefined")
    status = "; ".join(problems) if problems else f"converged ({result.method})"
    return GammaGammaFit(
        p=p,
        q=q,
        gamma=g,
        log_likelihood=ll,
        converged=not problems,
        status=status,
        iterations=int(result.nit),
        fit_seconds=time.perf_counter() - started,
        **counts,
    )


def _unidentified(counts: dict[str, int], started: float) -> GammaGammaFit:
    return GammaGammaFit(
        p=np.nan,
        q=np.nan,
        gamma=np.nan,
        log_likelihood=np.nan,
        converged=False,
        status=f"degenerate: {counts['n_customers']} repeat buyers with positive spend "
        f"(at least {MIN_CUSTOMERS} with differing spend needed); parameters not identifiable",
        iterations=0,
        fit_seconds=time.perf_counter() - started,
        **counts,
    )
