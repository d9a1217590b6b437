"""True people: who they are, how they were acquired and how they behave (the ground truth)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crm_warehouse.generate.catalog import BRANDS
from crm_warehouse.generate.clock import at_waking_hours
from crm_warehouse.generate.context import Context
from crm_warehouse.generate.marketing_plan import MARKETING_CHANNELS
from crm_warehouse.generate.params import ACQUISITION_CHANNELS, SOCIAL_PLATFORMS
from crm_warehouse.generate.text import SECONDS_PER_DAY

MAINLAND_CITIES = (
    "Shanghai",
    "Beijing",
    "Guangzhou",
    "Shenzhen",
    "Hangzhou",
    "Chengdu",
    "Wuhan",
    "Nanjing",
    "Suzhou",
    "Tianjin",
    "Xi'an",
    "Chongqing",
    "Changsha",
    "Xiamen",
)
CITIES = (*MAINLAND_CITIES, "Hong Kong")
GENDERS = ("female", "male", "unknown")
SURNAMES_HANZI = (
    "王",
    "李",
    "张",
    "刘",
    "陈",
    "杨",
    "黄",
    "赵",
    "吴",
    "周",
    "徐",
    "孙",
    "马",
    "朱",
    "胡",
    "郭",
    "何",
    "林",
    "罗",
    "高",
)
SURNAMES_LATIN = (
    "wang",
    "li",
    "zhang",
    "liu",
    "chen",
    "yang",
    "huang",
    "zhao",
    "wu",
    "zhou",
    "xu",
    "sun",
    "ma",
    "zhu",
    "hu",
    "guo",
    "he",
    "lin",
    "luo",
    "gao",
)
GIVEN_HANZI = (
    "芳",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "桂英",
    "晓燕",
    "子涵",
    "欣怡",
    "梓萱",
    "浩然",
    "宇轩",
    "思远",
)
GIVEN_LATIN = (
    "fang",
    "min",
    "jing",
    "li",
    "qiang",
    "lei",
    "yang",
    "yan",
    "yong",
    "jun",
    "jie",
    "juan",
    "tao",
    "ming",
    "chao",
    "xiuying",
    "guiying",
    "xiaoyan",
    "zihan",
    "xinyi",
    "zixuan",
    "haoran",
    "yuxuan",
    "siyuan",
)

# Campaign channels whose campaigns acquire people of a channel group (utm_campaign).
ACQUISITION_CAMPAIGN_CHANNELS = {
    "paid_search": ("sem",),
    "social_paid": ("wechat", "weibo", "douyin"),
    "display": ("display",),
    "kol": ("kol",),
}
WEB_ACQUISITION = np.array([c not in ("store_guide", "marketplace") for c in ACQUISITION_CHANNELS])


@dataclass
class People:
    offset: int  # global index of the first person of the chunk
    acquisition: np.ndarray  # index into ACQUISITION_CHANNELS
    acquisition_campaign: np.ndarray  # campaign index or -1
    kol: np.ndarray  # kol index or -1
    first_seen: np.ndarray  # UTC epoch seconds
    is_interactor: np.ndarray
    is_influencer: np.ndarray
    referrer: np.ndarray  # local index of the referring person or -1
    referral_depth: np.ndarray
    is_buyer: np.ndarray  # would buy if the window were long enough
    is_registered: np.ndarray
    registered_at: np.ndarray  # -1 when not registered
    is_hong_kong: np.ndarray
    city: np.ndarray  # index into CITIES
    home_store: np.ndarray  # store index or -1
    guide: np.ndarray  # guide index or -1 (the guide who added them)
    gender: np.ndarray
    birth_day: np.ndarray  # day number
    loyal_brand: np.ndarray  # brand index or -1
    is_discount_only: np.ndarray
    is_festival_only: np.ndarray
    purchase_rate: np.ndarray  # per day, while alive
    dropout_probability: np.ndarray
    spend_rate: np.ndarray  # Gamma-Gamma nu: mean order value = p / nu
    has_platform: np.ndarray  # (n, 4) bool per SOCIAL_PLATFORMS
    wechat_openids: np.ndarray  # 0, 1 or 2
    is_follower: np.ndarray
    is_member: np.ndarray
    uses_placeholder_phone: np.ndarray
    uses_generic_email: np.ndarray
    has_email: np.ndarray
    surname: np.ndarray  # index into SURNAMES_HANZI / SURNAMES_LATIN
    given_name: np.ndarray  # index into GIVEN_HANZI / GIVEN_LATIN

    @property
    def n(self) -> int:
        return len(self.acquisition)

    @property
    def global_index(self) -> np.ndarray:
        return self.offset + np.arange(self.n)

    def acquired_by(self, channel: str) -> np.ndarray:
        return self.acquisition == ACQUISITION_CHANNELS.index(channel)


def _categorical(
    rng: np.random.Generator, weights: dict[str, float], names: tuple[str, ...], size: int
) -> np.ndarray:
    probabilities = np.array([weights.get(name, 0.0) for name in names])
    return rng.choice(len(names), size=size, p=probabilities / probabilities.sum())


def _acquisition_campaigns(
    ctx: Context, people_acquisition: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """A campaign for people of campaign-driven channels, and a first visit during it."""
    campaigns = ctx.campaigns
    chosen = np.full(len(people_acquisition), -1)
    for channel, campaign_channels in ACQUISITION_CAMPAIGN_CHANNELS.items():
        members = np.flatnonzero(people_acquisition == ACQUISITION_CHANNELS.index(channel))
        codes = [MARKETING_CHANNELS.index(c) for c in campaign_channels]
        candidates = np.flatnonzero(np.isin(campaigns.channel, codes))
        chosen[members] = rng.choice(candidates, len(members))
    has = chosen >= 0
    first_seen = np.zeros(len(people_acquisition), dtype=np.int64)
    start = campaigns.started_at[chosen[has]]
    first_seen[has] = start + (
        rng.random(has.sum()) * (campaigns.ended_at[chosen[has]] - start)
    ).astype(np.int64)
    return chosen, first_seen


def _assign_referrers(
    ctx: Context,
    first_seen: np.ndarray,
    referred: np.ndarray,
    sharers: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Referral chains: a referred person is brought by an influencer or by an earlier referred
    person (who shares in turn), never by someone first seen later."""
    n = len(first_seen)
    referrer = np.full(n, -1)
    depth = np.zeros(n, dtype=np.int64)
    first_seen = first_seen.copy()
    referred_sorted = referred[np.argsort(first_seen[referred], kind="stable")]
    influencers = sharers[np.argsort(first_seen[sharers], kind="stable")]
    if len(influencers) == 0:
        return referrer, depth, first_seen
    from_chain = rng.random(len(referred_sorted)) < ctx.params.referral_chain_share
    pick = rng.random(len(referred_sorted))
    delay = rng.exponential(3 * SECONDS_PER_DAY, len(referred_sorted)).astype(np.int64) + 3600
    # Sequential by construction (a chain needs its earlier links); a chunk holds a few
    # thousand referred people at most.
    for position, person in enumerate(referred_sorted):
        if from_chain[position] and position > 0:
            source = referred_sorted[int(pick[position] * position)]
            depth[person] = depth[source] + 1
        else:
            eligible = np.searchsorted(first_seen[influencers], first_seen[person])
            source = influencers[int(pick[position] * max(eligible, 1))]
            depth[person] = 1
        referrer[person] = source
        first_seen[person] = max(first_seen[person], first_seen[source] + delay[position])
    return referrer, depth, np.minimum(first_seen, ctx.end_s - SECONDS_PER_DAY)


