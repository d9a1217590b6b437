"""Purchases (buy till you die), orders with their status history, items, refunds, customers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crm_warehouse.contract import ENUMS
from crm_warehouse.generate import text
from crm_warehouse.generate.catalog import BRANDS, choose_skus
from crm_warehouse.generate.clock import at_waking_hours
from crm_warehouse.generate.context import NS_ORDER, NS_REFUND, Context
from crm_warehouse.generate.devices import PLATFORMS, Devices, pick_device
from crm_warehouse.generate.people import (
    CITIES,
    GENDERS,
    GIVEN_HANZI,
    GIVEN_LATIN,
    SURNAMES_HANZI,
    SURNAMES_LATIN,
    People,
)
from crm_warehouse.generate.text import SECONDS_PER_DAY

ORDER_CHANNELS: tuple[str, ...] = ENUMS[("shop_orders", "channel")]
STATUSES: tuple[str, ...] = ENUMS[("shop_orders", "status")]
REFUND_REASONS: tuple[str, ...] = ENUMS[("shop_refunds", "reason")]
# Status history of an order: one column per status, the time it was reached or -1.
HISTORY = ("pending", "paid", "shipped", "completed", "cancelled", "refunded")
COUPON_FACE_VALUES_CENTS = np.array([1_000, 2_000, 3_000, 5_000, 10_000, 20_000])
MINUTE = 60


@dataclass
class Orders:
    person: np.ndarray  # local person index; orders sorted by (person, ordered_at)
    ordered_at: np.ndarray
    channel: np.ndarray  # index into ORDER_CHANNELS
    device: np.ndarray  # device index for web/app/mini_program orders, else -1
    store: np.ndarray
    guide: np.ndarray
    is_hkd: np.ndarray
    fx_to_cny: np.ndarray
    gross_cents: np.ndarray
    discount_cents: np.ndarray
    shipping_cents: np.ndarray
    paid_cents: np.ndarray
    uses_coupon: np.ndarray
    history: np.ndarray  # (n, len(HISTORY)) epoch seconds or -1
    refund_cents: np.ndarray  # 0 when no refund
    refunded_at: np.ndarray  # -1 when no refund (or after the window)
    order_id: pa.Array
    # Order lines
    line_order: np.ndarray
    line_sku: np.ndarray
    line_quantity: np.ndarray
    line_unit_cents: np.ndarray
    line_discount_cents: np.ndarray

    @property
    def n(self) -> int:
        return len(self.person)

    @property
    def final_status(self) -> np.ndarray:
        """Index into HISTORY of the latest status reached within the window."""
        reached = self.history >= 0
        last_time = np.where(reached, self.history, -1)
        return np.argmax(last_time, axis=1)

    @property
    def paid_cny(self) -> np.ndarray:
        return self.paid_cents / 100.0 * self.fx_to_cny

    def counts_as_revenue(self) -> np.ndarray:
        status = self.final_status
        return ~np.isin(status, [HISTORY.index("pending"), HISTORY.index("cancelled")])


@dataclass
class PurchaseTruth:
    churned_at: np.ndarray  # per person, -1 when alive at the end (or never bought)


def _next_festival_time(ctx: Context, seconds: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A time inside the next major festival window (or the current one) at or after `seconds`.
    Past the last window the time is pushed beyond the end of the data window (dropped)."""
    ref = ctx.reference
    major = np.flatnonzero(np.isin(ref.festival_names, ctx.params.festival_only_names))
    starts = ref.festival_window_start[major]
    # Leave the last day free: the time of day is set afterwards, moving forward up to a day.
    ends = ref.festival_window_end[major] - SECONDS_PER_DAY
    window = np.searchsorted(ends, seconds)
    beyond = window >= len(major)
    window = np.minimum(window, len(major) - 1)
    lower = np.maximum(starts[window], seconds)
    moved = lower + (rng.random(len(seconds)) * (ends[window] - lower)).astype(np.int64)
    return np.where(beyond, ctx.end_s + 1, moved)


