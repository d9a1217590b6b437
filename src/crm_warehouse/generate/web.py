"""Clickstream: sessions that walk the funnel with per-channel step conversion, and their events.

Purchases come from the buy-till-you-die process (shop.py); every web/app/mini-program order
is the last step of one purchase session. Around them the simulation adds the sessions that
stopped earlier, in exactly the numbers the channel's funnel implies, so step conversion per
channel group is the configured one (truth/funnel_truth.parquet).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crm_warehouse.contract import ENUMS
from crm_warehouse.generate import text
from crm_warehouse.generate.catalog import CATEGORIES
from crm_warehouse.generate.clock import at_waking_hours
from crm_warehouse.generate.context import NS_BOT, NS_WEB_EVENT, Context
from crm_warehouse.generate.devices import DEVICE_TYPES, PLATFORMS, Devices, pick_device
from crm_warehouse.generate.params import CHANNEL_GROUPS, FUNNEL_STEPS
from crm_warehouse.generate.people import WEB_ACQUISITION, People
from crm_warehouse.generate.sessions import VisitRequests
from crm_warehouse.generate.shop import Orders
from crm_warehouse.generate.social import SocialAccounts
from crm_warehouse.generate.text import SECONDS_PER_DAY
from crm_warehouse.generate.traffic import (
    campaign_sources,
    latest_campaigns,
    random_sources,
    source_index,
)

EVENT_NAMES: tuple[str, ...] = ENUMS[("web_events", "event_name")]
PAGE_TYPES: tuple[str, ...] = ENUMS[("web_events", "page_type")]
SHOP_URL = "https://shop.example.cn"
PURCHASE_DEPTH = len(FUNNEL_STEPS) - 1  # depth 4: the session ended with a purchase
MAX_EVENT_GAP_SECONDS = 20 * 60  # below the 30-minute session timeout

# Event kinds in the order they happen within a session, and their event names.
(
    _LANDING,
    _BROWSE,
    _SEARCH,
    _SUBSCRIBE,
    _PRODUCT,
    _WISHLIST,
    _CART,
    _REMOVE,
    _CHECKOUT,
    _PURCHASE,
) = range(10)
_KIND_EVENT = (
    "page_view",
    "page_view",
    "search",
    "subscribe",
    "product_view",
    "add_to_wishlist",
    "add_to_cart",
    "remove_from_cart",
    "begin_checkout",
    "purchase",
)
_BROWSE_PAGES = ("category", "content", "home", "account")


@dataclass
class Sessions:
    person: np.ndarray
    device: np.ndarray  # device index, or -1 on a store tablet
    tablet_store: np.ndarray  # store index of the tablet, or -1
    start: np.ndarray
    group: np.ndarray  # channel group index
    source: np.ndarray  # traffic source index
    campaign: np.ndarray
    kol: np.ndarray
    depth: np.ndarray  # 0 visit .. 4 purchase
    order: np.ndarray  # order index of purchase sessions, else -1


def stop_depth_shares(funnel: tuple[float, ...]) -> np.ndarray:
    """Sessions stopping at each depth (visit, product_view, cart, checkout, purchase)."""
    reach = np.concatenate([[1.0], np.cumprod(funnel)])
    return reach - np.concatenate([reach[1:], [0.0]])


def _funnel_matrix(ctx: Context) -> np.ndarray:
    return np.array([stop_depth_shares(ctx.params.funnel[g]) for g in CHANNEL_GROUPS])


def _abandon_depths(shares: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Depth of sessions that did not purchase, drawn from each row's stop shares."""
    no_purchase = shares[:, :PURCHASE_DEPTH]
    cumulative = np.cumsum(no_purchase, axis=1)
    draw = rng.random(len(shares)) * cumulative[:, -1]
    return (cumulative < draw[:, None]).sum(axis=1)


