"""Every behavioural parameter of the synthetic retailer, in one place.

The values are the ground truth the warehouse's marts must rediscover; they are written to
truth/parameters.json with each generated dataset.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Channel groups of the channel_map reference seed, in a fixed order (array codes index this).
CHANNEL_GROUPS: tuple[str, ...] = (
    "direct",
    "organic_search",
    "paid_search",
    "social_organic",
    "social_paid",
    "kol",
    "email",
    "sms",
    "referral",
    "display",
)
# How people are first acquired: a web channel group, or offline / marketplace.
ACQUISITION_CHANNELS: tuple[str, ...] = (*CHANNEL_GROUPS, "store_guide", "marketplace")
# Funnel steps after the visit, in order.
FUNNEL_STEPS: tuple[str, ...] = (
    "visit",
    "product_view",
    "add_to_cart",
    "begin_checkout",
    "purchase",
)
SOCIAL_PLATFORMS: tuple[str, ...] = ("wechat", "weibo", "douyin", "xiaohongshu")
MESSAGE_CHANNELS: tuple[str, ...] = ("email", "sms", "wechat", "weibo")


def _funnel(view: float, cart: float, checkout: float, purchase: float) -> tuple[float, ...]:
    return (view, cart, checkout, purchase)


@dataclass(frozen=True)
class GeneratorParams:
    # --- run ---------------------------------------------------------------------------------
    people: int = 2_000
    seed: int = 1
    start: dt.date = dt.date(2023, 1, 1)
    end: dt.date = dt.date(2025, 12, 31)
    defect_rate: float = 0.01
    # People per chunk: fixed (never derived from the machine) so output is identical anywhere.
    chunk_size: int = 20_000
    shop_opened: dt.date = dt.date(2015, 1, 1)

    # --- acquisition -------------------------------------------------------------------------
    acquisition_mix: dict[str, float] = field(
        default_factory=lambda: {
            "direct": 0.10,
            "organic_search": 0.17,
            "paid_search": 0.12,
            "social_organic": 0.10,
            "social_paid": 0.08,
            "kol": 0.08,
            "email": 0.0,
            "sms": 0.0,
            "referral": 0.07,
            "display": 0.05,
            "store_guide": 0.13,
            "marketplace": 0.10,
        }
    )
    # Probability that a person ever buys: plain visitors vs social interactors.
    buyer_probability: float = 0.18
    social_conversion_multiplier: float = 4.0
    social_interactor_share: float = 0.25
    # Registered people who never buy.
    non_buyer_registration_probability: float = 0.35
    registration_delay_days_mean: float = 4.0
    first_purchase_delay_days_mean: float = 6.0
    devices_extra_mean: float = 0.8  # devices per person = 1 + Poisson(mean), at most 4
    device_type_mix: dict[str, float] = field(
        default_factory=lambda: {
            "mobile": 0.64,
            "desktop": 0.31,
            "tablet": 0.05,
        }
    )
    hong_kong_share: float = 0.08
    lives_near_store_share: float = 0.55  # mainland people living in a city with a store
    email_share: float = 0.70
    placeholder_phone_share: float = 0.01  # 13800000000 / 00000000 typed at the till
    generic_email_share: float = 0.01  # test@example.com and the like

    # --- buy till you die (BG/NBD with Gamma-Gamma spend) ------------------------------------
    # Purchase rate per day while alive: lambda ~ Gamma(shape r, rate alpha).
    purchase_rate_shape_r: float = 0.9
    purchase_rate_alpha_days: float = 75.0
    # Dropout after each repeat purchase: p ~ Beta(a, b).
    dropout_beta_a: float = 1.0
    dropout_beta_b: float = 4.0
    # Order value ~ Gamma(shape p, rate nu), nu ~ Gamma(shape q, rate gamma): CNY.
    spend_shape_p: float = 6.0
    spend_shape_q: float = 4.0
    spend_rate_gamma: float = 200.0
    # Share of ordinary buyers' purchases moved into the next festival window.
    festival_shift_share: float = 0.15

    # --- segments ----------------------------------------------------------------------------
    brand_loyal_share: float = 0.20
    brand_loyal_spend_share: float = 0.85
    discount_only_share: float = 0.12
    discount_only_order_share: float = 0.95
    ordinary_discount_order_share: float = 0.25
    festival_only_share: float = 0.10
    festival_only_names: tuple[str, ...] = ("618", "double_11", "spring_festival", "double_12")
    influencer_share_of_interactors: float = 0.04
    # Share of referred people brought by an earlier referred person (chains), not by an
    # influencer directly.
    referral_chain_share: float = 0.3
    member_probability: float = 0.40
    member_probability_store: float = 0.90
    tier_thresholds_cny: dict[str, float] = field(
        default_factory=lambda: {
            "silver": 2_000.0,
            "gold": 8_000.0,
            "platinum": 20_000.0,
        }
    )

    # --- orders ------------------------------------------------------------------------------
    # Online orders go through the platform of the device used (web, app, mini program), or
    # through a marketplace store.
    marketplace_order_share: float = 0.10
    marketplace_buyer_marketplace_order_share: float = 0.80
    store_buyer_store_order_share: float = 0.75
    store_order_guide_share: float = 0.70
    gift_order_share: float = 0.005
    cancel_share: float = 0.05
    refund_share: float = 0.06
    partial_refund_share: float = 0.40
    free_shipping_threshold: float = 99.0
    shipping_fee: float = 10.0
    lines_per_order_extra_mean: float = 0.8
    coupon_share_of_discounted: float = 0.55
    profile_change_probability: float = 0.12

    # --- web ---------------------------------------------------------------------------------
    # Step conversion per channel group: visit->product_view->add_to_cart->begin_checkout->
    # purchase. The payment step (begin_checkout -> purchase) is the biggest drop everywhere.
    funnel: dict[str, tuple[float, ...]] = field(
        default_factory=lambda: {
            "direct": _funnel(0.62, 0.45, 0.60, 0.35),
            "organic_search": _funnel(0.58, 0.40, 0.55, 0.32),
            "paid_search": _funnel(0.60, 0.38, 0.52, 0.30),
            "social_organic": _funnel(0.45, 0.32, 0.50, 0.25),
            "social_paid": _funnel(0.40, 0.30, 0.48, 0.22),
            "kol": _funnel(0.55, 0.35, 0.50, 0.28),
            "email": _funnel(0.65, 0.45, 0.60, 0.38),
            "sms": _funnel(0.60, 0.42, 0.58, 0.36),
            "referral": _funnel(0.55, 0.38, 0.55, 0.30),
            "display": _funnel(0.35, 0.30, 0.45, 0.20),
        }
    )
    # Channel of sessions after the acquisition visit (purchases and browsing).
    returning_channel_mix: dict[str, float] = field(
        default_factory=lambda: {
            "direct": 0.34,
            "organic_search": 0.18,
            "paid_search": 0.12,
            "social_organic": 0.10,
            "social_paid": 0.05,
            "kol": 0.04,
            "email": 0.03,
            "sms": 0.03,
            "referral": 0.05,
            "display": 0.06,
        }
    )
    # Browsing activity is scaled by this factor (the demo seeds lower it to stay small).
    web_activity_scale: float = 1.0
    page_views_per_session_mean: float = 1.2
    product_views_per_step_mean: float = 1.5
    search_per_session_mean: float = 0.3
    logged_in_share_web: float = 0.55
    logged_in_share_app: float = 0.95
    event_gap_seconds_mean: float = 40.0
    store_tablet_session_share: float = 0.15
    bot_share_of_people: float = 0.001  # at defect_rate 0.01; proportional to it
    bot_events_min: int = 1_500
    bot_events_max: int = 4_000

    # --- social ------------------------------------------------------------------------------
    platform_account_share: dict[str, float] = field(
        default_factory=lambda: {
            "wechat": 0.72,
            "weibo": 0.25,
            "douyin": 0.32,
            "xiaohongshu": 0.24,
        }
    )
    wechat_second_openid_share: float = 0.45  # official account and mini program openids
    wechat_phone_bound_share: float = 0.70
    follower_share_of_interactors: float = 0.60  # follow the brand's WeChat account
    interactions_per_interactor_mean: float = 6.0
    influencer_shares_mean: float = 20.0
    guide_friend_share_of_store_people: float = 0.80

    # --- marketing ---------------------------------------------------------------------------
    campaigns_per_month: dict[str, int] = field(
        default_factory=lambda: {
            "email": 2,
            "sms": 2,
            "wechat": 2,
            "weibo": 1,
            "douyin": 1,
            "display": 1,
            "sem": 1,
        }
    )
    kol_campaigns_per_kol_per_year: float = 2.0
    message_audience_share: float = 0.12
    delivery_rate: dict[str, float] = field(
        default_factory=lambda: {
            "email": 0.96,
            "sms": 0.98,
            "wechat": 0.99,
            "weibo": 0.97,
        }
    )
    # Opened among delivered messages.
    open_rate: dict[str, float] = field(
        default_factory=lambda: {
            "email": 0.0005,
            "sms": 0.003,
            "wechat": 0.70,
            "weibo": 0.50,
        }
    )
    click_rate_of_opened: float = 0.15
    red_packets_per_festival_per_person: float = 0.15

    # --- service -----------------------------------------------------------------------------
    ticket_share_per_order: dict[str, float] = field(
        default_factory=lambda: {
            "pre_sale": 0.03,
            "after_sale": 0.04,
            "complaint": 0.015,
            "bad_review": 0.01,
        }
    )
    return_ticket_share_of_refunds: float = 0.85
    satisfaction_mean: dict[str, float] = field(
        default_factory=lambda: {
            "pre_sale": 4.4,
            "after_sale": 3.9,
            "complaint": 2.4,
            "return_request": 3.5,
            "bad_review": 1.8,
        }
    )
    community_events_per_store_per_month: float = 1.0
    event_registration_share: float = 0.06
    event_check_in_share: float = 0.70

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        if not 0.0 <= self.defect_rate <= 0.05:
            raise ValueError("defect_rate must be within [0, 0.05] (kinds share the rows)")
        if abs(sum(self.acquisition_mix.values()) - 1.0) > 1e-9:
            raise ValueError("acquisition_mix must sum to 1")
        for group, steps in self.funnel.items():
            if min(steps) != steps[-1]:
                raise ValueError(f"funnel of {group}: the payment step must convert worst")

    def to_json(self) -> str:
        def encode(value: Any) -> Any:
            if isinstance(value, dt.date):
                return value.isoformat()
            if isinstance(value, tuple):
                return [encode(v) for v in value]
            if isinstance(value, dict):
                return {k: encode(v) for k, v in value.items()}
            return value

        payload = {f.name: encode(getattr(self, f.name)) for f in dataclasses.fields(self)}
        return json.dumps(payload, indent=2, sort_keys=True)

    def write_json(self, path: Path) -> None:
        path.write_text(self.to_json() + "\n", encoding="utf-8")