def generate_people(ctx: Context, offset: int, n: int, rng: np.random.Generator) -> People:
    p = ctx.params
    ref = ctx.reference
    acquisition = _categorical(rng, p.acquisition_mix, ACQUISITION_CHANNELS, n)
    first_seen = rng.integers(ctx.start_s, ctx.end_s - 2 * SECONDS_PER_DAY, n)
    campaign, campaign_first_seen = _acquisition_campaigns(ctx, acquisition, rng)
    first_seen = at_waking_hours(np.where(campaign >= 0, campaign_first_seen, first_seen), rng)
    kol = np.where(campaign >= 0, ctx.campaigns.kol[np.maximum(campaign, 0)], -1)

    referred = acquisition == ACQUISITION_CHANNELS.index("referral")
    is_interactor = referred | (rng.random(n) < p.social_interactor_share)
    is_influencer = is_interactor & ~referred & (rng.random(n) < p.influencer_share_of_interactors)
    referrer, depth, first_seen = _assign_referrers(
        ctx, first_seen, np.flatnonzero(referred), np.flatnonzero(is_influencer), rng
    )

    buy_probability = np.where(
        is_interactor, p.buyer_probability * p.social_conversion_multiplier, p.buyer_probability
    )
    is_buyer = rng.random(n) < np.minimum(buy_probability, 1.0)
    offline = (acquisition == ACQUISITION_CHANNELS.index("store_guide")) | (
        acquisition == ACQUISITION_CHANNELS.index("marketplace")
    )
    registers = is_buyer | (rng.random(n) < p.non_buyer_registration_probability)
    delay = rng.exponential(p.registration_delay_days_mean * SECONDS_PER_DAY, n).astype(np.int64)
    registered_at = np.where(offline, first_seen, at_waking_hours(first_seen + delay, rng))
    is_registered = registers & (registered_at <= ctx.end_s)
    registered_at = np.where(is_registered, registered_at, -1)

    store_people = acquisition == ACQUISITION_CHANNELS.index("store_guide")
    is_hong_kong = rng.random(n) < p.hong_kong_share
    hk_stores = np.flatnonzero(ref.store_is_hong_kong)
    mainland_stores = np.flatnonzero(~ref.store_is_hong_kong)
    home_store = np.where(is_hong_kong, rng.choice(hk_stores, n), rng.choice(mainland_stores, n))
    city_of_store = np.array([CITIES.index(c) for c in ref.store_cities])
    # Mainland people away from store cities have no home store unless acquired in one.
    other_city = rng.integers(0, len(MAINLAND_CITIES), n)
    lives_near_store = store_people | is_hong_kong | (rng.random(n) < p.lives_near_store_share)
    city = np.where(lives_near_store, city_of_store[home_store], other_city)
    home_store = np.where(lives_near_store | np.isin(other_city, city_of_store), home_store, -1)
    guide = np.full(n, -1)
    befriended = store_people & (rng.random(n) < p.guide_friend_share_of_store_people)
    for store in np.unique(home_store[befriended]):
        members = np.flatnonzero(befriended & (home_store == store))
        guide[members] = rng.choice(ref.guides_of_store(store), len(members))

    gender = rng.choice(3, n, p=[0.72, 0.24, 0.04])
    age_years = np.clip(rng.normal(31, 8, n), 16, 70)
    birth_day = (ctx.end_s // SECONDS_PER_DAY - age_years * 365.25).astype(np.int64)

    loyal_brand = np.where(rng.random(n) < p.brand_loyal_share, rng.integers(0, len(BRANDS), n), -1)
    is_discount_only = rng.random(n) < p.discount_only_share
    is_festival_only = rng.random(n) < p.festival_only_share

    purchase_rate = rng.gamma(p.purchase_rate_shape_r, 1.0 / p.purchase_rate_alpha_days, n)
    dropout = rng.beta(p.dropout_beta_a, p.dropout_beta_b, n)
    spend_rate = rng.gamma(p.spend_shape_q, 1.0 / p.spend_rate_gamma, n)

    shares = np.array([p.platform_account_share[name] for name in SOCIAL_PLATFORMS])
    has_platform = rng.random((n, len(SOCIAL_PLATFORMS))) < shares
    # Shares, guide friendships and WeChat logins need a WeChat account.
    has_platform[:, 0] |= referred | is_influencer | store_people
    # KOL-acquired interactors clicked the KOL's link on the KOL's platform.
    kol_people = kol >= 0
    kol_platform = np.array(
        [SOCIAL_PLATFORMS.index(ref.kol_platforms[k]) for k in kol[kol_people]], dtype=np.int64
    )
    has_platform[np.flatnonzero(kol_people), kol_platform] |= is_interactor[kol_people]
    has_platform[:, 0] |= is_interactor & ~has_platform.any(axis=1)
    wechat_openids = np.where(
        has_platform[:, 0], 1 + (rng.random(n) < p.wechat_second_openid_share), 0
    )
    is_follower = (
        is_interactor & has_platform[:, 0] & (rng.random(n) < p.follower_share_of_interactors)
    )

    member_probability = np.where(store_people, p.member_probability_store, p.member_probability)
    is_member = is_registered & is_buyer & (rng.random(n) < member_probability)
    return People(
        offset=offset,
        acquisition=acquisition,
        acquisition_campaign=campaign,
        kol=kol,
        first_seen=first_seen.astype(np.int64),
        is_interactor=is_interactor,
        is_influencer=is_influencer,
        referrer=referrer,
        referral_depth=depth,
        is_buyer=is_buyer,
        is_registered=is_registered,
        registered_at=registered_at.astype(np.int64),
        is_hong_kong=is_hong_kong,
        city=city,
        home_store=home_store,
        guide=guide,
        gender=gender,
        birth_day=birth_day,
        loyal_brand=loyal_brand,
        is_discount_only=is_discount_only,
        is_festival_only=is_festival_only,
        purchase_rate=purchase_rate,
        dropout_probability=dropout,
        spend_rate=spend_rate,
        has_platform=has_platform,
        wechat_openids=wechat_openids,
        is_follower=is_follower,
        is_member=is_member,
        uses_placeholder_phone=rng.random(n) < p.placeholder_phone_share,
        uses_generic_email=rng.random(n) < p.generic_email_share,
        has_email=rng.random(n) < p.email_share,
        surname=rng.integers(0, len(SURNAMES_HANZI), n),
        given_name=rng.integers(0, len(GIVEN_HANZI), n),
    )
