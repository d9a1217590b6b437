"""Expectations from each mart's business definition (DESIGN.md, the marts' docs): ranges, null
rates, distributions, and row-count relations between marts. Every bound follows from a
definition (a probability lies in [0, 1], a refund is capped at its order so net revenue is
never negative, ntile quintiles are equal-sized), never from a run's figures."""

from __future__ import annotations

from collections.abc import Callable

import great_expectations.expectations as gxe
from great_expectations.expectations.row_conditions import Column

from crm_warehouse.quality.frames import MartFrames

SuiteBuilder = Callable[[MartFrames], list[gxe.Expectation]]
FUNNEL_STEP_COUNTS = (
    "sessions",
    "product_view_sessions",
    "add_to_cart_sessions",
    "checkout_sessions",
    "purchase_sessions",
)
# Kullback-Leibler divergence of equal-sized quintiles from the uniform distribution: ntile
# splits n people into quintiles differing by at most one person, so the divergence is ~0; a
# skew of a few percentage points already exceeds this bound.
NTILE_MAX_DIVERGENCE = 0.01


def _between(column: str, low: float | None, high: float | None = None) -> gxe.Expectation:
    return gxe.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high)


def _at_least(larger: str, smaller: str) -> gxe.Expectation:
    return gxe.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A=larger, column_B=smaller, or_equal=True
    )


def _rate_of(rate: str, whole: str, part: str) -> list[gxe.Expectation]:
    """A rate is a share: within [0, 1], and its part never exceeds its whole."""
    return [_between(rate, 0, 1), _at_least(whole, part)]


def _not_after(earlier: str, later: str) -> gxe.Expectation:
    return gxe.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A=later, column_B=earlier, or_equal=True, ignore_row_if="either_value_is_missing"
    )


def _steps_never_increase(steps: tuple[str, ...]) -> list[gxe.Expectation]:
    return [_at_least(wider, narrower) for wider, narrower in zip(steps, steps[1:], strict=False)]


def _at_most_rows_of(
    frames: MartFrames, mart: str, condition: str | None = None
) -> gxe.Expectation:
    bound = frames.rows(mart, condition)
    where = f" where {condition}" if condition else ""
    return gxe.ExpectTableRowCountToBeBetween(
        min_value=0,
        max_value=bound,
        description=f"no more rows than {mart}{where} ({bound})",
    )


def customer_360(frames: MartFrames) -> list[gxe.Expectation]:
    persons = (
        frames.frame("identity_map").person_id.nunique() if frames.has("identity_map") else None
    )
    expectations = [
        gxe.ExpectTableRowCountToBeBetween(min_value=1),
        _between("net_revenue", 0),
        _between("orders_count", 0),
        _between("p_alive", 0, 1),
        _between("predicted_clv", 0),
        _at_least("gross_revenue", "net_revenue"),
        _at_least("orders_count", "order_days"),
        _not_after("first_order_at", "last_order_at"),
        _not_after("first_seen_at", "last_seen_at"),
        _not_after("first_seen_at", "first_order_at"),
        # every person was seen somewhere, and a buyer has a first order
        gxe.ExpectColumnProportionOfNonNullValuesToBeBetween(column="lifecycle_layer", min_value=1),
        gxe.ExpectColumnValuesToNotBeNull(
            column="first_order_at", row_condition=Column("orders_count") > 0
        ),
    ]
    if persons is not None:
        expectations.append(
            gxe.ExpectTableRowCountToBeBetween(
                min_value=0,
                max_value=persons,
                description=f"one row per person of identity_map at most ({persons})",
            )
        )
    return expectations


def customer_rfm(frames: MartFrames) -> list[gxe.Expectation]:
    rfm = frames.frame("customer_rfm")
    expectations = [
        *(
            gxe.ExpectColumnDistinctValuesToBeInSet(column=score, value_set=[1, 2, 3, 4, 5])
            for score in ("r_score", "f_score", "m_score")
        ),
        _between("recency_days", 0),
        _between("frequency", 1),
        _between("monetary", 0),
        _at_least("orders_count", "frequency"),
        _not_after("window_start_date", "last_order_date"),
        _not_after("last_order_date", "as_of_date"),
    ]
    if frames.has("customer_ltv"):
        expectations.append(_at_most_rows_of(frames, "customer_ltv"))
    if (rfm.rfm_scoring == "ntile").all() and len(rfm) >= 5:
        uniform = {"values": [1, 2, 3, 4, 5], "weights": [0.2] * 5}
        expectations += [
            gxe.ExpectColumnKLDivergenceToBeLessThan(
                column=score, partition_object=uniform, threshold=NTILE_MAX_DIVERGENCE
            )
            for score in ("r_score", "f_score", "m_score")
        ]
    return expectations


