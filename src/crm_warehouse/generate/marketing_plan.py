"""The campaign calendar (global, shared by all chunks) and the community events at stores."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from crm_warehouse.contract import ENUMS
from crm_warehouse.generate import text
from crm_warehouse.generate.context import Campaigns, CommunityEvents
from crm_warehouse.generate.params import GeneratorParams
from crm_warehouse.generate.reference import Reference
from crm_warehouse.generate.text import SECONDS_PER_DAY

MARKETING_CHANNELS: tuple[str, ...] = ENUMS[("marketing_campaigns", "channel")]
COMMUNITY_EVENT_NAMES = (
    "Skincare workshop",
    "New season preview",
    "Makeup masterclass",
    "Members' tea party",
    "Fragrance discovery night",
    "Festival gift wrapping",
)
_CHANNEL_DAYS = {
    "email": 3,
    "sms": 2,
    "wechat": 10,
    "weibo": 10,
    "douyin": 14,
    "display": 28,
    "sem": 28,
}
_COST_PER_CAMPAIGN = {
    "email": 800.0,
    "sms": 6_000.0,
    "wechat": 3_000.0,
    "weibo": 12_000.0,
    "douyin": 25_000.0,
    "display": 40_000.0,
    "sem": 60_000.0,
    "red_packet": 20_000.0,
}
_KOL_FEE_PER_FOLLOWER = 0.004


def plan_campaigns(
    params: GeneratorParams,
    reference: Reference,
    start_s: int,
    end_s: int,
    rng: np.random.Generator,
) -> Campaigns:
    month_starts = np.arange(start_s, end_s, 30 * SECONDS_PER_DAY)
    channels, kols, starts, ends, festivals = [], [], [], [], []
    for channel, per_month in params.campaigns_per_month.items():
        count = len(month_starts) * per_month
        begin = np.repeat(month_starts, per_month) + rng.integers(0, 20 * SECONDS_PER_DAY, count)
        channels.append(np.full(count, MARKETING_CHANNELS.index(channel)))
        kols.append(np.full(count, -1))
        starts.append(begin)
        ends.append(begin + _CHANNEL_DAYS[channel] * SECONDS_PER_DAY)
        festivals.append(np.full(count, -1))
    years = (end_s - start_s) / (365.25 * SECONDS_PER_DAY)
    per_kol = rng.poisson(params.kol_campaigns_per_kol_per_year * years, len(reference.kol_ids))
    kol = np.repeat(np.arange(len(reference.kol_ids)), np.maximum(per_kol, 1))
    begin = rng.integers(start_s, end_s - 30 * SECONDS_PER_DAY, len(kol))
    channels.append(np.full(len(kol), MARKETING_CHANNELS.index("kol")))
    kols.append(kol)
    starts.append(begin)
    ends.append(begin + rng.integers(14, 31, len(kol)) * SECONDS_PER_DAY)
    festivals.append(np.full(len(kol), -1))
    major = np.isin(reference.festival_names, params.festival_only_names)
    in_window = (reference.festival_window_start >= start_s) & (
        reference.festival_window_end <= end_s
    )
    festival = np.flatnonzero(major & in_window)
    channels.append(np.full(len(festival), MARKETING_CHANNELS.index("red_packet")))
    kols.append(np.full(len(festival), -1))
    starts.append(reference.festival_window_start[festival])
    ends.append(reference.festival_window_end[festival])
    festivals.append(festival)

    channel = np.concatenate(channels)
    started = np.concatenate(starts)
    order = np.lexsort((channel, started))
    return Campaigns(
        campaign_id=text.numbered_ids("CMP", np.arange(1, len(order) + 1), 5).to_pylist(),
        channel=channel[order],
        kol=np.concatenate(kols)[order],
        started_at=started[order],
        ended_at=np.minimum(np.concatenate(ends)[order], end_s),
        festival=np.concatenate(festivals)[order],
    )


def campaigns_table(
    campaigns: Campaigns, reference: Reference, rng: np.random.Generator, style: str
) -> pa.Table:
    channel_names = [MARKETING_CHANNELS[c] for c in campaigns.channel]
    names, costs = [], []
    for i, channel in enumerate(channel_names):
        started = text.format_dates(np.array([campaigns.started_at[i] // SECONDS_PER_DAY]))
        month = started[0].as_py()[:7]
        if channel == "kol":
            kol = campaigns.kol[i]
            names.append(f"KOL {reference.kol_ids[kol]} {month}")
            costs.append(reference.kol_followers[kol] * _KOL_FEE_PER_FOLLOWER + 2_000.0)
        elif channel == "red_packet":
            names.append(
                f"Red packets {reference.festival_names[campaigns.festival[i]]} {month[:4]}"
            )
            costs.append(_COST_PER_CAMPAIGN[channel])
        else:
            names.append(f"{channel.upper()} {month} #{i + 1}")
            costs.append(_COST_PER_CAMPAIGN[channel])
    noise = rng.uniform(0.8, 1.2, len(costs))
    has_kol = campaigns.kol >= 0
    return pa.table(
        {
            "campaign_id": pa.array(campaigns.campaign_id, pa.string()),
            "campaign_name": pa.array(names, pa.string()),
            "channel": pa.array(channel_names, pa.string()),
            "kol_id": text.pick(reference.kol_ids, np.maximum(campaigns.kol, 0), has_kol),
            "started_at": text.format_timestamps(campaigns.started_at, style),
            "ended_at": text.format_timestamps(campaigns.ended_at, style),
            "cost": text.amounts(np.array(costs) * noise),
        }
    )


def plan_community_events(
    params: GeneratorParams,
    reference: Reference,
    start_s: int,
    end_s: int,
    rng: np.random.Generator,
) -> CommunityEvents:
    stores, starts = [], []
    month_starts = np.arange(start_s, end_s - 30 * SECONDS_PER_DAY, 30 * SECONDS_PER_DAY)
    for store, opened_day in enumerate(reference.store_opened_day):
        months = month_starts[month_starts >= opened_day * SECONDS_PER_DAY]
        count = rng.poisson(params.community_events_per_store_per_month, len(months))
        day = np.repeat(months, count) + rng.integers(0, 28, count.sum()) * SECONDS_PER_DAY
        # 14:00 or 19:00 local (06:00 / 11:00 UTC on the local day).
        hour = rng.choice(np.array([6, 11]), len(day)) * 3600
        stores.append(np.full(len(day), store))
        starts.append(day - day % SECONDS_PER_DAY + hour)
    store = np.concatenate(stores)
    started = np.concatenate(starts)
    order = np.lexsort((store, started))
    return CommunityEvents(
        event_id=text.numbered_ids("CE", np.arange(1, len(order) + 1), 5).to_pylist(),
        store=store[order],
        starts_at=started[order],
    )


def community_events_table(
    events: CommunityEvents, reference: Reference, rng: np.random.Generator, style: str
) -> pa.Table:
    name = rng.integers(0, len(COMMUNITY_EVENT_NAMES), len(events.event_id))
    return pa.table(
        {
            "event_id": pa.array(events.event_id, pa.string()),
            "event_name": text.pick(COMMUNITY_EVENT_NAMES, name),
            "store_id": text.pick(reference.store_ids, events.store),
            "starts_at": text.format_timestamps(events.starts_at, style),
        }
    )
