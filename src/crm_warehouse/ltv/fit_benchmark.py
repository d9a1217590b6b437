"""Time the project's BG/NBD and Gamma-Gamma fits beside the lifetimes package, the library a
user would otherwise reach for, on the same summaries: the CDNOW sample and master file (as of
1997-09-30, weeks) and a simulated summary of a million customers.

lifetimes is unmaintained and is not a dependency of the warehouse; `make bench` installs it
(extra `bench`) only to measure against it. Without it the comparison columns stay empty.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pandas as pd

from crm_warehouse.ltv import bgnbd, cdnow, gamma_gamma
from crm_warehouse.ltv.simulate import simulate_summary
from crm_warehouse.ltv.summary import summarize_transactions

CALIBRATION_END = "1997-09-30"
SIMULATED_CUSTOMERS = 1_000_000
BGNBD_PARAMETERS = ("r", "alpha", "a", "b")
GAMMA_GAMMA_PARAMETERS = ("p", "q", "gamma")

FitResult = TypeVar("FitResult")


@dataclass(frozen=True)
class FitTiming:
    dataset: str
    model: str
    customers: int
    seconds: float
    lifetimes_seconds: float | None
    max_parameter_difference: float | None

    @property
    def speed_up(self) -> float | None:
        if self.lifetimes_seconds is None:
            return None
        return self.lifetimes_seconds / self.seconds


def lifetimes_installed() -> bool:
    return importlib.util.find_spec("lifetimes") is not None


def benchmark_datasets() -> dict[str, pd.DataFrame]:
    return {
        "CDNOW sample": summarize_transactions(
            cdnow.read_cdnow(sample=True), CALIBRATION_END, time_unit="weeks"
        ),
        "CDNOW master": summarize_transactions(
            cdnow.read_cdnow(), CALIBRATION_END, time_unit="weeks"
        ),
        f"simulated {SIMULATED_CUSTOMERS:,}": simulate_summary(SIMULATED_CUSTOMERS, seed=3),
    }


def compare_fits(datasets: dict[str, pd.DataFrame]) -> list[FitTiming]:
    with_lifetimes = lifetimes_installed()
    timings: list[FitTiming] = []
    for name, summary in datasets.items():
        ours_bgnbd, seconds = _timed(
            lambda s=summary: bgnbd.fit_bgnbd(s["frequency"], s["recency"], s["T"])
        )
        theirs = _lifetimes_bgnbd(summary) if with_lifetimes else None
        timings.append(_timing(name, "bgnbd", summary, seconds, ours_bgnbd, theirs))
        ours_gamma, seconds = _timed(
            lambda s=summary: gamma_gamma.fit_gamma_gamma(s["frequency"], s["monetary_value"])
        )
        theirs = _lifetimes_gamma_gamma(summary) if with_lifetimes else None
        timings.append(_timing(name, "gamma_gamma", summary, seconds, ours_gamma, theirs))
    return timings


def to_markdown(timings: list[FitTiming]) -> str:
    lines = [
        "LTV model fit: this project vs lifetimes 0.11.3 (same summaries, one process)",
        "",
        "| data | model | customers | fit s | lifetimes s | lifetimes / ours | max param diff |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for t in timings:
        theirs = "not installed" if t.lifetimes_seconds is None else f"{t.lifetimes_seconds:.2f}"
        ratio = "" if t.speed_up is None else f"{t.speed_up:.1f}x"
        diff = "" if t.max_parameter_difference is None else f"{t.max_parameter_difference:.1e}"
        lines.append(
            f"| {t.dataset} | {t.model} | {t.customers:,} | {t.seconds:.2f} | {theirs} "
            f"| {ratio} | {diff} |"
        )
    return "\n".join(lines)


def _timed(fit: Callable[[], FitResult]) -> tuple[FitResult, float]:
    started = time.perf_counter()
    result = fit()
    return result, time.perf_counter() - started


def _timing(
    dataset: str,
    model: str,
    summary: pd.DataFrame,
    seconds: float,
    ours: bgnbd.BGNBDFit | gamma_gamma.GammaGammaFit,
    theirs: tuple[dict[str, float], float] | None,
) -> FitTiming:
    names = BGNBD_PARAMETERS if model == "bgnbd" else GAMMA_GAMMA_PARAMETERS
    customers = len(summary) if model == "bgnbd" else int((summary["frequency"] > 0).sum())
    if theirs is None:
        return FitTiming(dataset, model, customers, seconds, None, None)
    parameters, lifetimes_seconds = theirs
    ours_values = np.array([getattr(ours, name) for name in names])
    theirs_values = np.array([parameters[name] for name in names])
    difference = float(np.max(np.abs(ours_values / theirs_values - 1.0)))
    return FitTiming(dataset, model, customers, seconds, lifetimes_seconds, difference)


def _lifetimes_bgnbd(summary: pd.DataFrame) -> tuple[dict[str, float], float]:
    from lifetimes import BetaGeoFitter

    model, seconds = _timed(
        lambda: BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
    )
    return {name: float(model.params_[name]) for name in BGNBD_PARAMETERS}, seconds


def _lifetimes_gamma_gamma(summary: pd.DataFrame) -> tuple[dict[str, float], float]:
    from lifetimes import GammaGammaFitter

    repeat = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]
    model, seconds = _timed(
        lambda: GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    )
    parameters = model.params_
    return {"p": parameters["p"], "q": parameters["q"], "gamma": parameters["v"]}, seconds