def purchase_times(
    ctx: Context, people: People, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, PurchaseTruth]:
    """BG/NBD: first purchase after registering, then Poisson(lambda) repeats while alive; after
    each repeat purchase the buyer drops out with probability p (silent churn)."""
    p = ctx.params
    n = people.n
    offline = people.acquired_by("store_guide") | people.acquired_by("marketplace")
    delay = rng.exponential(p.first_purchase_delay_days_mean * SECONDS_PER_DAY, n)
    first = people.registered_at + np.where(offline, 0, delay.astype(np.int64))
    buys = people.is_buyer & people.is_registered & (first <= ctx.end_s)
    remaining_days = np.where(buys, (ctx.end_s - first) / SECONDS_PER_DAY, 0.0)
    possible = rng.poisson(people.purchase_rate * remaining_days)
    lifetime_repeats = rng.geometric(people.dropout_probability)
    repeats = np.minimum(possible, lifetime_repeats)
    dies = buys & (lifetime_repeats <= possible)

    owner = np.repeat(np.arange(n), possible)
    offsets = rng.random(len(owner))
    order = np.lexsort((offsets, owner))
    owner, offsets = owner[order], offsets[order]
    rank = np.arange(len(owner)) - np.repeat(np.cumsum(possible) - possible, possible)
    keep = rank < repeats[owner]
    owner, rank = owner[keep], rank[keep]
    repeat_at = first[owner] + (offsets[keep] * (ctx.end_s - first[owner])).astype(np.int64)
    last_before_dropout = (rank == repeats[owner] - 1) & dies[owner]

    person = np.concatenate([np.flatnonzero(buys), owner])
    at = np.concatenate([first[buys], repeat_at])
    is_repeat = np.concatenate([np.zeros(buys.sum(), bool), np.ones(len(owner), bool)])
    is_final = np.concatenate([np.zeros(buys.sum(), bool), last_before_dropout])
    shifted = people.is_festival_only[person] | (
        is_repeat & (rng.random(len(person)) < p.festival_shift_share)
    )
    at = at_waking_hours(np.where(shifted, _next_festival_time(ctx, at, rng), at), rng)
    inside = at <= ctx.end_s
    # Churned: dropped out after a final purchase inside the window; the churn date is their
    # last purchase (festival and time-of-day shifts can reorder the last few).
    dropped_out = np.zeros(n, bool)
    dropped_out[person[is_final & inside]] = True
    last_purchase = np.full(n, -1, dtype=np.int64)
    np.maximum.at(last_purchase, person[inside], at[inside])
    churned_at = np.where(dropped_out, last_purchase, -1)
    person, at = person[inside], at[inside]
    order = np.lexsort((at, person))
    return person[order], at[order], PurchaseTruth(churned_at=churned_at)


