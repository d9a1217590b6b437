"""The reference seeds (seeds/reference/*.csv): the single source of stores, shopping guides,
KOLs, festival windows and utm values the generator uses."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from crm_warehouse.generate.params import CHANNEL_GROUPS
from crm_warehouse.generate.text import SECONDS_PER_DAY, days_from_civil

REPO_ROOT = Path(__file__).resolve().parents[3]
REFERENCE_DIR = REPO_ROOT / "seeds" / "reference"


def _read(name: str, directory: Path) -> list[dict[str, str]]:
    with (directory / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _day_number(text: str) -> int:
    date = dt.date.fromisoformat(text)
    return days_from_civil(date.year, date.month, date.day)


@dataclass(frozen=True)
class TrafficSource:
    """One concrete way a visit of a channel group arrives, taken from a channel_map rule."""

    channel_group: int  # index into CHANNEL_GROUPS
    utm_source: str | None
    utm_medium: str | None
    referrer_domain: str | None


@dataclass(frozen=True)
class Reference:
    store_ids: list[str]
    store_cities: list[str]
    store_is_hong_kong: np.ndarray  # bool per store
    store_opened_day: np.ndarray  # days since epoch
    guide_ids: list[str]
    guide_store: np.ndarray  # store index per guide
    kol_ids: list[str]
    kol_names: list[str]
    kol_platforms: list[str]
    kol_tiers: list[str]
    kol_followers: np.ndarray
    traffic_sources: list[TrafficSource]
    festival_names: list[str]
    festival_window_start: np.ndarray  # UTC epoch seconds of local midnight
    festival_window_end: np.ndarray  # UTC epoch seconds of the local end of the last day
    hkd_to_cny: dict[int, float]  # day number -> rate

    def guides_of_store(self, store: int) -> np.ndarray:
        return np.flatnonzero(self.guide_store == store)


def load_reference(directory: Path = REFERENCE_DIR) -> Reference:
    stores = _read("stores", directory)
    guides = _read("shopping_guides", directory)
    kols = _read("kols", directory)
    store_index = {row["store_id"]: i for i, row in enumerate(stores)}

    rules = sorted(_read("channel_map", directory), key=lambda row: int(row["rule_priority"]))
    # The generator sends only traffic a rule classifies unambiguously: fully specified
    # utm pairs, referrer-only rules, and the final catch-all (direct: no utm, no referrer).
    sources = []
    for row in rules:
        source, medium, domain = (
            row["utm_source"] or None,
            row["utm_medium"] or None,
            row["referrer_domain"] or None,
        )
        concrete_utm = source is not None and medium is not None and domain is None
        referrer_only = source is None and medium is None and domain is not None
        catch_all = source is None and medium is None and domain is None
        if concrete_utm or referrer_only or catch_all:
            group = CHANNEL_GROUPS.index(row["channel_group"])
            sources.append(TrafficSource(group, source, medium, domain))

    festivals = _read("calendar", directory)
    local_midnight = np.array([_day_number(r["festival_window_start"]) for r in festivals])
    last_day = np.array([_day_number(r["festival_window_end"]) for r in festivals])
    shanghai_offset = 8 * 3600
    fx = {
        _day_number(row["rate_date"]): float(row["rate_to_cny"])
        for row in _read("fx_rates", directory)
        if row["currency"] == "HKD"
    }
    return Reference(
        store_ids=[r["store_id"] for r in stores],
        store_cities=[r["city"] for r in stores],
        store_is_hong_kong=np.array([r["currency"] == "HKD" for r in stores]),
        store_opened_day=np.array([_day_number(r["opened_at"]) for r in stores]),
        guide_ids=[r["guide_id"] for r in guides],
        guide_store=np.array([store_index[r["store_id"]] for r in guides]),
        kol_ids=[r["kol_id"] for r in kols],
        kol_names=[r["kol_name"] for r in kols],
        kol_platforms=[r["platform"] for r in kols],
        kol_tiers=[r["tier"] for r in kols],
        kol_followers=np.array([int(r["follower_count"]) for r in kols]),
        traffic_sources=sources,
        festival_names=[r["festival_name"] for r in festivals],
        festival_window_start=local_midnight * SECONDS_PER_DAY - shanghai_offset,
        festival_window_end=(last_day + 1) * SECONDS_PER_DAY - shanghai_offset - 1,
        hkd_to_cny=fx,
    )
