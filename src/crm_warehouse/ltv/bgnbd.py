"""BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005, "Counting Your Customers the
Easy Way", Marketing Science 24(2)).

While alive a customer buys at Poisson rate lambda ~ Gamma(r, alpha); after each purchase they
drop out with probability p ~ Beta(a, b). Inputs per customer are the repeat frequency x,
recency t_x and age T of ``summary.summarize_transactions`` (any time unit; alpha is in it).

Numerics. The likelihood is evaluated in log space (gammaln, betaln, logaddexp), so customers
with hundreds of purchases neither overflow nor underflow. Every term that depends on x alone
is computed once per distinct frequency and gathered, so a 1M-customer fit costs a few array
passes per iteration; the gradient is analytic. One-time buyers depend on T alone and are
reduced to their distinct T. The fit (``optim``) maximises over log-parameters from a
moment-based start and the all-ones start, L-BFGS-B then Nelder-Mead if needed. A fit is
``converged`` only if the optimiser succeeded, the result is finite, no parameter sits at the
search bound and no shape parameter (r, a, b) left [1e-4, 1e4]; otherwise ``status`` says why.
With no repeat purchase at all the parameters are not identifiable and are reported as NaN.

Predictions use the Euler transformation of the Gauss hypergeometric function,
((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z) = (1-z)^(a-1) 2F1(a+b-1-r, a-1;
a+b+x-1; z), which keeps every factor of order one for large x.
"""

# T is the literature's name for the customer's age (FHL 2005) and the summary column name.
# ruff: noqa: N803, N806

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

import numpy as np
from scipy import optimize, special

from crm_warehouse.ltv import optim
from crm_warehouse.ltv.summary import days_per_unit

PARAMETERS: tuple[str, ...] = ("r", "alpha", "a", "b")
SHAPE_PARAMETERS: tuple[str, ...] = ("r", "a", "b")  # alpha is a scale, in the time unit


@dataclass(frozen=True)
class BGNBDFit:
    """Maximum-likelihood BG/NBD parameters and how the fit went. Read ``converged`` before
    using the parameters: a failed or degenerate fit keeps its (unreliable) numbers so they
    can be inspected, but says so in ``status``."""

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    n_customers: int
    converged: bool
    status: str
    iterations: int
    time_unit: str = "weeks"
    fit_seconds: float = 0.0

    @property
    def params(self) -> tuple[float, float, float, float]:
        return self.r, self.alpha, self.a, self.b

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class _Data:
    """Fit inputs, one-time buyers first. One-time buyers (x = 0, usually the majority) depend
    on T alone, so when ``compressed`` they are reduced to their distinct T with summed weights;
    repeat buyers' per-frequency terms are computed once per distinct x (``x_index`` gathers
    them). ``order`` maps rows back to the input order when not compressed."""

    x: np.ndarray  # repeat buyers only, from here on
    t_x: np.ndarray
    T: np.ndarray
    weights: np.ndarray
    x_values: np.ndarray
    x_index: np.ndarray
    T_zero: np.ndarray
    weights_zero: np.ndarray
    order: np.ndarray

    @classmethod
    def build(
        cls,
        frequency: np.ndarray,
        recency: np.ndarray,
        T: np.ndarray,
        weights: np.ndarray | None = None,
        *,
        compressed: bool = True,
    ) -> _Data:
        x, t_x, age = _validated(frequency, recency, T)
        w = np.ones_like(age) if weights is None else np.asarray(weights, dtype=np.float64)
        if w.shape != age.shape or np.any(w < 0):
            raise ValueError("weights must be non-negative, one per customer")
        zero = x == 0
        order = np.concatenate([np.flatnonzero(zero), np.flatnonzero(~zero)])
        T_zero, w_zero = age[zero], w[zero]
        if compressed:
            T_zero, inverse = np.unique(T_zero, return_inverse=True)
            w_zero = np.bincount(inverse, weights=w_zero, minlength=T_zero.size)
        repeat = ~zero
        x_values, x_index = np.unique(x[repeat], return_inverse=True)
        return cls(
            x=x[repeat],
            t_x=t_x[repeat],
            T=age[repeat],
            weights=w[repeat],
            x_values=x_values,
            x_index=x_index,
            T_zero=T_zero,
            weights_zero=w_zero,
            order=order,
        )

    @property
    def total_weight(self) -> float:
        return float(self.weights.sum() + self.weights_zero.sum())

    @property
    def has_repeat_buyers(self) -> bool:
        return bool(self.weights.sum() > 0)