def plan_sessions(
    ctx: Context,
    people: People,
    devices: Devices,
    orders: Orders,
    active_until: np.ndarray,
    requests: VisitRequests,
    rng: np.random.Generator,
) -> Sessions:
    p = ctx.params
    shares = _funnel_matrix(ctx)
    returning = np.array([p.returning_channel_mix[g] for g in CHANNEL_GROUPS])
    returning = returning / returning.sum()
    parts: list[dict[str, np.ndarray]] = []

    # 1. Purchase sessions: the first order comes through the acquisition channel.
    web_orders = np.flatnonzero(orders.device >= 0)
    person = orders.person[web_orders]
    first_of_person = np.r_[True, person[1:] != person[:-1]]
    acquisition = people.acquisition[person]
    by_acquisition = first_of_person & WEB_ACQUISITION[acquisition]
    group = np.where(
        by_acquisition,
        np.minimum(acquisition, len(CHANNEL_GROUPS) - 1),
        rng.choice(len(CHANNEL_GROUPS), len(person), p=returning),
    )
    parts.append(
        dict(
            person=person,
            device=orders.device[web_orders],
            group=group,
            start=orders.ordered_at[web_orders],
            depth=np.full(len(person), PURCHASE_DEPTH),
            order=web_orders,
        )
    )

    # 2. The acquisition visit of web-acquired people, through their device of first contact.
    acquired = np.flatnonzero(WEB_ACQUISITION[people.acquisition])
    shared_link = source_index(ctx, "referral", "wechat", "share")
    parts.append(
        dict(
            person=acquired,
            device=devices.first[acquired],
            group=people.acquisition[acquired],
            start=people.first_seen[acquired],
            campaign=people.acquisition_campaign[acquired],
            kol=people.kol[acquired],
            source=np.where(people.referrer[acquired] >= 0, shared_link, -1),
        )
    )

    # 3. Visits opened from social links and messages.
    requested = requests.arrays()
    group_of_source = np.array([s.channel_group for s in ctx.reference.traffic_sources])
    parts.append(
        dict(
            person=requested["person"],
            device=requested["device"],
            group=group_of_source[requested["source"]],
            start=requested["start"],
            source=requested["source"],
            campaign=requested["campaign"],
            kol=requested["kol"],
        )
    )

    planned = _concatenate(parts)
    missing_depth = planned["depth"] < 0
    planned["depth"][missing_depth] = _abandon_depths(shares[planned["group"][missing_depth]], rng)

    # 4. Abandoned sessions that complete each channel's funnel.
    purchases = np.bincount(
        planned["group"][planned["depth"] == PURCHASE_DEPTH], minlength=len(CHANNEL_GROUPS)
    )
    existing = np.zeros((len(CHANNEL_GROUPS), PURCHASE_DEPTH), dtype=np.int64)
    abandoned = planned["depth"] != PURCHASE_DEPTH
    np.add.at(existing, (planned["group"][abandoned], planned["depth"][abandoned]), 1)
    target = np.round(
        purchases[:, None] * shares[:, :PURCHASE_DEPTH] / shares[:, PURCHASE_DEPTH:]
    ).astype(np.int64)
    missing = np.maximum(target - existing, 0)
    activity = np.where(people.is_buyer, 3.0, 1.0) * (
        (active_until - people.first_seen) / SECONDS_PER_DAY + 30
    )
    fill = []
    for group in range(len(CHANNEL_GROUPS)):
        count = int(missing[group].sum())
        if count == 0:
            continue
        affinity = activity * np.where(people.acquisition == group, 4.0, 1.0)
        chosen = rng.choice(people.n, count, p=affinity / affinity.sum())
        span = active_until[chosen] - people.first_seen[chosen]
        fill.append(
            dict(
                person=chosen,
                group=np.full(count, group),
                start=np.minimum(
                    at_waking_hours(
                        people.first_seen[chosen]
                        + 60
                        + (rng.random(count) * span).astype(np.int64),
                        rng,
                    ),
                    ctx.end_s - 3600,
                ),
                depth=np.repeat(np.arange(PURCHASE_DEPTH), missing[group]),
            )
        )
    if fill:
        extra = _concatenate(fill)
        extra["device"] = pick_device(devices, extra["person"], rng)
        planned = _concatenate([planned, extra])

    # Store visitors browse on the store's tablet now and then (a shared anonymous id).
    tablet = (
        people.acquired_by("store_guide")[planned["person"]]
        & (planned["order"] < 0)
        & (planned["campaign"] < 0)
        & (rng.random(len(planned["person"])) < p.store_tablet_session_share)
    )
    planned["tablet_store"] = np.where(tablet, people.home_store[planned["person"]], -1)
    planned["device"] = np.where(tablet, -1, planned["device"])

    needs_source = planned["source"] < 0
    planned["source"][needs_source] = random_sources(ctx, planned["group"][needs_source], rng)
    needs_campaign = (planned["campaign"] < 0) & (planned["order"] < 0)
    planned["campaign"][needs_campaign] = latest_campaigns(
        ctx, planned["group"][needs_campaign], planned["start"][needs_campaign]
    )
    purchase_campaign = latest_campaigns(ctx, planned["group"], planned["start"])
    planned["campaign"] = np.where(planned["order"] >= 0, purchase_campaign, planned["campaign"])
    paid_social_or_kol = np.isin(
        planned["group"], [CHANNEL_GROUPS.index("social_paid"), CHANNEL_GROUPS.index("kol")]
    )
    planned["source"] = np.where(
        paid_social_or_kol,
        campaign_sources(ctx, planned["campaign"], planned["source"]),
        planned["source"],
    )
    is_kol = planned["group"] == CHANNEL_GROUPS.index("kol")
    campaign_kol = ctx.campaigns.kol[np.maximum(planned["campaign"], 0)]
    planned["kol"] = np.where(is_kol & (planned["campaign"] >= 0), campaign_kol, -1)

    order = np.argsort(planned["start"], kind="stable")
    return Sessions(
        **{
            name: planned[name][order]
            for name in (
                "person",
                "device",
                "tablet_store",
                "start",
                "group",
                "source",
                "campaign",
                "kol",
                "depth",
                "order",
            )
        }
    )


