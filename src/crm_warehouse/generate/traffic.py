"""Traffic sources (from the channel_map seed) and the campaigns visits carry."""

from __future__ import annotations

import numpy as np

from crm_warehouse.generate.context import Context
from crm_warehouse.generate.marketing_plan import MARKETING_CHANNELS
from crm_warehouse.generate.params import CHANNEL_GROUPS

# Campaign channel of a channel group's tagged links.
GROUP_CAMPAIGN_CHANNELS = {
    "paid_search": ("sem",),
    "social_paid": ("wechat", "weibo", "douyin"),
    "display": ("display",),
    "kol": ("kol",),
    "email": ("email",),
    "sms": ("sms",),
}


def source_index(
    ctx: Context,
    channel_group: str,
    utm_source: str | None = None,
    utm_medium: str | None = None,
    referrer: bool = False,
) -> int:
    """Index of the traffic source of a channel group with these utm values (or referrer)."""
    for index, source in enumerate(ctx.reference.traffic_sources):
        if CHANNEL_GROUPS[source.channel_group] != channel_group:
            continue
        if referrer and source.referrer_domain is not None:
            return index
        if not referrer and source.utm_source == utm_source and source.utm_medium == utm_medium:
            return index
    raise KeyError(f"channel_map has no rule for {channel_group} {utm_source}/{utm_medium}")


def random_sources(ctx: Context, channel_group: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A traffic source of each visit's channel group, uniformly among the map's rules."""
    sources = ctx.reference.traffic_sources
    group_of_source = np.array([s.channel_group for s in sources])
    order = np.argsort(group_of_source, kind="stable")
    first = np.searchsorted(group_of_source[order], np.arange(len(CHANNEL_GROUPS)))
    count = np.bincount(group_of_source, minlength=len(CHANNEL_GROUPS))
    if (count == 0).any():
        missing = [CHANNEL_GROUPS[g] for g in np.flatnonzero(count == 0)]
        raise ValueError(f"channel_map has no usable rule for {missing}")
    pick = (rng.random(len(channel_group)) * count[channel_group]).astype(np.int64)
    return order[first[channel_group] + pick]


def latest_campaigns(ctx: Context, channel_group: np.ndarray, at: np.ndarray) -> np.ndarray:
    """The campaign of the group's campaign channels that started last before each visit."""
    campaigns = ctx.campaigns
    chosen = np.full(len(at), -1)
    for group, channels in GROUP_CAMPAIGN_CHANNELS.items():
        visits = np.flatnonzero(channel_group == CHANNEL_GROUPS.index(group))
        codes = [MARKETING_CHANNELS.index(c) for c in channels]
        candidates = np.flatnonzero(np.isin(campaigns.channel, codes))
        if len(visits) == 0 or len(candidates) == 0:
            continue
        position = np.searchsorted(campaigns.started_at[candidates], at[visits], side="right")
        chosen[visits] = candidates[np.maximum(position - 1, 0)]
    return chosen


def campaign_sources(ctx: Context, campaign: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """For social_paid and kol visits, the source whose utm_source is the campaign's platform."""
    campaigns = ctx.campaigns
    per_campaign = np.full(len(campaigns.campaign_id) + 1, -1)  # last slot: no campaign
    for index, code in enumerate(campaigns.channel):
        channel = MARKETING_CHANNELS[code]
        if channel in ("wechat", "weibo", "douyin"):
            per_campaign[index] = source_index(ctx, "social_paid", channel, "paid_social")
        elif channel == "kol":
            platform = ctx.reference.kol_platforms[campaigns.kol[index]]
            per_campaign[index] = source_index(ctx, "kol", platform, "kol")
    specific = per_campaign[campaign]  # campaign -1 reads the last slot
    return np.where(specific >= 0, specific, fallback)