def log_likelihood(
    params: tuple[float, float, float, float] | np.ndarray,
    frequency: np.ndarray,
    recency: np.ndarray,
    T: np.ndarray,
) -> np.ndarray:
    """Log-likelihood of each customer's (x, t_x, T) under BG/NBD parameters (r, alpha, a, b)."""
    data = _Data.build(frequency, recency, T, compressed=False)
    ll_zero, ll_repeat = _row_log_likelihoods(np.asarray(params, dtype=np.float64), data)
    out = np.empty(data.order.size)
    out[data.order] = np.concatenate([ll_zero, ll_repeat])
    return out


def fit_bgnbd(
    frequency: np.ndarray,
    recency: np.ndarray,
    T: np.ndarray,
    *,
    time_unit: str = "weeks",
    weights: np.ndarray | None = None,
) -> BGNBDFit:
    """Maximum-likelihood fit. ``weights`` (customer counts per row) lets a caller pass a
    deduplicated summary. Never raises on a bad fit: the result's status explains it."""
    started = time.perf_counter()
    days_per_unit(time_unit)  # reject an unknown unit before fitting
    data = _Data.build(frequency, recency, T, weights)
    n = int(round(data.total_weight))
    if n == 0 or not data.has_repeat_buyers:
        return _unidentified(n, time_unit, started)
    best = optim.best_of(_objective, _starting_points(data), (data,))
    return _fit_result(data, best, n, time_unit, started)


def probability_alive(
    fit: BGNBDFit, frequency: np.ndarray, recency: np.ndarray, T: np.ndarray
) -> np.ndarray:
    """P(alive at T | x, t_x, T) = 1 / (1 + [x>0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x)),
    in log space so it stays within [0, 1] for any x."""
    x, t_x, age = _validated(frequency, recency, T)
    return special.expit(-_log_death_odds(fit, x, t_x, age))


def expected_purchases(
    fit: BGNBDFit,
    t: float | np.ndarray,
    frequency: np.ndarray,
    recency: np.ndarray,
    T: np.ndarray,
) -> np.ndarray:
    """E[Y(t) | x, t_x, T]: expected repeat purchase days in the next ``t`` time units of each
    customer (t may broadcast, e.g. a column of horizons against a row of customers)."""
    x, t_x, age = _validated(frequency, recency, T)
    alive = special.expit(-_log_death_odds(fit, x, t_x, age))
    return _expected_given_age(fit, np.asarray(t, dtype=np.float64), x, age) * alive


def expected_purchases_curve(
    fit: BGNBDFit,
    horizons: np.ndarray,
    frequency: np.ndarray,
    recency: np.ndarray,
    T: np.ndarray,
) -> np.ndarray:
    """E[Y(t) | x, t_x, T] for each horizon t, shape (len(horizons), n customers); P(alive) and
    the input checks are computed once for all horizons."""
    x, t_x, age = _validated(frequency, recency, T)
    alive = special.expit(-_log_death_odds(fit, x, t_x, age))
    horizons = np.atleast_1d(np.asarray(horizons, dtype=np.float64))
    curve = np.empty((horizons.size, x.size))
    for row, t in enumerate(horizons):
        curve[row] = _expected_given_age(fit, t, x, age) * alive
    return curve


def expected_purchases_new_customer(fit: BGNBDFit, t: float | np.ndarray) -> np.ndarray:
    """E[X(t)]: expected repeat purchase days of a customer in the first ``t`` time units after
    their first purchase (the model's population curve)."""
    t = np.asarray(t, dtype=np.float64)
    zero = np.zeros_like(t)
    return _expected_given_age(fit, t, zero, zero)


# --- likelihood ---------------------------------------------------------------------------


def _row_log_likelihoods(params: np.ndarray, data: _Data) -> tuple[np.ndarray, np.ndarray]:
    """Log-likelihood of each row: one-time buyers, then repeat buyers."""
    return _one_time_terms(params, data)[0], _repeat_terms(params, data)[0]


