"""What every chunk shares: parameters, reference data, time bounds, catalogue and campaigns."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crm_warehouse.generate.params import GeneratorParams
from crm_warehouse.generate.reference import Reference
from crm_warehouse.generate.text import LOCAL_UTC_OFFSET_SECONDS, SECONDS_PER_DAY, days_from_civil

# Id namespaces for text.opaque_ids: distinct families never produce the same id.
NS_ANONYMOUS = 1
NS_WEB_EVENT = 2
NS_ORDER = 3
NS_REFUND = 4
NS_WECHAT_OPENID = 5
NS_UNION = 6
NS_WEIBO = 7
NS_DOUYIN = 8
NS_XIAOHONGSHU = 9
NS_INTERACTION = 10
NS_MESSAGE = 11
NS_COUPON = 12
NS_POINTS = 13
NS_TICKET = 14
NS_REGISTRATION = 15
NS_STORE_TABLET = 16
NS_BOT = 17
NS_MISSING_ORDER = 18
NS_KOL_ACCOUNT = 19


def local_midnight_seconds(date_days: int) -> int:
    """UTC epoch seconds of local (Asia/Shanghai) midnight of a day number."""
    return date_days * SECONDS_PER_DAY - LOCAL_UTC_OFFSET_SECONDS


@dataclass(frozen=True)
class Products:
    sku: list[str]
    brand: np.ndarray  # brand index
    category: np.ndarray
    list_price: np.ndarray  # CNY
    # Products sorted by (brand, price) so a price target within a brand is one searchsorted.
    order_by_brand_price: np.ndarray
    brand_offsets: np.ndarray  # start of each brand in that order; last item = count


@dataclass(frozen=True)
class Campaigns:
    campaign_id: list[str]
    channel: np.ndarray  # index into MARKETING_CHANNELS
    kol: np.ndarray  # kol index or -1
    started_at: np.ndarray
    ended_at: np.ndarray
    festival: np.ndarray  # festival window index for red packets, else -1


@dataclass(frozen=True)
class CommunityEvents:
    event_id: list[str]
    store: np.ndarray
    starts_at: np.ndarray


@dataclass(frozen=True)
class Context:
    params: GeneratorParams
    reference: Reference
    start_s: int  # UTC epoch seconds of local midnight of params.start
    end_s: int  # UTC epoch seconds of the local end of params.end
    shop_opened_s: int
    products: Products
    campaigns: Campaigns
    community_events: CommunityEvents


def window_bounds(params: GeneratorParams) -> tuple[int, int, int]:
    start = local_midnight_seconds(
        days_from_civil(params.start.year, params.start.month, params.start.day)
    )
    end = (
        local_midnight_seconds(
            days_from_civil(params.end.year, params.end.month, params.end.day) + 1
        )
        - 1
    )
    opened = local_midnight_seconds(
        days_from_civil(params.shop_opened.year, params.shop_opened.month, params.shop_opened.day)
    )
    return start, end, opened
