"""Customer summaries drawn from the BG/NBD and Gamma-Gamma models themselves: known true
parameters for recovery tests, and any number of customers for timing the fits.

    python -m crm_warehouse.ltv.simulate --customers 1000000 [--seed 1]

prints the time to simulate, to fit each model and the fitted parameters as JSON.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import pandas as pd

from crm_warehouse.ltv.bgnbd import fit_bgnbd
from crm_warehouse.ltv.gamma_gamma import fit_gamma_gamma

# The published CDNOW fits (weeks), a realistic default.
CDNOW_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
CDNOW_GAMMA_GAMMA = {"p": 6.25, "q": 3.74, "gamma": 15.44}


def simulate_summary(
    n_customers: int,
    *,
    seed: int = 1,
    bgnbd: dict[str, float] | None = None,
    gamma_gamma: dict[str, float] | None = None,
    min_age: float = 26.0,
    max_age: float = 39.0,
    holdout: float = 0.0,
) -> pd.DataFrame:
    """customer_id, frequency, recency, T, monetary_value of customers whose first purchase was
    between ``min_age`` and ``max_age`` time units before the end of observation, and
    holdout_frequency: their purchases in the ``holdout`` time units after it. Each customer
    buys at rate lambda ~ Gamma(r, alpha) and, after each repeat purchase, drops out with
    probability p ~ Beta(a, b); each repeat purchase's spend is Gamma(p, nu), nu ~ Gamma(q,
    gamma). Vectorised over customers, one pass per purchase number."""
    bg = {**CDNOW_BGNBD, **(bgnbd or {})}
    gg = {**CDNOW_GAMMA_GAMMA, **(gamma_gamma or {})}
    rng = np.random.default_rng(seed)
    age = rng.uniform(min_age, max_age, n_customers)
    rate = rng.gamma(bg["r"], 1.0 / bg["alpha"], n_customers)
    dropout = rng.beta(bg["a"], bg["b"], n_customers)
    frequency = np.zeros(n_customers, dtype=np.int64)
    holdout_frequency = np.zeros(n_customers, dtype=np.int64)
    recency = np.zeros(n_customers)
    clock = np.zeros(n_customers)
    active = np.ones(n_customers, dtype=bool)
    while active.any():
        index = np.flatnonzero(active)
        clock[index] += rng.exponential(1.0, index.size) / rate[index]
        buyers = index[clock[index] <= age[index] + holdout]
        in_calibration = buyers[clock[buyers] <= age[buyers]]
        frequency[in_calibration] += 1
        recency[in_calibration] = clock[in_calibration]
        holdout_frequency[buyers[clock[buyers] > age[buyers]]] += 1
        survives = rng.random(buyers.size) >= dropout[buyers]
        active[:] = False
        active[buyers[survives]] = True
    spend_rate = rng.gamma(gg["q"], 1.0 / gg["gamma"], n_customers)
    repeat = frequency > 0
    monetary = np.zeros(n_customers)
    # The mean of x Gamma(p, nu) spends is Gamma(p x, rate nu x).
    monetary[repeat] = rng.gamma(gg["p"] * frequency[repeat], 1.0) / (
        spend_rate[repeat] * frequency[repeat]
    )
    return pd.DataFrame(
        {
            "customer_id": np.char.add("SIM", np.arange(n_customers).astype(str)),
            "frequency": frequency,
            "recency": recency,
            "T": age,
            "monetary_value": monetary,
            "holdout_frequency": holdout_frequency,
        }
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m crm_warehouse.ltv.simulate",
        description="Simulate BG/NBD + Gamma-Gamma customers and time both fits.",
    )
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    summary = simulate_summary(args.customers, seed=args.seed)
    simulated = time.perf_counter()
    bg = fit_bgnbd(summary["frequency"], summary["recency"], summary["T"])
    gg = fit_gamma_gamma(summary["frequency"], summary["monetary_value"])
    report = {
        "customers": args.customers,
        "simulate_seconds": round(simulated - started, 2),
        "bgnbd_fit_seconds": round(bg.fit_seconds, 2),
        "gamma_gamma_fit_seconds": round(gg.fit_seconds, 2),
        "bgnbd": {k: bg.as_dict()[k] for k in ("r", "alpha", "a", "b", "converged", "status")},
        "gamma_gamma": {k: gg.as_dict()[k] for k in ("p", "q", "gamma", "converged", "status")},
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