def _one_time_terms(params: np.ndarray, data: _Data) -> tuple[np.ndarray, np.ndarray]:
    """x = 0: the likelihood reduces to (alpha / (alpha+T))^r. Returns the rows' values and the
    weighted gradient sum w.r.t. (r, alpha, a, b) (a, b do not enter)."""
    r, alpha = params[0], params[1]
    log_alive_end = np.log(alpha + data.T_zero)
    ll = r * (np.log(alpha) - log_alive_end)
    w = data.weights_zero
    total = w.sum()
    gradient = np.array(
        [
            total * np.log(alpha) - optim.dot(w, log_alive_end),
            total * r / alpha - r * optim.dot(w, 1.0 / (alpha + data.T_zero)),
            0.0,
            0.0,
        ]
    )
    return ll, gradient


def _repeat_terms(params: np.ndarray, data: _Data) -> tuple[np.ndarray, np.ndarray]:
    """x > 0: a mixture of "still alive at T" and "dropped out right after the last purchase",
    combined with logaddexp. Returns the rows' values and the weighted gradient sum."""
    r, alpha, a, b = params
    xs = data.x_values
    beta_ab = special.betaln(a, b)
    # Terms of one frequency value, gathered to customers below.
    head = special.gammaln(r + xs) - special.gammaln(r) + r * np.log(alpha)
    stay = special.betaln(a, b + xs) - beta_ab
    died = special.betaln(a + 1.0, b + xs - 1.0) - beta_ab
    index = data.x_index
    log_alive_end = np.log(alpha + data.T)
    log_alive_last = np.log(alpha + data.t_x)
    power = r + data.x
    a_stay = stay[index] - power * log_alive_end
    a_died = died[index] - power * log_alive_last
    mix = np.logaddexp(a_stay, a_died)
    ll = head[index] + mix
    # Share of each row's likelihood from "dropped out after the last purchase".
    w_died = np.exp(a_died - mix)
    w = data.weights
    w_stay = w * (1.0 - w_died)
    w_died = w * w_died
    psi_ab = special.digamma(a + b)
    psi_abx = special.digamma(a + b + xs)
    d_stay_a = psi_ab - psi_abx
    d_stay_b = special.digamma(b + xs) - psi_abx - special.digamma(b) + psi_ab
    d_died_a = special.digamma(a + 1.0) - special.digamma(a) + psi_ab - psi_abx
    d_died_b = special.digamma(b + xs - 1.0) - psi_abx - special.digamma(b) + psi_ab
    d_head_r = special.digamma(r + xs) - special.digamma(r) + np.log(alpha)
    # Per-frequency derivatives enter through weight sums per frequency value.
    w_stay_per_x = np.bincount(index, weights=w_stay, minlength=xs.size)
    w_died_per_x = np.bincount(index, weights=w_died, minlength=xs.size)
    gradient = np.array(
        [
            optim.dot(w_stay_per_x + w_died_per_x, d_head_r)
            - optim.dot(w_stay, log_alive_end)
            - optim.dot(w_died, log_alive_last),
            w.sum() * r / alpha
            - optim.dot(w_stay, power / (alpha + data.T))
            - optim.dot(w_died, power / (alpha + data.t_x)),
            optim.dot(w_stay_per_x, d_stay_a) + optim.dot(w_died_per_x, d_died_a),
            optim.dot(w_stay_per_x, d_stay_b) + optim.dot(w_died_per_x, d_died_b),
        ]
    )
    return ll, gradient


def _objective(log_params: np.ndarray, data: _Data) -> tuple[float, np.ndarray]:
    """Mean negative log-likelihood and its gradient w.r.t. the log-parameters. The mean (not
    the sum) keeps the scale independent of the number of customers."""
    params = np.exp(log_params)
    ll_zero, grad_zero = _one_time_terms(params, data)
    ll_repeat, grad_repeat = _repeat_terms(params, data)
    total = data.total_weight
    value = -(optim.dot(data.weights_zero, ll_zero) + optim.dot(data.weights, ll_repeat)) / total
    grad = -(grad_zero + grad_repeat) * params / total
    if not np.isfinite(value) or not np.all(np.isfinite(grad)):
        return np.inf, np.zeros(4)
    return value, grad