def _concatenate(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    names = (
        "person",
        "device",
        "group",
        "start",
        "depth",
        "order",
        "source",
        "campaign",
        "kol",
        "tablet_store",
    )
    result = {}
    for name in names:
        arrays = []
        for part in parts:
            n = len(part["person"])
            arrays.append(
                np.asarray(part[name], dtype=np.int64)
                if name in part
                else np.full(n, -1, dtype=np.int64)
            )
        result[name] = np.concatenate(arrays)
    return result


def web_events_table(
    ctx: Context,
    people: People,
    devices: Devices,
    orders: Orders,
    accounts: SocialAccounts,
    sessions: Sessions,
    customer_id: pa.Array,
    tablet_ids: pa.Array,
    chunk: int,
    rng: np.random.Generator,
    style: str,
) -> pa.Table:
    p = ctx.params
    scale = p.web_activity_scale
    n_sessions = len(sessions.person)
    depth = sessions.depth
    counts = np.zeros((len(_KIND_EVENT), n_sessions), dtype=np.int64)
    counts[_LANDING] = 1
    counts[_BROWSE] = rng.poisson(p.page_views_per_session_mean * scale, n_sessions)
    counts[_SEARCH] = rng.poisson(p.search_per_session_mean * scale, n_sessions)
    counts[_SUBSCRIBE] = rng.random(n_sessions) < 0.01
    counts[_PRODUCT] = (depth >= 1) * (
        1 + rng.poisson(p.product_views_per_step_mean * scale, n_sessions)
    )
    counts[_WISHLIST] = (depth >= 1) & (rng.random(n_sessions) < 0.08)
    counts[_CART] = (depth >= 2) * (1 + rng.poisson(0.3, n_sessions))
    counts[_REMOVE] = (depth >= 2) & (rng.random(n_sessions) < 0.15)
    counts[_CHECKOUT] = depth >= 3
    counts[_PURCHASE] = depth == PURCHASE_DEPTH

    # Events of a session in the order of their kinds (kinds are listed in funnel order).
    per_session = counts.T.ravel()
    kind = np.repeat(np.tile(np.arange(len(_KIND_EVENT)), n_sessions), per_session)
    session = np.repeat(np.arange(n_sessions), counts.sum(axis=0))
    n = len(kind)
    first_event = np.r_[True, session[1:] != session[:-1]]

    # Times: gaps within the session; purchase sessions are shifted so the purchase event is
    # the order's time.
    gaps = np.minimum(rng.exponential(p.event_gap_seconds_mean, n), MAX_EVENT_GAP_SECONDS)
    gaps = np.where(first_event, 0, gaps.astype(np.int64) + 1)
    elapsed = np.cumsum(gaps)
    session_first = np.flatnonzero(first_event)
    elapsed -= np.repeat(elapsed[session_first], np.diff(np.r_[session_first, n]))
    is_purchase = kind == _PURCHASE
    shift = np.zeros(n_sessions, dtype=np.int64)
    shift[session[is_purchase]] = elapsed[is_purchase]
    at = sessions.start[session] + elapsed - shift[session]
    millis = rng.integers(0, 1_000, n)

    person = sessions.person[session]
    device = sessions.device[session]
    on_tablet = device < 0
    safe_device = np.maximum(device, 0)
    platform = np.where(on_tablet, PLATFORMS.index("web"), devices.platform[safe_device])
    device_type = np.where(
        on_tablet, DEVICE_TYPES.index("tablet"), devices.device_type[safe_device]
    )
    anonymous_id = pc.if_else(
        pa.array(on_tablet),
        tablet_ids.take(pa.array(np.maximum(sessions.tablet_store[session], 0))),
        devices.anonymous_id.take(pa.array(safe_device)),
    )

    # Logged in: after registering, usually in the app; purchase sessions log in at checkout
    # at the latest.
    registered = people.is_registered[sessions.person] & (
        sessions.start >= people.registered_at[sessions.person]
    )
    session_platform = np.where(
        sessions.device < 0,
        PLATFORMS.index("web"),
        devices.platform[np.maximum(sessions.device, 0)],
    )
    login_share = np.where(
        session_platform == PLATFORMS.index("web"), p.logged_in_share_web, p.logged_in_share_app
    )
    logged_in = registered & (rng.random(n_sessions) < login_share)
    logged_in_event = logged_in[session] | ((sessions.order[session] >= 0) & (kind >= _CHECKOUT))
    customer = customer_id.take(pa.array(person, mask=~logged_in_event))

    # Opened inside WeChat: the mini program, or a mobile page from a WeChat link.
    sources = ctx.reference.traffic_sources
    from_wechat = np.array(
        [s.utm_source == "wechat" or s.referrer_domain == "weixin.qq.com" for s in sources]
    )[sessions.source]
    session_device_type = np.where(
        sessions.device < 0,
        DEVICE_TYPES.index("tablet"),
        devices.device_type[np.maximum(sessions.device, 0)],
    )
    mini_program = session_platform == PLATFORMS.index("mini_program")
    in_wechat_browser = from_wechat & (session_device_type == DEVICE_TYPES.index("mobile"))
    openid_row = np.where(
        mini_program & (accounts.mini_program_account[sessions.person] >= 0),
        accounts.mini_program_account[sessions.person],
        accounts.account_of[sessions.person, 0],
    )
    with_social = (mini_program | in_wechat_browser) & (openid_row >= 0)
    social_row = openid_row[session]
    social_id = accounts.social_id.take(
        pa.array(np.maximum(social_row, 0), mask=~with_social[session])
    )

    event_names = np.array([EVENT_NAMES.index(name) for name in _KIND_EVENT])[kind]
    page_type, path_suffix = _pages(ctx, kind, session, sessions, orders, people, rng)
    path_prefix = {
        "home": "/",
        "category": "/c/",
        "product": "/p/",
        "search": "/search?q=",
        "cart": "/cart",
        "checkout": "/checkout",
        "order_confirmation": "/order/done",
        "account": "/account",
        "content": "/journal/",
        "campaign_landing": "/campaign/",
    }
    page_url = text.join(
        SHOP_URL, text.pick([path_prefix[t] for t in PAGE_TYPES], page_type), path_suffix["url"]
    )

    landing = first_event
    source_of_event = sessions.source[session]
    referrer_hosts = [s.referrer_domain for s in sources]
    has_referrer = landing & np.array([h is not None for h in referrer_hosts])[source_of_event]
    referrer_url = text.join(
        "https://", text.pick([h or "" for h in referrer_hosts], source_of_event, has_referrer), "/"
    )
    utm_sources = [s.utm_source for s in sources]
    tagged = landing & np.array([u is not None for u in utm_sources])[source_of_event]
    campaign = sessions.campaign[session]
    kol = sessions.kol[session]
    campaign_ids = pa.array(ctx.campaigns.campaign_id, pa.string())
    return pa.table(
        {
            "event_id": text.opaque_ids("e", NS_WEB_EVENT, chunk, np.arange(n)),
            "anonymous_id": anonymous_id,
            "customer_id": customer,
            "social_id": social_id,
            "event_at": text.format_timestamps(at, style, millis=millis),
            "event_name": text.pick(EVENT_NAMES, event_names),
            "page_type": text.pick(PAGE_TYPES, page_type),
            "page_url": page_url,
            "sku": path_suffix["sku"],
            "order_id": orders.order_id.take(
                pa.array(np.maximum(sessions.order[session], 0), mask=~is_purchase)
            ),
            "referrer_url": referrer_url,
            "utm_source": text.pick([u or "" for u in utm_sources], source_of_event, tagged),
            "utm_medium": text.pick([s.utm_medium or "" for s in sources], source_of_event, tagged),
            "utm_campaign": campaign_ids.take(
                pa.array(np.maximum(campaign, 0), mask=~(tagged & (campaign >= 0)))
            ),
            "utm_content": text.pick(
                ctx.reference.kol_ids, np.maximum(kol, 0), tagged & (kol >= 0)
            ),
            "device_type": text.pick(DEVICE_TYPES, device_type),
            "platform": text.pick(PLATFORMS, platform),
        }
    )


def _pages(
    ctx: Context,
    kind: np.ndarray,
    session: np.ndarray,
    sessions: Sessions,
    orders: Orders,
    people: People,
    rng: np.random.Generator,
) -> tuple[np.ndarray, dict[str, pa.Array]]:
    """Page type of each event, its sku (product events) and the URL path suffix."""
    n = len(kind)
    page_type = np.full(n, PAGE_TYPES.index("home"))
    browse_types = np.array([PAGE_TYPES.index(t) for t in _BROWSE_PAGES])
    is_browse = kind == _BROWSE
    page_type[is_browse] = browse_types[rng.integers(0, len(browse_types), is_browse.sum())]
    is_landing = kind == _LANDING
    landing_on_campaign = is_landing & (sessions.campaign[session] >= 0)
    page_type[landing_on_campaign] = PAGE_TYPES.index("campaign_landing")
    page_type[is_landing & ~landing_on_campaign & (rng.random(n) < 0.4)] = PAGE_TYPES.index(
        "category"
    )
    for kinds, name in (
        ((_SEARCH,), "search"),
        ((_PRODUCT, _WISHLIST, _CART), "product"),
        ((_REMOVE,), "cart"),
        ((_CHECKOUT,), "checkout"),
        ((_PURCHASE,), "order_confirmation"),
        ((_SUBSCRIBE,), "account"),
    ):
        page_type[np.isin(kind, kinds)] = PAGE_TYPES.index(name)

    # Products: a loyal buyer mostly looks at their brand; a purchase session at what it bought.
    products = ctx.products
    product_count = len(products.sku)
    has_sku = np.isin(kind, (_PRODUCT, _WISHLIST, _CART, _REMOVE))
    product = rng.integers(0, product_count, n)
    loyal = people.loyal_brand[sessions.person[session]]
    from_brand = (loyal >= 0) & (rng.random(n) < 0.8)
    brand_pick = products.order_by_brand_price[
        products.brand_offsets[np.maximum(loyal, 0)] + rng.integers(0, 60, n)
    ]
    product = np.where(from_brand, brand_pick, product)
    order_index = sessions.order[session]
    in_order = (order_index >= 0) & np.isin(kind, (_CART, _CHECKOUT))
    if in_order.any():
        first_line = np.searchsorted(orders.line_order, order_index[in_order])
        product[in_order] = orders.line_sku[first_line]
    sku_text = pa.array(products.sku, pa.string())
    sku = sku_text.take(pa.array(product, mask=~has_sku))

    # URL suffix: one vocabulary (skus, categories, campaigns, search terms, journal posts).
    campaign_count = len(ctx.campaigns.campaign_id)
    vocabulary = pa.concat_arrays(
        [
            sku_text,
            pa.array(CATEGORIES, pa.string()),
            pa.array(ctx.campaigns.campaign_id, pa.string()),
            pa.array(
                ["serum", "lipstick", "gift+set", "sunscreen", "perfume", "mask"], pa.string()
            ),
            pa.array([str(i) for i in range(1, 41)], pa.string()),
            pa.array([""], pa.string()),
        ]
    )
    category_base = product_count
    campaign_base = category_base + len(CATEGORIES)
    search_base = campaign_base + campaign_count
    journal_base = search_base + 6
    empty = journal_base + 40
    suffix = np.full(n, empty)
    suffix = np.where(has_sku, product, suffix)
    is_category = page_type == PAGE_TYPES.index("category")
    suffix = np.where(is_category, category_base + products.category[product], suffix)
    suffix = np.where(
        page_type == PAGE_TYPES.index("campaign_landing"),
        campaign_base + np.maximum(sessions.campaign[session], 0),
        suffix,
    )
    suffix = np.where(
        page_type == PAGE_TYPES.index("search"), search_base + rng.integers(0, 6, n), suffix
    )
    suffix = np.where(
        page_type == PAGE_TYPES.index("content"), journal_base + rng.integers(0, 40, n), suffix
    )
    suffix = np.where(kind == _REMOVE, empty, suffix)
    return page_type, {"sku": sku, "url": vocabulary.take(pa.array(suffix))}


def bot_events(
    ctx: Context, people_count: int, chunk: int, rng: np.random.Generator, style: str
) -> tuple[pa.Table, pa.Array]:
    """Crawlers firing thousands of events a minute from one anonymous id (a defect kind)."""
    p = ctx.params
    bots = rng.binomial(people_count, p.bot_share_of_people * p.defect_rate / 0.01)
    # Every defect kind appears in every chunk with defects, so small datasets test them all.
    bots = max(bots, 1) if p.defect_rate > 0 else bots
    per_bot = rng.integers(p.bot_events_min, p.bot_events_max + 1, bots)
    bot = np.repeat(np.arange(bots), per_bot)
    n = len(bot)
    start = rng.integers(ctx.start_s, ctx.end_s - 3600, bots)
    at = start[bot] + rng.integers(0, 60, n)
    order = np.lexsort((at, bot))
    bot, at = bot[order], at[order]
    bot_ids = text.opaque_ids("a", NS_BOT, chunk, np.arange(bots))
    product = rng.integers(0, len(ctx.products.sku), n)
    is_product = rng.random(n) < 0.7
    sku = pa.array(ctx.products.sku, pa.string()).take(pa.array(product, mask=~is_product))
    kind = np.where(is_product, EVENT_NAMES.index("product_view"), EVENT_NAMES.index("page_view"))
    page = np.where(is_product, PAGE_TYPES.index("product"), PAGE_TYPES.index("category"))
    nulls = text.null_strings(n)
    table = pa.table(
        {
            "event_id": text.opaque_ids("e", NS_WEB_EVENT, chunk, (1 << 31) + np.arange(n)),
            "anonymous_id": bot_ids.take(pa.array(bot)),
            "customer_id": nulls,
            "social_id": nulls,
            "event_at": text.format_timestamps(at, style, millis=rng.integers(0, 1_000, n)),
            "event_name": text.pick(EVENT_NAMES, kind),
            "page_type": text.pick(PAGE_TYPES, page),
            "page_url": text.join(
                SHOP_URL, pc.if_else(pa.array(is_product), text.join("/p/", sku), "/c/skincare")
            ),
            "sku": sku,
            "order_id": nulls,
            "referrer_url": nulls,
            "utm_source": nulls,
            "utm_medium": nulls,
            "utm_campaign": nulls,
            "utm_content": nulls,
            "device_type": text.pick(DEVICE_TYPES, np.full(n, DEVICE_TYPES.index("desktop"))),
            "platform": text.pick(PLATFORMS, np.full(n, PLATFORMS.index("web"))),
        }
    )
    return table, bot_ids
