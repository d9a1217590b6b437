"""SCRM: social accounts (WeChat openids bound by union_id, Weibo, Douyin, Xiaohongshu) and
interactions: likes, shares that bring referred people, follows, guide friendships, KOL links."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crm_warehouse.contract import ENUMS
from crm_warehouse.generate import text
from crm_warehouse.generate.clock import at_waking_hours
from crm_warehouse.generate.context import (
    NS_DOUYIN,
    NS_INTERACTION,
    NS_KOL_ACCOUNT,
    NS_UNION,
    NS_WECHAT_OPENID,
    NS_WEIBO,
    NS_XIAOHONGSHU,
    Context,
)
from crm_warehouse.generate.devices import Devices, pick_device
from crm_warehouse.generate.params import SOCIAL_PLATFORMS
from crm_warehouse.generate.people import People
from crm_warehouse.generate.sessions import VisitRequests
from crm_warehouse.generate.shop import phone_numbers
from crm_warehouse.generate.text import SECONDS_PER_DAY
from crm_warehouse.generate.traffic import source_index

INTERACTION_TYPES: tuple[str, ...] = ENUMS[("social_interactions", "interaction_type")]
TARGET_TYPES: tuple[str, ...] = ENUMS[("social_interactions", "target_type")]
_PLATFORM_ID = {
    "weibo": ("wb", NS_WEIBO),
    "douyin": ("dy", NS_DOUYIN),
    "xiaohongshu": ("xhs", NS_XIAOHONGSHU),
}
NICKNAMES = (
    "小鱼",
    "Cici",
    "Momo",
    "阿紫",
    "Lily",
    "豆豆",
    "Kiki",
    "小白",
    "Vivi",
    "糖糖",
    "Echo",
    "Luna",
    "木木",
    "Yoyo",
    "七七",
    "Ann",
)
BRAND_ACCOUNT = "brand_official"
# Everyday engagement of interactors (the first one is always a like, so every interactor
# shows up as one in the data).
_ENGAGEMENT_TYPES = ("like", "comment", "share", "message", "click_link")
_ENGAGEMENT_WEIGHTS = (0.42, 0.14, 0.08, 0.06, 0.30)


@dataclass
class SocialAccounts:
    person: np.ndarray  # local person index (KOL accounts are global, not here)
    platform: np.ndarray  # index into SOCIAL_PLATFORMS
    social_id: pa.Array
    union_id: pa.Array
    first_seen_at: np.ndarray
    # Per person: account row of each platform (-1 none); WeChat's second openid (mini program).
    account_of: np.ndarray  # (n, 4)
    mini_program_account: np.ndarray  # per person, -1 none


def generate_accounts(
    ctx: Context, people: People, chunk: int, rng: np.random.Generator
) -> SocialAccounts:
    n = people.n
    persons, platforms, ids, unions, seen = [], [], [], [], []
    account_of = np.full((n, len(SOCIAL_PLATFORMS)), -1)
    mini_program = np.full(n, -1)
    position = 0
    for openid_number in (1, 2):
        owners = np.flatnonzero(people.wechat_openids >= openid_number)
        persons.append(owners)
        platforms.append(np.zeros(len(owners), np.int64))
        ids.append(text.opaque_ids("o", NS_WECHAT_OPENID, chunk, 2 * owners + openid_number - 1))
        union = text.opaque_ids("u", NS_UNION, chunk, owners)
        unions.append(union)
        seen.append(_account_created(people, owners, rng))
        rows = position + np.arange(len(owners))
        if openid_number == 1:
            account_of[owners, 0] = rows
        else:
            mini_program[owners] = rows
        position += len(owners)
    for platform_index, platform in enumerate(SOCIAL_PLATFORMS[1:], start=1):
        owners = np.flatnonzero(people.has_platform[:, platform_index])
        prefix, namespace = _PLATFORM_ID[platform]
        persons.append(owners)
        platforms.append(np.full(len(owners), platform_index))
        ids.append(text.opaque_ids(prefix, namespace, chunk, owners))
        unions.append(text.null_strings(len(owners)))
        seen.append(_account_created(people, owners, rng))
        account_of[owners, platform_index] = position + np.arange(len(owners))
        position += len(owners)
    first_seen = np.clip(np.concatenate(seen), ctx.shop_opened_s, ctx.end_s)
    return SocialAccounts(
        person=np.concatenate(persons),
        platform=np.concatenate(platforms),
        social_id=pa.concat_arrays(ids),
        union_id=pa.concat_arrays(unions),
        first_seen_at=first_seen,
        account_of=account_of,
        mini_program_account=mini_program,
    )


def _account_created(people: People, owners: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Accounts exist before the person first shows up (at most a year before)."""
    return people.first_seen[owners] - rng.integers(0, 365 * SECONDS_PER_DAY, len(owners))