def _starting_points(data: _Data) -> list[np.ndarray]:
    """A moment-based start and the all-ones start of the literature. The first matches the
    purchase rate: r / alpha = repeat purchases per unit of time observed."""
    purchases = optim.dot(data.weights, data.x)
    exposure = optim.dot(data.weights, data.T) + optim.dot(data.weights_zero, data.T_zero)
    rate = purchases / max(exposure, 1e-12)
    informed = np.log([1.0, 1.0 / max(rate, 1e-6), 1.0, 2.0])
    return [optim.clip_start(informed), np.zeros(4)]


def _fit_result(
    data: _Data, result: optimize.OptimizeResult, n: int, time_unit: str, started: float
) -> BGNBDFit:
    log_params = np.asarray(result.x, dtype=np.float64)
    params = np.exp(log_params)
    ll = -float(result.fun) * data.total_weight
    problems = optim.fit_problems(result, ll, PARAMETERS, SHAPE_PARAMETERS)
    status = "; ".join(problems) if problems else f"converged ({result.method})"
    r, alpha, a, b = (float(v) for v in params)
    return BGNBDFit(
        r=r,
        alpha=alpha,
        a=a,
        b=b,
        log_likelihood=ll,
        n_customers=n,
        converged=not problems,
        status=status,
        iterations=int(result.nit),
        time_unit=time_unit,
        fit_seconds=time.perf_counter() - started,
    )


def _unidentified(n: int, time_unit: str, started: float) -> BGNBDFit:
    """No customer has a repeat purchase: the likelihood increases without bound towards
    r -> 0 and leaves a, b unidentified, so any numbers would be noise. Report NaN."""
    reason = "no customers" if n == 0 else "no repeat purchases"
    return BGNBDFit(
        r=np.nan,
        alpha=np.nan,
        a=np.nan,
        b=np.nan,
        log_likelihood=np.nan,
        n_customers=n,
        converged=False,
        status=f"degenerate: {reason}; BG/NBD parameters are not identifiable",
        iterations=0,
        time_unit=time_unit,
        fit_seconds=time.perf_counter() - started,
    )


# --- predictions --------------------------------------------------------------------------


def _log_death_odds(fit: BGNBDFit, x: np.ndarray, t_x: np.ndarray, age: np.ndarray) -> np.ndarray:
    """log of a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x) for x > 0, -inf for x = 0."""
    r, alpha, a, b = fit.params
    x_safe = np.maximum(x, 1.0)
    log_odds = (
        np.log(a) - np.log(b + x_safe - 1.0) + (r + x) * (np.log(alpha + age) - np.log(alpha + t_x))
    )
    return np.where(x > 0, log_odds, -np.inf)


def _expected_given_age(fit: BGNBDFit, t: np.ndarray, x: np.ndarray, age: np.ndarray) -> np.ndarray:
    """(a+b+x-1)/(a-1) [1 - (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z)], z = t/(alpha+T+t):
    expected purchases in t for a customer who is alive (Euler-transformed, see module)."""
    r, alpha, a, b = fit.params
    z = t / (alpha + age + t)
    c = a + b + x - 1.0
    tail = np.exp((a - 1.0) * np.log1p(-z)) * special.hyp2f1(a + b - 1.0 - r, a - 1.0, c, z)
    return c / (a - 1.0) * (1.0 - tail)


def _validated(
    frequency: np.ndarray, recency: np.ndarray, T: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.asarray(frequency, dtype=np.float64)
    t_x = np.asarray(recency, dtype=np.float64)
    age = np.asarray(T, dtype=np.float64)
    if not (x.shape == t_x.shape == age.shape):
        raise ValueError("frequency, recency and T must have the same shape")
    if np.any(x < 0) or np.any(x != np.floor(x)):
        raise ValueError("frequency must be a non-negative whole number of purchase days")
    if np.any(t_x < 0) or np.any(t_x > age + 1e-9):
        raise ValueError("recency must lie in [0, T]")
    if np.any((x == 0) & (t_x != 0)):
        raise ValueError("recency must be 0 for customers without repeat purchases")
    return x, t_x, age
