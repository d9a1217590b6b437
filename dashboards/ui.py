"""What every page shares: the published file, cached queries, labels and the password gate.

Pages call `load("<query name>", **params)`: the data comes from
`crm_warehouse.dashboard_data` (all SQL lives there), cached with `st.cache_data` for
`CACHE_TTL_SECONDS` and keyed by the published file's version, so a new publication is read at
once. No DuckDB connection is ever cached: each query opens and closes its own.
"""

from __future__ import annotations

import hmac
import os
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from crm_warehouse import dashboard_data
from crm_warehouse.publish import published_path

CACHE_TTL_SECONDS = 600

LAYER_LABELS = {
    "visitor": "Visitor 访客",
    "interactor": "Interactor 互动者",
    "fan": "Fan 粉丝",
    "friend": "Friend 好友",
    "customer": "Customer 顾客",
    "member": "Member 会员",
}
CHANNEL_LABELS = {
    "all": "All channels 全部渠道",
    "direct": "Direct 直接访问",
    "organic_search": "Organic search 自然搜索",
    "paid_search": "Paid search 付费搜索",
    "social_organic": "Social organic 社交自然流量",
    "social_paid": "Social paid 社交广告",
    "kol": "KOL 达人",
    "email": "Email 邮件",
    "sms": "SMS 短信",
    "referral": "Referral 推荐",
    "display": "Display 展示广告",
    "store_guide": "Store guide 门店导购",
    "marketplace": "Marketplace 电商平台",
    "wechat": "WeChat 微信",
    "weibo": "Weibo 微博",
    "douyin": "Douyin 抖音",
    "xiaohongshu": "Xiaohongshu 小红书",
    "sem": "SEM 搜索营销",
    "red_packet": "Red packet 红包",
}
RFM_LABELS = {
    "Champions": "Champions 冠军客户",
    "Loyal Customers": "Loyal Customers 忠诚客户",
    "Potential Loyalists": "Potential Loyalists 潜在忠诚客户",
    "New Customers": "New Customers 新客户",
    "Promising": "Promising 有潜力客户",
    "Need Attention": "Need Attention 需要关注",
    "About To Sleep": "About To Sleep 即将沉睡",
    "At Risk": "At Risk 流失风险",
    "Can't Lose Them": "Can't Lose Them 不能失去",
    "Hibernating": "Hibernating 休眠客户",
    "Lost": "Lost 已流失",
}
STEP_LABELS = {
    "visit": "Visit 访问",
    "product_view": "Product view 浏览商品",
    "add_to_cart": "Add to cart 加购",
    "begin_checkout": "Checkout 结算",
    "purchase": "Purchase 购买",
}


def label(value: object, labels: dict[str, str] = CHANNEL_LABELS) -> str:
    """English and Chinese label of a code from the data; the code itself when unknown."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "(none 无)"
    return labels.get(str(value), str(value))


def published_file() -> Path:
    return published_path().resolve()


def _version(db: Path) -> tuple[int, int]:
    stat = db.stat()
    return stat.st_mtime_ns, stat.st_size


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def _cached(name: str, db: str, version: tuple[int, int], params: dict[str, Any]) -> pd.DataFrame:
    del version  # part of the cache key only: a new publication misses the cache
    return dashboard_data.QUERIES[name](Path(db), **params)


def load(name: str, **params: Any) -> pd.DataFrame:
    db = published_file()
    return _cached(name, str(db), _version(db), params)


def available_tables() -> set[str]:
    return set(load("available_tables")["table_name"])


def require_table(table: str, what: str) -> bool:
    """True when the table (schema.table) is published; otherwise say what is missing."""
    if table in available_tables():
        return True
    st.info(
        f"**{what}**: `{table}` is not built in this warehouse (本仓库未构建该数据集). "
        "It appears after a `make build` that produces it."
    )
    return False


def password_accepted() -> bool:
    """The optional gate: when CRM_DASHBOARD_PASSWORD is set, ask for it once per session."""
    expected = os.environ.get("CRM_DASHBOARD_PASSWORD", "")
    if not expected or st.session_state.get("authenticated"):
        return True
    typed = st.text_input("Password 密码", type="password")
    if typed and hmac.compare_digest(typed.encode(), expected.encode()):
        st.session_state["authenticated"] = True
        st.rerun()
    if typed:
        st.error("Wrong password 密码错误")
    return False


def require_published() -> None:
    """Stop the page with instructions when nothing has been published yet."""
    db = published_file()
    if not db.exists():
        st.error(
            f"No published warehouse at `{db}`. Run `make build` (it publishes the marts "
            "after a successful dbt build), or point CRM_PUBLISHED at a published file."
        )
        st.stop()