def national_phone_text(country: np.ndarray, national: np.ndarray) -> pa.Array:
    """How the SCRM stores a bound phone: national digits (11 mainland, 8 Hong Kong)."""
    mainland = text.digits_string("", national, 11)
    hong_kong = text.digits_string("", national, 8)
    return pc.if_else(pa.array(country == 852), hong_kong, mainland)


def accounts_table(
    ctx: Context, people: People, accounts: SocialAccounts, rng: np.random.Generator, style: str
) -> pa.Table:
    n = len(accounts.person)
    person = accounts.person
    country, national = phone_numbers(people.offset + person, people.is_hong_kong[person], 1)
    bound = (accounts.platform == 0) & (rng.random(n) < ctx.params.wechat_phone_bound_share)
    phone = pc.if_else(
        pa.array(bound), national_phone_text(country, national), text.null_strings(n)
    )
    followers = np.where(
        people.is_influencer[person], rng.lognormal(9.0, 1.0, n), rng.poisson(60, n)
    ).astype(np.int64)
    nickname = text.join(
        text.pick(NICKNAMES, rng.integers(0, len(NICKNAMES), n)),
        text.digits_string("", rng.integers(0, 1000, n), 3),
    )
    return pa.table(
        {
            "platform": text.pick(SOCIAL_PLATFORMS, accounts.platform),
            "social_id": accounts.social_id,
            "union_id": accounts.union_id,
            "phone": phone,
            "nickname": nickname,
            "follower_count": followers,
            "is_kol": np.zeros(n, dtype=bool),
            "kol_id": text.null_strings(n),
            "first_seen_at": text.format_timestamps(accounts.first_seen_at, style),
        }
    )


def kol_accounts(ctx: Context) -> tuple[pa.Array, np.ndarray]:
    """Social ids of the KOLs (global) and their platform index."""
    ref = ctx.reference
    ids = text.opaque_ids("k", NS_KOL_ACCOUNT, 0, np.arange(len(ref.kol_ids)))
    return ids, np.array([SOCIAL_PLATFORMS.index(p) for p in ref.kol_platforms])


def kol_accounts_table(ctx: Context, style: str) -> pa.Table:
    ref = ctx.reference
    ids, platform = kol_accounts(ctx)
    count = len(ref.kol_ids)
    return pa.table(
        {
            "platform": text.pick(SOCIAL_PLATFORMS, platform),
            "social_id": ids,
            "union_id": text.null_strings(count),
            "phone": text.null_strings(count),
            "nickname": pa.array(ref.kol_names, pa.string()),
            "follower_count": ref.kol_followers.astype(np.int64),
            "is_kol": np.ones(count, dtype=bool),
            "kol_id": pa.array(ref.kol_ids, pa.string()),
            "first_seen_at": text.format_timestamps(
                np.full(count, ctx.shop_opened_s + 86_400 * 30), style
            ),
        }
    )


@dataclass
class _Interactions:
    """Column lists gathered from the behaviours, concatenated at the end."""

    account: list[np.ndarray]
    kind: list[np.ndarray]
    target_type: list[np.ndarray]
    target: list[pa.Array]
    referrer_account: list[np.ndarray]  # account row of the referrer or -1
    kol: list[np.ndarray]
    guide: list[np.ndarray]
    device: list[np.ndarray]  # device whose anonymous_id the click opened, or -1
    at: list[np.ndarray]

    def add(
        self,
        account: np.ndarray,
        kind: str | np.ndarray,
        target_type: str,
        target: pa.Array,
        at: np.ndarray,
        referrer_account: np.ndarray | int = -1,
        kol: np.ndarray | int = -1,
        guide: np.ndarray | int = -1,
        device: np.ndarray | int = -1,
    ) -> None:
        n = len(account)

        def full(value: np.ndarray | int) -> np.ndarray:
            return np.broadcast_to(np.asarray(value, dtype=np.int64), (n,))

        kinds = np.full(n, INTERACTION_TYPES.index(kind)) if isinstance(kind, str) else kind
        self.account.append(np.asarray(account, dtype=np.int64))
        self.kind.append(kinds)
        self.target_type.append(np.full(n, TARGET_TYPES.index(target_type)))
        self.target.append(target)
        self.referrer_account.append(full(referrer_account))
        self.kol.append(full(kol))
        self.guide.append(full(guide))
        self.device.append(full(device))
        self.at.append(np.asarray(at, dtype=np.int64))