def _order_channels(
    ctx: Context, people: People, devices: Devices, person: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    p = ctx.params
    n = len(person)
    roll = rng.random(n)
    device = pick_device(devices, person, rng)
    online = np.array([ORDER_CHANNELS.index(PLATFORMS[x]) for x in range(len(PLATFORMS))])
    channel = online[devices.platform[device]]
    channel = np.where(
        rng.random(n) < p.marketplace_order_share, ORDER_CHANNELS.index("marketplace"), channel
    )
    store_person = people.acquired_by("store_guide")[person]
    marketplace_person = people.acquired_by("marketplace")[person]
    channel = np.where(
        store_person & (roll < p.store_buyer_store_order_share),
        ORDER_CHANNELS.index("store"),
        channel,
    )
    channel = np.where(
        marketplace_person & (roll < p.marketplace_buyer_marketplace_order_share),
        ORDER_CHANNELS.index("marketplace"),
        channel,
    )
    near_store = (people.home_store[person] >= 0) & ~store_person & (roll > 0.95)
    channel = np.where(near_store, ORDER_CHANNELS.index("store"), channel)
    is_web = np.isin(channel, [ORDER_CHANNELS.index(x) for x in PLATFORMS])
    return channel, np.where(is_web, device, -1)


def _fx_rates(ctx: Context, seconds: np.ndarray) -> np.ndarray:
    rates = ctx.reference.hkd_to_cny
    first_day = min(rates)
    table = np.array([rates[first_day + i] for i in range(len(rates))])
    day = (seconds + 8 * 3600) // SECONDS_PER_DAY - first_day
    return table[np.clip(day, 0, len(table) - 1)]


def generate_orders(
    ctx: Context, people: People, devices: Devices, chunk: int, rng: np.random.Generator
) -> tuple[Orders, PurchaseTruth]:
    p = ctx.params
    ref = ctx.reference
    person, ordered_at, truth = purchase_times(ctx, people, rng)
    n = len(person)
    channel, device = _order_channels(ctx, people, devices, person, rng)
    is_store = channel == ORDER_CHANNELS.index("store")
    store = np.where(is_store, people.home_store[person], -1)
    # Store buyers without a home store shop at a random store of their region.
    mainland = np.flatnonzero(~ref.store_is_hong_kong)
    store = np.where(is_store & (store < 0), rng.choice(mainland, n), store)
    guide = np.full(n, -1)
    with_guide = is_store & (rng.random(n) < p.store_order_guide_share)
    own_guide = people.guide[person]
    guide = np.where(with_guide & (own_guide >= 0), own_guide, guide)
    for s in np.unique(store[with_guide & (guide < 0)]):
        members = np.flatnonzero(with_guide & (guide < 0) & (store == s))
        guide[members] = rng.choice(ref.guides_of_store(s), len(members))
    is_hkd = is_store & ref.store_is_hong_kong[np.maximum(store, 0)]
    fx = np.where(is_hkd, _fx_rates(ctx, ordered_at), 1.0)

    # Lines: value ~ Gamma-Gamma, spread over products of the right price.
    value_cny = rng.gamma(p.spend_shape_p, 1.0 / people.spend_rate[person])
    lines = np.minimum(1 + rng.poisson(p.lines_per_order_extra_mean, n), 5)
    line_order = np.repeat(np.arange(n), lines)
    quantity = np.minimum(1 + rng.poisson(0.25, len(line_order)), 5)
    target = (
        value_cny[line_order]
        / lines[line_order]
        / quantity
        * rng.uniform(0.7, 1.3, len(line_order))
    )
    loyal = people.loyal_brand[person[line_order]]
    stays_loyal = (loyal >= 0) & (rng.random(len(line_order)) < p.brand_loyal_spend_share)
    brand = np.where(stays_loyal, loyal, rng.integers(0, len(BRANDS), len(line_order)))
    sku = choose_skus(ctx.products, brand, target, rng)
    is_gift = rng.random(n) < p.gift_order_share
    unit_cents = np.round(ctx.products.list_price[sku] * 100 / fx[line_order]).astype(np.int64)
    unit_cents = np.where(is_gift[line_order], 0, unit_cents)
    line_total = unit_cents * quantity
    gross = np.bincount(line_order, weights=line_total, minlength=n).astype(np.int64)

    discount_only = people.is_discount_only[person]
    discounted = ~is_gift & (
        rng.random(n)
        < np.where(discount_only, p.discount_only_order_share, p.ordinary_discount_order_share)
    )
    face_index = np.searchsorted(COUPON_FACE_VALUES_CENTS, gross // 4, side="right") - 1
    can_coupon = face_index >= 0
    uses_coupon = discounted & can_coupon & (rng.random(n) < p.coupon_share_of_discounted)
    promo = np.round(gross * rng.uniform(0.05, 0.3, n)).astype(np.int64)
    discount = np.where(
        uses_coupon,
        COUPON_FACE_VALUES_CENTS[np.maximum(face_index, 0)],
        np.where(discounted, promo, 0),
    )
    threshold = np.round(p.free_shipping_threshold * 100 / fx).astype(np.int64)
    fee = np.round(p.shipping_fee * 100 / fx).astype(np.int64)
    ships = ~is_store & ~is_gift & (gross - discount < threshold)
    shipping = np.where(ships, fee, 0)
    paid = gross - discount + shipping

    # The order's discount spread over its lines in proportion to their value (cents exact).
    safe_gross = np.maximum(gross, 1)
    line_discount = line_total * discount[line_order] // safe_gross[line_order]
    remainder = discount - np.bincount(line_order, weights=line_discount, minlength=n).astype(
        np.int64
    )
    first_line = np.cumsum(lines) - lines
    line_discount[first_line] += remainder

    history = _status_history(ctx, is_store, is_gift, ordered_at, rng)
    refund_cents, refunded_at = _refunds(ctx, history, paid, rng)
    refunded_full = (refund_cents == paid) & (refunded_at >= 0) & (paid > 0)
    history[:, HISTORY.index("refunded")] = np.where(refunded_full, refunded_at, -1)
    history[history > ctx.end_s] = -1

    orders = Orders(
        person=person,
        ordered_at=ordered_at,
        channel=channel,
        device=device,
        store=store,
        guide=guide,
        is_hkd=is_hkd,
        fx_to_cny=fx,
        gross_cents=gross,
        discount_cents=discount,
        shipping_cents=shipping,
        paid_cents=paid,
        uses_coupon=uses_coupon,
        history=history,
        refund_cents=refund_cents,
        refunded_at=refunded_at,
        order_id=text.opaque_ids("SO", NS_ORDER, chunk, np.arange(n)),
        line_order=line_order,
        line_sku=sku,
        line_quantity=quantity,
        line_unit_cents=unit_cents,
        line_discount_cents=line_discount,
    )
    return orders, truth


def _status_history(
    ctx: Context,
    is_store: np.ndarray,
    is_gift: np.ndarray,
    ordered_at: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Times of pending -> paid -> shipped -> completed (or -> cancelled); store sales complete
    at the till. Refunds are added by the caller."""
    p = ctx.params
    n = len(ordered_at)
    history = np.full((n, len(HISTORY)), -1, dtype=np.int64)
    online = ~is_store
    cancelled = online & ~is_gift & (rng.random(n) < p.cancel_share)
    history[:, HISTORY.index("pending")] = np.where(online, ordered_at, -1)
    history[:, HISTORY.index("cancelled")] = np.where(
        cancelled, ordered_at + rng.integers(10 * MINUTE, 120 * MINUTE, n), -1
    )
    paid_at = ordered_at + rng.integers(1 * MINUTE, 15 * MINUTE, n)
    shipped_at = paid_at + rng.integers(SECONDS_PER_DAY // 2, 3 * SECONDS_PER_DAY, n)
    completed_at = shipped_at + rng.integers(2 * SECONDS_PER_DAY, 8 * SECONDS_PER_DAY, n)
    goes_on = online & ~cancelled
    history[:, HISTORY.index("paid")] = np.where(goes_on, paid_at, -1)
    history[:, HISTORY.index("shipped")] = np.where(goes_on, shipped_at, -1)
    history[:, HISTORY.index("completed")] = np.where(
        goes_on, completed_at, np.where(is_store, ordered_at, -1)
    )
    return history


def _refunds(
    ctx: Context, history: np.ndarray, paid: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    p = ctx.params
    n = len(paid)
    completed = history[:, HISTORY.index("completed")]
    refunds = (completed >= 0) & (paid > 0) & (rng.random(n) < p.refund_share)
    at = completed + rng.integers(SECONDS_PER_DAY, 15 * SECONDS_PER_DAY, n)
    refunds &= at <= ctx.end_s
    partial = rng.random(n) < p.partial_refund_share
    amount = np.where(partial, np.round(paid * rng.uniform(0.2, 0.7, n)).astype(np.int64), paid)
    return np.where(refunds, amount, 0), np.where(refunds, at, -1)


def orders_table(
    orders: Orders, people_customer_id: pa.Array, ctx: Context, coupon_id: pa.Array, style: str
) -> pa.Table:
    """One row per order version: re-exported each time the status moved (latest = truth)."""
    reached = orders.history >= 0
    order_index, status = np.nonzero(reached)
    updated_at = orders.history[order_index, status]
    sequence = np.lexsort((updated_at, order_index))
    order_index, status, updated_at = order_index[sequence], status[sequence], updated_at[sequence]
    ref = ctx.reference
    store = orders.store[order_index]
    guide = orders.guide[order_index]
    take = pa.array(order_index)
    return pa.table(
        {
            "order_id": orders.order_id.take(take),
            "customer_id": people_customer_id.take(pa.array(orders.person[order_index])),
            "channel": text.pick(ORDER_CHANNELS, orders.channel[order_index]),
            "store_id": text.pick(ref.store_ids, np.maximum(store, 0), store >= 0),
            "guide_id": text.pick(ref.guide_ids, np.maximum(guide, 0), guide >= 0),
            "ordered_at": text.format_timestamps(orders.ordered_at[order_index], style),
            "status": text.pick(HISTORY, status),
            "currency": text.pick(("CNY", "HKD"), orders.is_hkd[order_index].astype(np.int64)),
            "gross_amount": orders.gross_cents[order_index] / 100.0,
            "discount_amount": orders.discount_cents[order_index] / 100.0,
            "shipping_amount": orders.shipping_cents[order_index] / 100.0,
            "paid_amount": orders.paid_cents[order_index] / 100.0,
            "coupon_id": coupon_id.take(take),
            "updated_at": text.format_timestamps(updated_at, style),
        }
    )


def order_items_table(orders: Orders, ctx: Context) -> pa.Table:
    first_line = np.searchsorted(orders.line_order, orders.line_order)
    return pa.table(
        {
            "order_id": orders.order_id.take(pa.array(orders.line_order)),
            "line_number": (np.arange(len(orders.line_order)) - first_line + 1).astype(np.int64),
            "sku": pa.array(ctx.products.sku, pa.string()).take(pa.array(orders.line_sku)),
            "quantity": orders.line_quantity.astype(np.int64),
            "unit_price": orders.line_unit_cents / 100.0,
            "discount_amount": orders.line_discount_cents / 100.0,
        }
    )


def refunds_table(orders: Orders, chunk: int, rng: np.random.Generator, style: str) -> pa.Table:
    refunded = np.flatnonzero(orders.refunded_at >= 0)
    reason = rng.choice(len(REFUND_REASONS), len(refunded), p=[0.18, 0.12, 0.25, 0.10, 0.28, 0.07])
    return pa.table(
        {
            "refund_id": text.opaque_ids("RF", NS_REFUND, chunk, np.arange(len(refunded))),
            "order_id": orders.order_id.take(pa.array(refunded)),
            "refunded_at": text.format_timestamps(orders.refunded_at[refunded], style),
            "amount": orders.refund_cents[refunded] / 100.0,
            "reason": text.pick(REFUND_REASONS, reason),
        }
    )


# --- customers ------------------------------------------------------------------------------

EMAIL_DOMAINS = (
    "qq.com",
    "163.com",
    "126.com",
    "gmail.com",
    "outlook.com",
    "sina.com",
    "hotmail.com",
    "icloud.com",
)
GENERIC_EMAILS = ("test@example.com", "noreply@example.com", "none@none.com")
PLACEHOLDER_PHONES_E164 = ("+8613800000000", "+85200000000")


def _scramble(values: np.ndarray, modulus: int, multiplier: int, offset: int) -> np.ndarray:
    """A bijection of [0, modulus) (multiplier coprime with the modulus): unique numbers that do
    not reveal the person's index."""
    return (np.asarray(values, dtype=np.int64) % modulus * multiplier + offset) % modulus


def phone_numbers(
    global_index: np.ndarray, is_hong_kong: np.ndarray, generation: int
) -> tuple[np.ndarray, np.ndarray]:
    """(country code, national number) of a person's phone; generation 1 = the phone they
    registered with, 2 = a later replacement. Unique per (person, generation) for <4e8 people;
    mainland numbers start 15..19, so the 138 placeholder never collides."""
    key = np.asarray(global_index, dtype=np.int64) + (generation - 1) * 400_000_000
    mainland = (10 + 5 + key % 5) * 10**9 + _scramble(key, 10**9, 7_368_787, 91_345_817)
    hong_kong = np.array([5, 6, 9])[key % 3] * 10**7 + _scramble(key, 10**7, 3_166_421, 2_718_281)
    return np.where(is_hong_kong, 852, 86), np.where(is_hong_kong, hong_kong, mainland)


def e164(country: np.ndarray, national: np.ndarray) -> pa.Array:
    mainland = text.digits_string("+86", national, 11)
    hong_kong = text.digits_string("+852", national, 8)
    return pc.if_else(pa.array(country == 852), hong_kong, mainland)


def customer_numbers(global_index: np.ndarray) -> np.ndarray:
    return _scramble(global_index, 10**8, 9_176_543, 40_123_457)


@dataclass
class CustomerVersions:
    person: np.ndarray  # local person index per version row
    updated_at: np.ndarray
    phone_generation: np.ndarray  # 1 or 2
    email_generation: np.ndarray  # 1 or 2
    city: np.ndarray


def customer_versions(ctx: Context, people: People, rng: np.random.Generator) -> CustomerVersions:
    """The registration row, and for some customers one re-export after a profile change."""
    registered = np.flatnonzero(people.is_registered)
    changes = registered[rng.random(len(registered)) < ctx.params.profile_change_probability]
    changed_at = people.registered_at[changes] + (
        rng.random(len(changes)) * (ctx.end_s - people.registered_at[changes])
    ).astype(np.int64)
    what = rng.choice(3, len(changes), p=[0.4, 0.3, 0.3])  # phone, email, city
    new_city = np.where(
        people.is_hong_kong[changes],
        people.city[changes],
        rng.integers(0, len(CITIES) - 1, len(changes)),
    )
    person = np.concatenate([registered, changes])
    order = np.lexsort((np.concatenate([people.registered_at[registered], changed_at]), person))
    return CustomerVersions(
        person=person[order],
        updated_at=np.concatenate([people.registered_at[registered], changed_at])[order],
        phone_generation=np.concatenate(
            [np.ones(len(registered), np.int64), np.where(what == 0, 2, 1)]
        )[order],
        email_generation=np.concatenate(
            [np.ones(len(registered), np.int64), np.where(what == 1, 2, 1)]
        )[order],
        city=np.concatenate(
            [people.city[registered], np.where(what == 2, new_city, people.city[changes])]
        )[order],
    )


def customer_emails(
    global_index: np.ndarray, surname: np.ndarray, given: np.ndarray, generation: np.ndarray
) -> pa.Array:
    number = _scramble(global_index + (generation - 1) * 400_000_000, 10**8, 5_123_457, 777)
    domain = (global_index + generation) % len(EMAIL_DOMAINS)
    return text.join(
        text.pick(GIVEN_LATIN, given),
        ".",
        text.pick(SURNAMES_LATIN, surname),
        text.digits_string("", number, 8),
        "@",
        text.pick(EMAIL_DOMAINS, domain),
    )


def customers_table(
    people: People,
    versions: CustomerVersions,
    customer_id: pa.Array,
    register_channel: np.ndarray,
    style: str,
) -> pa.Table:
    person = versions.person
    global_index = people.offset + person
    take = pa.array(person)
    country, national = phone_numbers(
        global_index, people.is_hong_kong[person], versions.phone_generation
    )
    phone = e164(country, national)
    placeholder = pa.array(
        np.where(
            people.is_hong_kong[person], PLACEHOLDER_PHONES_E164[1], PLACEHOLDER_PHONES_E164[0]
        )
    )
    phone = pc.if_else(pa.array(people.uses_placeholder_phone[person]), placeholder, phone)
    surname, given = people.surname[person], people.given_name[person]
    email = customer_emails(global_index, surname, given, versions.email_generation)
    generic = text.pick(GENERIC_EMAILS, global_index % len(GENERIC_EMAILS))
    email = pc.if_else(pa.array(people.uses_generic_email[person]), generic, email)
    email = pc.if_else(
        pa.array(people.has_email[person] | people.uses_generic_email[person]),
        email,
        text.null_strings(len(person)),
    )
    birth_known = (global_index % 10) != 0
    return pa.table(
        {
            "customer_id": customer_id.take(take),
            "phone": phone,
            "email": email,
            "full_name": text.join(
                text.pick(SURNAMES_HANZI, surname), text.pick(GIVEN_HANZI, given)
            ),
            "gender": text.pick(GENDERS, people.gender[person]),
            "birth_date": text.format_dates(people.birth_day[person], birth_known),
            "city": text.pick(CITIES, versions.city),
            "registered_at": text.format_timestamps(people.registered_at[person], style),
            "register_channel": text.pick(ORDER_CHANNELS, register_channel[person]),
            "updated_at": text.format_timestamps(versions.updated_at, style),
        }
    )
