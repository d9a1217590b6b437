"""Marketing messages (with channel-specific open rates) and coupons / red packets."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from crm_warehouse.generate import text
from crm_warehouse.generate.clock import at_waking_hours
from crm_warehouse.generate.context import NS_COUPON, NS_MESSAGE, Context
from crm_warehouse.generate.devices import Devices, pick_device
from crm_warehouse.generate.marketing_plan import MARKETING_CHANNELS
from crm_warehouse.generate.params import MESSAGE_CHANNELS
from crm_warehouse.generate.people import People
from crm_warehouse.generate.sessions import VisitRequests
from crm_warehouse.generate.shop import Orders
from crm_warehouse.generate.social import SocialAccounts
from crm_warehouse.generate.text import SECONDS_PER_DAY
from crm_warehouse.generate.traffic import source_index

# The utm tags a message's link carries (channel group, utm_source, utm_medium).
MESSAGE_LINK_TAGS = {
    "email": ("email", "edm", "email"),
    "sms": ("sms", "sms", "sms"),
    "wechat": ("social_organic", "wechat", "message"),
    "weibo": ("social_organic", "weibo", "message"),
}
COUPON_VALIDITY_DAYS = 14


def generate_messages(
    ctx: Context,
    people: People,
    devices: Devices,
    accounts: SocialAccounts,
    customer_id: pa.Array,
    chunk: int,
    visits: VisitRequests,
    rng: np.random.Generator,
    style: str,
) -> pa.Table:
    p = ctx.params
    campaigns = ctx.campaigns
    registered_at = np.where(people.is_registered, people.registered_at, np.iinfo(np.int64).max)
    reachable = {
        "email": (registered_at, people.has_email | people.uses_generic_email),
        "sms": (registered_at, np.ones(people.n, bool)),
        "wechat": (people.first_seen + 10 * SECONDS_PER_DAY, people.is_follower),
        "weibo": (people.first_seen, people.is_interactor & (accounts.account_of[:, 1] >= 0)),
    }
    person_parts, campaign_parts, channel_parts, sent_parts = [], [], [], []
    for channel in MESSAGE_CHANNELS:
        since, allowed = reachable[channel]
        for campaign in np.flatnonzero(campaigns.channel == MARKETING_CHANNELS.index(channel)):
            start = campaigns.started_at[campaign]
            chosen = np.flatnonzero(
                allowed & (since <= start) & (rng.random(people.n) < p.message_audience_share)
            )
            person_parts.append(chosen)
            campaign_parts.append(np.full(len(chosen), campaign))
            channel_parts.append(np.full(len(chosen), MESSAGE_CHANNELS.index(channel)))
            sent_parts.append(
                np.minimum(at_waking_hours(np.full(len(chosen), start), rng), ctx.end_s - 3600)
            )
    person = np.concatenate(person_parts)
    campaign = np.concatenate(campaign_parts)
    channel = np.concatenate(channel_parts)
    sent_at = np.concatenate(sent_parts)
    n = len(person)

    def rate(table: dict[str, float]) -> np.ndarray:
        return np.array([table[c] for c in MESSAGE_CHANNELS])[channel]

    delivered = rng.random(n) < rate(p.delivery_rate)
    opened = delivered & (rng.random(n) < rate(p.open_rate))
    clicked = opened & (rng.random(n) < p.click_rate_of_opened)
    delivered_at = sent_at + rng.integers(1, 120, n)
    opened_at = delivered_at + rng.exponential(5 * 3600, n).astype(np.int64)
    clicked_at = opened_at + rng.exponential(180, n).astype(np.int64) + 1
    opened &= opened_at <= ctx.end_s
    clicked &= opened & (clicked_at <= ctx.end_s)

    for code, name in enumerate(MESSAGE_CHANNELS):
        group, utm_source, utm_medium = MESSAGE_LINK_TAGS[name]
        rows = np.flatnonzero(clicked & (channel == code))
        visits.add(
            person[rows],
            pick_device(devices, person[rows], rng),
            clicked_at[rows] + 2,
            source_index(ctx, group, utm_source, utm_medium),
            campaign=campaign[rows],
        )

    social_platform = np.array([-1, -1, 0, 1])[channel]  # email, sms, wechat, weibo
    social_account = np.where(
        social_platform >= 0, accounts.account_of[person, np.maximum(social_platform, 0)], -1
    )
    registered = people.is_registered[person] & (registered_at[person] <= sent_at)
    order = np.argsort(sent_at, kind="stable")
    take = pa.array(order)
    return pa.table(
        {
            "message_id": text.opaque_ids("MS", NS_MESSAGE, chunk, np.arange(n)),
            "campaign_id": pa.array(ctx.campaigns.campaign_id).take(pa.array(campaign[order])),
            "channel": text.pick(MESSAGE_CHANNELS, channel[order]),
            "customer_id": customer_id.take(pa.array(person[order], mask=~registered[order])),
            "social_id": accounts.social_id.take(
                pa.array(np.maximum(social_account, 0), mask=social_account < 0)
            ).take(take),
            "sent_at": text.format_timestamps(sent_at[order], style),
            "delivered_at": text.format_timestamps(delivered_at[order], style, delivered[order]),
            "opened_at": text.format_timestamps(opened_at[order], style, opened[order]),
            "clicked_at": text.format_timestamps(clicked_at[order], style, clicked[order]),
        }
    )


def generate_coupons(
    ctx: Context,
    people: People,
    orders: Orders,
    accounts: SocialAccounts,
    customer_id: pa.Array,
    chunk: int,
    rng: np.random.Generator,
    style: str,
) -> tuple[pa.Table, pa.Array]:
    """Coupons redeemed by orders, plus red packets that were never used. Returns the table and
    the coupon id of each order (null when none)."""
    p = ctx.params
    campaigns = ctx.campaigns
    red_packet = np.flatnonzero(campaigns.channel == MARKETING_CHANNELS.index("red_packet"))
    wechat_campaigns = np.flatnonzero(campaigns.channel == MARKETING_CHANNELS.index("wechat"))

    used = np.flatnonzero(orders.uses_coupon)
    ordered_at = orders.ordered_at[used]
    issued_at = ordered_at - rng.integers(3600, 10 * SECONDS_PER_DAY, len(used))
    in_festival = np.searchsorted(campaigns.ended_at[red_packet], ordered_at)
    in_festival = np.minimum(in_festival, len(red_packet) - 1)
    festival_campaign = red_packet[in_festival]
    during = campaigns.started_at[festival_campaign] <= ordered_at
    latest_wechat = wechat_campaigns[
        np.maximum(np.searchsorted(campaigns.started_at[wechat_campaigns], issued_at) - 1, 0)
    ]
    used_campaign = np.where(during, festival_campaign, latest_wechat)
    used_person = orders.person[used]
    face = orders.discount_cents[used]

    # Red packets handed out during each festival to active WeChat users, mostly never used.
    wechat_people = np.flatnonzero(accounts.account_of[:, 0] >= 0)
    packet_person, packet_campaign = [], []
    for campaign in red_packet:
        active = wechat_people[people.first_seen[wechat_people] <= campaigns.started_at[campaign]]
        chosen = active[rng.random(len(active)) < p.red_packets_per_festival_per_person]
        packet_person.append(chosen)
        packet_campaign.append(np.full(len(chosen), campaign))
    unused_person = np.concatenate(packet_person) if packet_person else np.zeros(0, np.int64)
    unused_campaign = np.concatenate(packet_campaign) if packet_campaign else np.zeros(0, np.int64)
    window = campaigns.ended_at[unused_campaign] - campaigns.started_at[unused_campaign]
    unused_issued = campaigns.started_at[unused_campaign] + (
        rng.random(len(unused_person)) * window
    ).astype(np.int64)
    unused_face = np.array([500, 1_000, 2_000])[rng.integers(0, 3, len(unused_person))]

    person = np.concatenate([used_person, unused_person])
    campaign = np.concatenate([used_campaign, unused_campaign])
    issued = np.concatenate([issued_at, unused_issued])
    face_cents = np.concatenate([face, unused_face])
    redeemed = np.concatenate([np.ones(len(used), bool), np.zeros(len(unused_person), bool)])
    order_index = np.concatenate([used, np.zeros(len(unused_person), np.int64)])
    redeemed_at = np.concatenate([ordered_at, np.zeros(len(unused_person), np.int64)])
    n = len(person)
    coupon_id = text.opaque_ids("CP", NS_COUPON, chunk, np.arange(n))
    on_wechat = (campaigns.channel[campaign] == MARKETING_CHANNELS.index("red_packet")) | (
        campaigns.channel[campaign] == MARKETING_CHANNELS.index("wechat")
    )
    social_account = np.where(on_wechat, accounts.account_of[person, 0], -1)
    registered = people.is_registered[person] & (people.registered_at[person] <= issued)

    order_coupon = np.full(orders.n, -1)
    order_coupon[used] = np.arange(len(used))
    table = pa.table(
        {
            "coupon_id": coupon_id,
            "campaign_id": pa.array(campaigns.campaign_id).take(pa.array(campaign)),
            "customer_id": customer_id.take(pa.array(person, mask=~registered)),
            "social_id": accounts.social_id.take(
                pa.array(np.maximum(social_account, 0), mask=social_account < 0)
            ),
            "issued_at": text.format_timestamps(issued, style),
            "face_value": face_cents / 100.0,
            "min_spend": face_cents * 4 / 100.0,
            "expires_at": text.format_timestamps(
                issued + COUPON_VALIDITY_DAYS * SECONDS_PER_DAY, style
            ),
            "redeemed_at": text.format_timestamps(redeemed_at, style, redeemed),
            "order_id": orders.order_id.take(pa.array(order_index, mask=~redeemed)),
        }
    )
    order_coupon_id = coupon_id.take(pa.array(np.maximum(order_coupon, 0), mask=order_coupon < 0))
    return table, order_coupon_id