def last_active(
    ctx: Context, people: People, churned_at: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Until when a person still visits and interacts: churned buyers fade out within two
    months, people who never buy within about half a year."""
    n = people.n
    fade = rng.exponential(60 * SECONDS_PER_DAY, n).astype(np.int64)
    casual = people.first_seen + rng.exponential(180 * SECONDS_PER_DAY, n).astype(np.int64)
    until = np.where(
        churned_at >= 0, churned_at + fade, np.where(people.is_buyer, ctx.end_s, casual)
    )
    return np.clip(until, people.first_seen + 3600, ctx.end_s)


def generate_interactions(
    ctx: Context,
    people: People,
    devices: Devices,
    accounts: SocialAccounts,
    active_until: np.ndarray,
    chunk: int,
    visits: VisitRequests,
    rng: np.random.Generator,
    style: str,
) -> pa.Table:
    p = ctx.params
    ref = ctx.reference
    gathered = _Interactions([], [], [], [], [], [], [], [], [])
    wechat = accounts.account_of[:, 0]
    acquisition_device = devices.first

    # Referred people click the share link of their referrer on WeChat: their first visit.
    referred = np.flatnonzero(people.referrer >= 0)
    clicked_at = people.first_seen[referred]
    referrer = people.referrer[referred]
    shared_at = np.maximum(
        clicked_at - rng.exponential(SECONDS_PER_DAY, len(referred)).astype(np.int64),
        people.first_seen[referrer] + 60,
    )
    shared_at = np.minimum(shared_at, clicked_at - 30)
    share_target = text.digits_string("post_", rng.integers(0, 5_000, len(referred)), 5)
    gathered.add(wechat[referrer], "share", "post", share_target, shared_at)
    gathered.add(
        wechat[referred],
        "click_link",
        "link",
        share_target,
        clicked_at,
        referrer_account=wechat[referrer],
        device=acquisition_device[referred],
    )

    # KOL-acquired interactors click the KOL's link on the KOL's platform.
    kol_people = np.flatnonzero((people.kol >= 0) & people.is_interactor)
    kol_platform = np.array(
        [SOCIAL_PLATFORMS.index(ref.kol_platforms[k]) for k in people.kol[kol_people]],
        dtype=np.int64,
    )
    campaign_text = pa.array(
        [ctx.campaigns.campaign_id[c] for c in people.acquisition_campaign[kol_people]], pa.string()
    )
    gathered.add(
        accounts.account_of[kol_people, kol_platform],
        "click_link",
        "link",
        campaign_text,
        people.first_seen[kol_people],
        kol=people.kol[kol_people],
        device=acquisition_device[kol_people],
    )

    # Everyday engagement of interactors on one of their platforms.
    interactors = np.flatnonzero(people.is_interactor)
    count = 1 + rng.poisson(p.interactions_per_interactor_mean - 1, len(interactors))
    count += np.where(
        people.is_influencer[interactors],
        rng.poisson(p.influencer_shares_mean, len(interactors)),
        0,
    )
    owner = np.repeat(interactors, count)
    rank = np.arange(len(owner)) - np.repeat(np.cumsum(count) - count, count)
    platform_choice = _random_platform(accounts.account_of[owner], rng)
    account = accounts.account_of[owner, platform_choice]
    weights = np.array(_ENGAGEMENT_WEIGHTS)
    kind_name = rng.choice(len(_ENGAGEMENT_TYPES), len(owner), p=weights / weights.sum())
    kind_name = np.where(rank == 0, 0, kind_name)
    kind_name = np.where(
        people.is_influencer[owner] & (rank > 0) & (rng.random(len(owner)) < 0.7),
        _ENGAGEMENT_TYPES.index("share"),
        kind_name,
    )
    kind = np.array([INTERACTION_TYPES.index(k) for k in _ENGAGEMENT_TYPES])[kind_name]
    span = active_until[owner] - people.first_seen[owner]
    at = np.minimum(
        at_waking_hours(
            people.first_seen[owner] + (rng.random(len(owner)) * span).astype(np.int64), rng
        ),
        ctx.end_s - 3600,
    )
    is_click = kind == INTERACTION_TYPES.index("click_link")
    device = np.where(is_click, pick_device(devices, owner, rng), -1)
    target = text.digits_string("post_", rng.integers(0, 5_000, len(owner)), 5)
    gathered.add(account, kind, "post", target, at, device=device)
    clicks = np.flatnonzero(is_click)
    social_source = np.array(
        [source_index(ctx, "social_organic", name, "social") for name in SOCIAL_PLATFORMS]
    )
    visits.add(owner[clicks], device[clicks], at[clicks], social_source[platform_choice[clicks]])

    # Followers follow the brand's WeChat account; a few unfollow later.
    followers = np.flatnonzero(people.is_follower)
    followed_at = np.minimum(
        people.first_seen[followers]
        + rng.exponential(10 * SECONDS_PER_DAY, len(followers)).astype(np.int64),
        ctx.end_s,
    )
    brand = pa.array(np.full(len(followers), BRAND_ACCOUNT))
    gathered.add(wechat[followers], "follow", "account", brand, followed_at)
    leaves = rng.random(len(followers)) < 0.1
    left_at = followed_at + rng.exponential(90 * SECONDS_PER_DAY, len(followers)).astype(np.int64)
    leaves &= left_at <= ctx.end_s
    gathered.add(
        wechat[followers[leaves]],
        "unfollow",
        "account",
        brand.filter(pa.array(leaves)),
        left_at[leaves],
    )

    # Store visitors scan their shopping guide's QR code; the guide adds them as a contact.
    befriended = np.flatnonzero(people.guide >= 0)
    guide = people.guide[befriended]
    guide_text = text.pick(ref.guide_ids, guide)
    scanned_at = people.first_seen[befriended]
    gathered.add(wechat[befriended], "scan_qr", "qr_code", guide_text, scanned_at, guide=guide)
    gathered.add(
        wechat[befriended],
        "add_friend",
        "guide",
        guide_text,
        scanned_at + rng.integers(60, 1_800, len(befriended)),
        guide=guide,
    )

    return _interactions_table(ctx, gathered, accounts, devices, chunk, style)


def _random_platform(account_of: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A platform on which each row's person has an account (WeChat twice as likely)."""
    weights = (account_of >= 0) * np.array([2.0, 1.0, 1.0, 1.0])
    cumulative = np.cumsum(weights, axis=1)
    draw = rng.random(len(account_of)) * cumulative[:, -1]
    return (cumulative < draw[:, None]).sum(axis=1)


def _interactions_table(
    ctx: Context,
    gathered: _Interactions,
    accounts: SocialAccounts,
    devices: Devices,
    chunk: int,
    style: str,
) -> pa.Table:
    account = np.concatenate(gathered.account)
    at = np.clip(np.concatenate(gathered.at), ctx.start_s, ctx.end_s)
    order = np.argsort(at, kind="stable")
    account, at = account[order], at[order]
    referrer = np.concatenate(gathered.referrer_account)[order]
    kol = np.concatenate(gathered.kol)[order]
    guide = np.concatenate(gathered.guide)[order]
    device = np.concatenate(gathered.device)[order]
    n = len(account)
    ref = ctx.reference
    return pa.table(
        {
            "interaction_id": text.opaque_ids("SI", NS_INTERACTION, chunk, np.arange(n)),
            "platform": text.pick(SOCIAL_PLATFORMS, accounts.platform[account]),
            "social_id": accounts.social_id.take(pa.array(account)),
            "interaction_type": text.pick(INTERACTION_TYPES, np.concatenate(gathered.kind)[order]),
            "target_type": text.pick(TARGET_TYPES, np.concatenate(gathered.target_type)[order]),
            "target_id": pa.concat_arrays(gathered.target).take(pa.array(order)),
            "referrer_social_id": accounts.social_id.take(
                pa.array(np.maximum(referrer, 0), mask=referrer < 0)
            ),
            "kol_id": text.pick(ref.kol_ids, np.maximum(kol, 0), kol >= 0),
            "guide_id": text.pick(ref.guide_ids, np.maximum(guide, 0), guide >= 0),
            "anonymous_id": devices.anonymous_id.take(
                pa.array(np.maximum(device, 0), mask=device < 0)
            ),
            "occurred_at": text.format_timestamps(at, style),
        }
    )
