"""Loyalty programme (members, tier history, points) and service (tickets, community events)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from crm_warehouse.contract import ENUMS
from crm_warehouse.generate import text
from crm_warehouse.generate.context import NS_POINTS, NS_REGISTRATION, NS_TICKET, Context
from crm_warehouse.generate.people import People
from crm_warehouse.generate.shop import ORDER_CHANNELS, Orders
from crm_warehouse.generate.social import SocialAccounts
from crm_warehouse.generate.text import SECONDS_PER_DAY

JOIN_SOURCES: tuple[str, ...] = ENUMS[("loyalty_members", "join_source")]
TIERS: tuple[str, ...] = ENUMS[("loyalty_members", "tier")]
POINT_REASONS: tuple[str, ...] = ENUMS[("loyalty_points", "reason")]
TICKET_CHANNELS: tuple[str, ...] = ENUMS[("service_tickets", "channel")]
TICKET_TYPES: tuple[str, ...] = ENUMS[("service_tickets", "ticket_type")]
SIGNUP_POINTS = 100
EVENT_POINTS = 50
_TIME_BITS = 34  # seconds up to year 2514 fit below 2**34


@dataclass
class Membership:
    joined_at: np.ndarray  # per person, -1 when not a member
    member_id: pa.Array  # per person, null when not a member


def member_numbers(global_index: np.ndarray) -> np.ndarray:
    return (np.asarray(global_index, np.int64) % 10**8 * 6_543_217 + 13_579_111) % 10**8


def join_members(
    ctx: Context, people: People, orders: Orders, rng: np.random.Generator
) -> Membership:
    n = people.n
    first_order = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first_order, orders.person, orders.ordered_at)
    in_store = people.acquired_by("store_guide")
    delay = rng.exponential(20 * SECONDS_PER_DAY, n).astype(np.int64)
    joined = np.where(
        in_store,
        np.minimum(first_order, people.registered_at + delay),
        people.registered_at + delay,
    )
    is_member = people.is_member & (joined <= ctx.end_s) & (joined >= 0)
    joined = np.where(is_member, joined, -1)
    member_id = text.numbered_ids("M", member_numbers(people.global_index), 8, is_member)
    return Membership(joined_at=joined, member_id=member_id)


def _group_cumsum(group: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Running total of values within consecutive groups."""
    if len(group) == 0:
        return np.zeros(0, dtype=np.asarray(values).dtype)
    total = np.cumsum(values)
    starts = np.r_[0, np.flatnonzero(group[1:] != group[:-1]) + 1]
    offsets = np.repeat(total[starts] - values[starts], np.diff(np.r_[starts, len(group)]))
    return total - offsets