def customer_ltv(frames: MartFrames) -> list[gxe.Expectation]:
    expectations = [
        _between("revenue_orders_count", 1),
        _between("p_alive", 0, 1),
        _between("predicted_purchases", 0),
        _between("predicted_clv", 0),
        _between("frequency", 0),
        _not_after("first_order_date", "last_order_date"),
        _not_after("last_order_date", "as_of_date"),
    ]
    if frames.has("customer_360"):
        expectations.append(_at_most_rows_of(frames, "customer_360", "orders_count > 0"))
    return expectations


def identity_map(frames: MartFrames) -> list[gxe.Expectation]:
    return [
        gxe.ExpectTableRowCountToBeBetween(min_value=1),
        gxe.ExpectColumnValuesToNotBeNull(
            column="person_id",
            row_condition=Column("is_shared") == False,  # noqa: E712
        ),
        gxe.ExpectColumnValuesToBeNull(
            column="person_id",
            row_condition=Column("is_shared") == True,  # noqa: E712
        ),
    ]


def fct_sessions(frames: MartFrames) -> list[gxe.Expectation]:
    return [
        _not_after("started_at", "ended_at"),
        _between("duration_seconds", 0),
        _between("events_count", 1),
        _between("funnel_depth", 0, 4),
        _at_least("events_count", "page_views"),
    ]


def funnel_daily(frames: MartFrames) -> list[gxe.Expectation]:
    return _steps_never_increase(FUNNEL_STEP_COUNTS)


def funnel_campaign_daily(frames: MartFrames) -> list[gxe.Expectation]:
    return _steps_never_increase(FUNNEL_STEP_COUNTS)


def funnel_step_conversion(frames: MartFrames) -> list[gxe.Expectation]:
    return [
        _between("conversion_rate", 0, 1),
        _between("drop_off_rate", 0, 1),
        _at_least("entered_sessions", "converted_sessions"),
    ]


def cohort_retention(frames: MartFrames) -> list[gxe.Expectation]:
    return [
        _between("retention_rate", 0, 1),
        _at_least("cohort_customers", "active_customers"),
        _not_after("cohort_month", "period_month"),
    ]


def segment_definitions(frames: MartFrames) -> list[gxe.Expectation]:
    return [_between("members", 0)]


def quarantine_summary(frames: MartFrames) -> list[gxe.Expectation]:
    return [
        _between("quarantined_share_on_date", 0, 1),
        _at_least("raw_rows_on_date", "quarantined_rows"),
    ]


def raw_table_reconciliation(frames: MartFrames) -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToBeInSet(column="is_reconciled", value_set=[True]),
        _between("quarantined_share", 0, 1),
    ]


def fct_orders(frames: MartFrames) -> list[gxe.Expectation]:
    # refunds are capped at the paid amount, so net revenue is never negative
    return [
        _between("net_revenue_cny", 0),
        _at_least("paid_amount_cny", "refund_amount_cny"),
        _between("person_order_number", 1),
    ]


def order_attribution(frames: MartFrames) -> list[gxe.Expectation]:
    return [
        _between("credit", 0, 1),
        _between("days_before_order", 0),
        _at_least("touches_count", "touch_number"),
    ]


def coupon_redemption(frames: MartFrames) -> list[gxe.Expectation]:
    return _rate_of("redemption_rate", "coupons_issued", "coupons_redeemed")


def community_event_performance(frames: MartFrames) -> list[gxe.Expectation]:
    return _rate_of("show_up_rate", "registrations", "check_ins")


def message_reach(frames: MartFrames) -> list[gxe.Expectation]:
    return _rate_of("delivery_rate", "sent", "delivered")


def social_conversion_comparison(frames: MartFrames) -> list[gxe.Expectation]:
    return _rate_of("conversion_rate", "people", "customers")


def kol_audience_mix(frames: MartFrames) -> list[gxe.Expectation]:
    return [_between("share_of_kol_people", 0, 1), _between("share_of_all_people", 0, 1)]


BUSINESS_SUITES: dict[str, SuiteBuilder] = {
    "customer_360": customer_360,
    "customer_rfm": customer_rfm,
    "customer_ltv": customer_ltv,
    "identity_map": identity_map,
    "fct_sessions": fct_sessions,
    "funnel_daily": funnel_daily,
    "funnel_campaign_daily": funnel_campaign_daily,
    "funnel_step_conversion": funnel_step_conversion,
    "cohort_retention": cohort_retention,
    "segment_definitions": segment_definitions,
    "quarantine_summary": quarantine_summary,
    "raw_table_reconciliation": raw_table_reconciliation,
    "fct_orders": fct_orders,
    "order_attribution": order_attribution,
    "coupon_redemption": coupon_redemption,
    "community_event_performance": community_event_performance,
    "message_channel_reach": message_reach,
    "message_campaign_reach": message_reach,
    "social_conversion_comparison": social_conversion_comparison,
    "kol_audience_mix": kol_audience_mix,
}
