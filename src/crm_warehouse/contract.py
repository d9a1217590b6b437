"""The raw data contract of ../shared/RAW_DATA.md in machine-readable form.

One source of truth for the generator (Arrow schemas), the demo seeds (column types) and the
tests (the dbt sources YAML must declare exactly these columns). Timestamps are strings because
real exports mix ISO-8601 with offsets, UTC ``Z``, naive local time and epoch milliseconds;
staging parses them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

# Raw logical types and their Arrow / SQL forms.
STRING = "string"
TIMESTAMP_TEXT = "timestamp_text"  # any of the four timestamp formats, as text
DATE_TEXT = "date_text"  # yyyy-mm-dd as text
AMOUNT = "amount"  # money with two decimals, float in exports
INTEGER = "integer"
BOOLEAN = "boolean"

ARROW_TYPES: dict[str, pa.DataType] = {
    STRING: pa.string(),
    TIMESTAMP_TEXT: pa.string(),
    DATE_TEXT: pa.string(),
    AMOUNT: pa.float64(),
    INTEGER: pa.int64(),
    BOOLEAN: pa.bool_(),
}

SQL_TYPES: dict[str, str] = {
    STRING: "varchar",
    TIMESTAMP_TEXT: "varchar",
    DATE_TEXT: "varchar",
    AMOUNT: "double precision",
    INTEGER: "bigint",
    BOOLEAN: "boolean",
}


@dataclass(frozen=True)
class RawTable:
    name: str
    system: str
    key: tuple[str, ...]
    columns: tuple[tuple[str, str], ...]

    @property
    def column_names(self) -> list[str]:
        return [name for name, _ in self.columns]

    def arrow_schema(self) -> pa.Schema:
        return pa.schema([(name, ARROW_TYPES[kind]) for name, kind in self.columns])

    def sql_types(self) -> dict[str, str]:
        return {name: SQL_TYPES[kind] for name, kind in self.columns}


def _table(name: str, system: str, key: tuple[str, ...], *columns: tuple[str, str]) -> RawTable:
    return RawTable(name=name, system=system, key=key, columns=tuple(columns))


S, TS, D, A, I, B = STRING, TIMESTAMP_TEXT, DATE_TEXT, AMOUNT, INTEGER, BOOLEAN

# fmt: off
RAW_TABLES: tuple[RawTable, ...] = (
    _table(
        "shop_customers", "shop", ("customer_id", "updated_at"),
        ("customer_id", S), ("phone", S), ("email", S), ("full_name", S), ("gender", S),
        ("birth_date", D), ("city", S), ("registered_at", TS), ("register_channel", S),
        ("updated_at", TS),
    ),
    _table(
        "shop_products", "shop", ("sku",),
        ("sku", S), ("product_name", S), ("brand", S), ("category", S), ("list_price", A),
        ("unit_cost", A), ("launched_at", TS),
    ),
    _table(
        "shop_orders", "shop", ("order_id", "updated_at"),
        ("order_id", S), ("customer_id", S), ("channel", S), ("store_id", S), ("guide_id", S),
        ("ordered_at", TS), ("status", S), ("currency", S), ("gross_amount", A),
        ("discount_amount", A), ("shipping_amount", A), ("paid_amount", A), ("coupon_id", S),
        ("updated_at", TS),
    ),
    _table(
        "shop_order_items", "shop", ("order_id", "line_number"),
        ("order_id", S), ("line_number", I), ("sku", S), ("quantity", I), ("unit_price", A),
        ("discount_amount", A),
    ),
    _table(
        "shop_refunds", "shop", ("refund_id",),
        ("refund_id", S), ("order_id", S), ("refunded_at", TS), ("amount", A), ("reason", S),
    ),
    _table(
        "web_events", "web", ("event_id",),
        ("event_id", S), ("anonymous_id", S), ("customer_id", S), ("social_id", S),
        ("event_at", TS), ("event_name", S), ("page_type", S), ("page_url", S), ("sku", S),
        ("order_id", S), ("referrer_url", S), ("utm_source", S), ("utm_medium", S),
        ("utm_campaign", S), ("utm_content", S), ("device_type", S), ("platform", S),
    ),
    _table(
        "social_accounts", "social", ("platform", "social_id"),
        ("platform", S), ("social_id", S), ("union_id", S), ("phone", S), ("nickname", S),
        ("follower_count", I), ("is_kol", B), ("kol_id", S), ("first_seen_at", TS),
    ),
    _table(
        "social_interactions", "social", ("interaction_id",),
        ("interaction_id", S), ("platform", S), ("social_id", S), ("interaction_type", S),
        ("target_type", S), ("target_id", S), ("referrer_social_id", S), ("kol_id", S),
        ("guide_id", S), ("anonymous_id", S), ("occurred_at", TS),
    ),
    _table(
        "marketing_campaigns", "marketing", ("campaign_id",),
        ("campaign_id", S), ("campaign_name", S), ("channel", S), ("kol_id", S),
        ("started_at", TS), ("ended_at", TS), ("cost", A),
    ),
    _table(
        "marketing_messages", "marketing", ("message_id",),
        ("message_id", S), ("campaign_id", S), ("channel", S), ("customer_id", S),
        ("social_id", S), ("sent_at", TS), ("delivered_at", TS), ("opened_at", TS),
        ("clicked_at", TS),
    ),
    _table(
        "marketing_coupons", "marketing", ("coupon_id",),
        ("coupon_id", S), ("campaign_id", S), ("customer_id", S), ("social_id", S),
        ("issued_at", TS), ("face_value", A), ("min_spend", A), ("expires_at", TS),
        ("redeemed_at", TS), ("order_id", S),
    ),
    _table(
        "loyalty_members", "loyalty", ("member_id", "updated_at"),
        ("member_id", S), ("customer_id", S), ("joined_at", TS), ("join_source", S),
        ("guide_id", S), ("tier", S), ("points_balance", I), ("updated_at", TS),
    ),
    _table(
        "loyalty_points", "loyalty", ("entry_id",),
        ("entry_id", S), ("member_id", S), ("occurred_at", TS), ("points", I), ("reason", S),
    ),
    _table(
        "service_tickets", "service", ("ticket_id",),
        ("ticket_id", S), ("customer_id", S), ("order_id", S), ("channel", S),
        ("ticket_type", S), ("opened_at", TS), ("first_response_at", TS),
        ("resolved_at", TS), ("agent_id", S), ("satisfaction_score", I),
    ),
    _table(
        "community_events", "service", ("event_id",),
        ("event_id", S), ("event_name", S), ("store_id", S), ("starts_at", TS),
    ),
    _table(
        "event_registrations", "service", ("registration_id",),
        ("registration_id", S), ("event_id", S), ("customer_id", S), ("social_id", S),
        ("registered_at", TS), ("checked_in_at", TS),
    ),
)
# fmt: on

RAW_TABLES_BY_NAME: dict[str, RawTable] = {table.name: table for table in RAW_TABLES}

# Accepted values of the enumerated raw columns; anything else is quarantined as unknown_enum.
# fmt: off
ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("shop_customers", "gender"): ("female", "male", "unknown"),
    ("shop_customers", "register_channel"): ("web", "app", "mini_program", "marketplace", "store"),
    ("shop_orders", "status"): ("pending", "paid", "shipped", "completed", "cancelled", "refunded"),
    ("shop_orders", "channel"): ("web", "app", "mini_program", "marketplace", "store"),
    ("shop_orders", "currency"): ("CNY", "HKD"),
    ("shop_refunds", "reason"): (
        "damaged", "wrong_item", "not_as_described", "late_delivery", "changed_mind", "other",
    ),
    ("web_events", "event_name"): (
        "page_view", "search", "product_view", "add_to_cart", "remove_from_cart",
        "add_to_wishlist", "begin_checkout", "purchase", "subscribe",
    ),
    ("web_events", "page_type"): (
        "home", "category", "product", "search", "cart", "checkout", "order_confirmation",
        "account", "content", "campaign_landing",
    ),
    ("web_events", "device_type"): ("desktop", "mobile", "tablet"),
    ("web_events", "platform"): ("web", "app", "mini_program"),
    ("social_accounts", "platform"): ("wechat", "weibo", "douyin", "xiaohongshu"),
    ("social_interactions", "platform"): ("wechat", "weibo", "douyin", "xiaohongshu"),
    ("social_interactions", "interaction_type"): (
        "follow", "unfollow", "like", "comment", "share", "message", "scan_qr", "click_link",
        "add_friend",
    ),
    ("social_interactions", "target_type"): (
        "account", "post", "product", "campaign", "live_stream", "link", "qr_code", "guide",
    ),
    ("marketing_campaigns", "channel"): (
        "email", "sms", "wechat", "weibo", "douyin", "display", "sem", "kol", "red_packet",
    ),
    ("marketing_messages", "channel"): (
        "email", "sms", "wechat", "weibo", "douyin", "display", "sem", "kol", "red_packet",
    ),
    ("loyalty_members", "join_source"): ("guide_qr", "web", "app", "store", "mini_program"),
    ("loyalty_members", "tier"): ("bronze", "silver", "gold", "platinum"),
    ("loyalty_points", "reason"): (
        "purchase", "refund", "redemption", "signup", "birthday", "event", "adjustment", "expiry",
    ),
    ("service_tickets", "channel"): ("phone", "email", "wechat", "web_chat", "store"),
    ("service_tickets", "ticket_type"): (
        "pre_sale", "after_sale", "complaint", "return_request", "bad_review",
    ),
}
# fmt: on

# Defect kinds the generator injects (recorded in truth/defects.parquet) and what the warehouse
# does with each: a quarantine reason code, or "repaired" (kept, with the documented fix).
DEFECT_HANDLING: dict[str, str] = {
    "duplicate_row": "quarantine:duplicate",
    "superseded_version": "quarantine:superseded_version",
    "missing_key": "quarantine:missing_key",
    "invalid_timestamp": "quarantine:invalid_timestamp",
    "future_timestamp": "quarantine:future_timestamp",
    "before_shop_opened": "quarantine:before_shop_opened",
    "negative_amount": "quarantine:negative_amount",
    "invalid_quantity": "quarantine:invalid_quantity",
    "unknown_enum": "quarantine:unknown_enum",
    "orphan_order": "quarantine:orphan_order",
    "timestamp_format": "repaired",  # parsed to the true instant
    "phone_format": "repaired",  # normalised to E.164
    "email_format": "repaired",  # lowercased and trimmed
    "invalid_phone": "repaired",  # kept, phone_e164 null, is_phone_invalid true
    "refund_exceeds_order": "repaired",  # kept, capped at the order's paid amount, flagged
    "unknown_sku": "repaired",  # web event kept, is_unknown_sku true
    "orphan_purchase_event": "repaired",  # purchase event kept, is_unknown_order true
    "bot_traffic": "repaired",  # kept in staging; sessions flag bots
}

QUARANTINE_REASONS: tuple[str, ...] = tuple(
    sorted({h.split(":", 1)[1] for h in DEFECT_HANDLING.values() if h.startswith("quarantine:")})
)