def loyalty_tables(
    ctx: Context,
    people: People,
    orders: Orders,
    membership: Membership,
    register_channel: np.ndarray,
    customer_id: pa.Array,
    checked_in: tuple,
    chunk: int,
    rng: np.random.Generator,
    style: str,
) -> tuple[pa.Table, pa.Table]:
    """loyalty_members (one row per tier change) and loyalty_points (the ledger)."""
    joined = membership.joined_at
    members = np.flatnonzero(joined >= 0)
    counted = (
        orders.counts_as_revenue()
        & (joined[orders.person] >= 0)
        & (orders.ordered_at >= joined[orders.person])
    )
    counted_orders = np.flatnonzero(counted)
    paid_cny = orders.paid_cny[counted_orders]

    # Ledger: sign-up, purchases, refunds, event check-ins.
    refund_orders = counted_orders[orders.refunded_at[counted_orders] >= 0]
    checkin_person, checkin_at = checked_in
    checkin_member = joined[checkin_person] >= 0
    checkin_member &= checkin_at >= joined[checkin_person]
    entry_person = np.concatenate(
        [
            members,
            orders.person[counted_orders],
            orders.person[refund_orders],
            checkin_person[checkin_member],
        ]
    )
    entry_at = np.concatenate(
        [
            joined[members],
            orders.ordered_at[counted_orders],
            orders.refunded_at[refund_orders],
            checkin_at[checkin_member],
        ]
    )
    refund_cny = orders.refund_cents[refund_orders] / 100.0 * orders.fx_to_cny[refund_orders]
    entry_points = np.concatenate(
        [
            np.full(len(members), SIGNUP_POINTS),
            np.floor(paid_cny).astype(np.int64),
            -np.floor(refund_cny).astype(np.int64),
            np.full(int(checkin_member.sum()), EVENT_POINTS),
        ]
    )
    entry_reason = np.concatenate(
        [
            np.full(len(members), POINT_REASONS.index("signup")),
            np.full(len(counted_orders), POINT_REASONS.index("purchase")),
            np.full(len(refund_orders), POINT_REASONS.index("refund")),
            np.full(int(checkin_member.sum()), POINT_REASONS.index("event")),
        ]
    )
    order = np.lexsort((entry_at, entry_person))
    entry_person, entry_at = entry_person[order], entry_at[order]
    entry_points, entry_reason = entry_points[order], entry_reason[order]
    balance = _group_cumsum(entry_person, entry_points)

    # Tier history: a new version each time cumulative spend crosses a threshold.
    thresholds = np.array([ctx.params.tier_thresholds_cny[t] for t in TIERS[1:]])
    spend = _group_cumsum(orders.person[counted_orders], paid_cny)
    tier = np.searchsorted(thresholds, spend, side="right")
    person = orders.person[counted_orders]
    previous = np.r_[0, tier[:-1]]
    previous[np.r_[True, person[1:] != person[:-1]]] = 0
    upgrades = np.flatnonzero(tier > previous)
    version_person = np.concatenate([members, person[upgrades]])
    version_at = np.concatenate([joined[members], orders.ordered_at[counted_orders][upgrades]])
    version_tier = np.concatenate([np.zeros(len(members), np.int64), tier[upgrades]])
    order = np.lexsort((version_at, version_person))
    version_person, version_at, version_tier = (
        version_person[order],
        version_at[order],
        version_tier[order],
    )
    # Balance at each version: the last ledger entry at or before it.
    entry_key = (entry_person << _TIME_BITS) + entry_at
    version_key = (version_person << _TIME_BITS) + version_at
    last_entry = np.searchsorted(entry_key, version_key, side="right") - 1
    version_balance = balance[last_entry]

    join_source = np.where(
        people.guide[version_person] >= 0,
        JOIN_SOURCES.index("guide_qr"),
        np.array([JOIN_SOURCES.index(c if c in JOIN_SOURCES else "web") for c in ORDER_CHANNELS])[
            register_channel[version_person]
        ],
    )
    guide = np.where(
        join_source == JOIN_SOURCES.index("guide_qr"), people.guide[version_person], -1
    )
    take_person = pa.array(version_person)
    members_table = pa.table(
        {
            "member_id": membership.member_id.take(take_person),
            "customer_id": customer_id.take(take_person),
            "joined_at": text.format_timestamps(joined[version_person], style),
            "join_source": text.pick(JOIN_SOURCES, join_source),
            "guide_id": text.pick(ctx.reference.guide_ids, np.maximum(guide, 0), guide >= 0),
            "tier": text.pick(TIERS, version_tier),
            "points_balance": version_balance.astype(np.int64),
            "updated_at": text.format_timestamps(version_at, style),
        }
    )
    points_table = pa.table(
        {
            "entry_id": text.opaque_ids("PT", NS_POINTS, chunk, np.arange(len(entry_person))),
            "member_id": membership.member_id.take(pa.array(entry_person)),
            "occurred_at": text.format_timestamps(entry_at, style),
            "points": entry_points.astype(np.int64),
            "reason": text.pick(POINT_REASONS, entry_reason),
        }
    )
    return members_table, points_table


def tickets_table(
    ctx: Context,
    orders: Orders,
    customer_id: pa.Array,
    chunk: int,
    rng: np.random.Generator,
    style: str,
) -> pa.Table:
    p = ctx.params
    kinds, order_rows, opened = [], [], []
    for name, share in p.ticket_share_per_order.items():
        chosen = np.flatnonzero(rng.random(orders.n) < share)
        base = orders.ordered_at[chosen]
        if name == "pre_sale":
            at = base - rng.integers(600, 3 * SECONDS_PER_DAY, len(chosen))
        else:
            at = base + rng.integers(SECONDS_PER_DAY, 20 * SECONDS_PER_DAY, len(chosen))
        kinds.append(np.full(len(chosen), TICKET_TYPES.index(name)))
        order_rows.append(chosen)
        opened.append(at)
    refunded = np.flatnonzero(orders.refunded_at >= 0)
    returns = refunded[rng.random(len(refunded)) < p.return_ticket_share_of_refunds]
    kinds.append(np.full(len(returns), TICKET_TYPES.index("return_request")))
    order_rows.append(returns)
    opened.append(
        orders.refunded_at[returns] - rng.integers(3600, 3 * SECONDS_PER_DAY, len(returns))
    )
    kind = np.concatenate(kinds)
    order_row = np.concatenate(order_rows)
    opened_at = np.concatenate(opened)
    inside = (opened_at <= ctx.end_s) & (opened_at >= ctx.start_s)
    kind, order_row, opened_at = kind[inside], order_row[inside], opened_at[inside]
    sequence = np.argsort(opened_at, kind="stable")
    kind, order_row, opened_at = kind[sequence], order_row[sequence], opened_at[sequence]
    n = len(kind)
    first_response = opened_at + rng.exponential(40 * 60, n).astype(np.int64) + 30
    resolved = first_response + rng.exponential(18 * 3600, n).astype(np.int64)
    is_resolved = (rng.random(n) < 0.95) & (resolved <= ctx.end_s)
    responded = first_response <= ctx.end_s
    mean = np.array([p.satisfaction_mean[t] for t in TICKET_TYPES])[kind]
    score = np.clip(np.round(rng.normal(mean, 0.8)), 1, 5).astype(np.int64)
    answered = is_resolved & (rng.random(n) < 0.65)
    without_order = (kind == TICKET_TYPES.index("pre_sale")) & (rng.random(n) < 0.5)
    store_order = orders.channel[order_row] == ORDER_CHANNELS.index("store")
    channel = rng.choice(len(TICKET_CHANNELS), n, p=[0.25, 0.1, 0.35, 0.2, 0.1])
    channel = np.where(store_order & (rng.random(n) < 0.5), TICKET_CHANNELS.index("store"), channel)
    return pa.table(
        {
            "ticket_id": text.opaque_ids("TK", NS_TICKET, chunk, np.arange(n)),
            "customer_id": customer_id.take(pa.array(orders.person[order_row])),
            "order_id": orders.order_id.take(pa.array(order_row, mask=without_order)),
            "channel": text.pick(TICKET_CHANNELS, channel),
            "ticket_type": text.pick(TICKET_TYPES, kind),
            "opened_at": text.format_timestamps(opened_at, style),
            "first_response_at": text.format_timestamps(first_response, style, responded),
            "resolved_at": text.format_timestamps(resolved, style, is_resolved),
            "agent_id": text.numbered_ids("AG", rng.integers(1, 80, n), 3),
            "satisfaction_score": pa.array(score, mask=~answered),
        }
    )


def registrations_table(
    ctx: Context,
    people: People,
    accounts: SocialAccounts,
    customer_id: pa.Array,
    chunk: int,
    rng: np.random.Generator,
    style: str,
) -> tuple[pa.Table, tuple[np.ndarray, np.ndarray]]:
    """Sign-ups for store community events by people of that store; most of them check in.
    Also returns (person, checked_in_at) of the check-ins for loyalty points."""
    p = ctx.params
    events = ctx.community_events
    wechat = accounts.account_of[:, 0]
    reachable = people.is_registered | (wechat >= 0)
    person_parts, event_parts, registered_parts = [], [], []
    for store in range(len(ctx.reference.store_ids)):
        locals_ = np.flatnonzero((people.home_store == store) & reachable)
        for event in np.flatnonzero(events.store == store):
            starts = events.starts_at[event]
            chosen = locals_[
                (people.first_seen[locals_] < starts - SECONDS_PER_DAY)
                & (rng.random(len(locals_)) < p.event_registration_share)
            ]
            earliest = np.maximum(people.first_seen[chosen], starts - 14 * SECONDS_PER_DAY)
            person_parts.append(chosen)
            event_parts.append(np.full(len(chosen), event))
            registered_parts.append(
                earliest + (rng.random(len(chosen)) * (starts - earliest)).astype(np.int64)
            )
    person = np.concatenate(person_parts)
    event = np.concatenate(event_parts)
    registered_at = np.concatenate(registered_parts)
    n = len(person)
    starts = events.starts_at[event]
    checked = (rng.random(n) < p.event_check_in_share) & (starts <= ctx.end_s)
    checked_in_at = starts + rng.integers(-20 * 60, 40 * 60, n)
    known_customer = people.is_registered[person] & (people.registered_at[person] <= registered_at)
    # A sign-up needs a contact: the customer account or the WeChat openid.
    keep = known_customer | (wechat[person] >= 0)
    person, event, registered_at, checked_in_at, checked, known_customer = (
        person[keep],
        event[keep],
        registered_at[keep],
        checked_in_at[keep],
        checked[keep],
        known_customer[keep],
    )
    n = len(person)
    table = pa.table(
        {
            "registration_id": text.opaque_ids("ER", NS_REGISTRATION, chunk, np.arange(n)),
            "event_id": pa.array(events.event_id, pa.string()).take(pa.array(event)),
            "customer_id": customer_id.take(pa.array(person, mask=~known_customer)),
            "social_id": accounts.social_id.take(
                pa.array(np.maximum(wechat[person], 0), mask=wechat[person] < 0)
            ),
            "registered_at": text.format_timestamps(registered_at, style),
            "checked_in_at": text.format_timestamps(checked_in_at, style, checked),
        }
    )
    return table, (person[checked], checked_in_at[checked])
