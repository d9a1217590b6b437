"""order_attribution and the channel and campaign performance marts.

Reconciliation is checked exactly, in SQL on decimals, against the warehouse's order fact and
campaigns; the attribution itself against the generator's truth: a web-acquired person's first
web order is placed in a session that came through their acquisition channel
(generate/web.py, "the first order comes through the acquisition channel"). The hand-computed
credits of every model are dbt unit tests (models/intermediate/attribution/).
"""

from __future__ import annotations

import math

import pytest

from crm_warehouse.contract import DEFECT_HANDLING

from .conftest import GeneratedData, Warehouse

MODELS = {"first_touch", "last_touch", "last_non_direct", "linear", "position_based", "time_decay"}
OFFLINE_ACQUISITION = {"store_guide", "marketplace"}
WEB_ORDER_CHANNELS = ("web", "app", "mini_program")
# Standard errors of a binomial proportion allowed above the expected mismatch share.
STANDARD_ERRORS = 4.0


def test_every_model_reconciles_to_the_order_fact(small_warehouse: Warehouse) -> None:
    per_model = small_warehouse.query(
        """
        with revenue_orders as (
            select count(*) as orders, sum(net_revenue_cny) as net_revenue
            from intermediate.int_orders_netted
            where is_revenue_order
        ),
        per_model as (
            select
                attribution_model,
                count(distinct order_id) as orders,
                sum(credit) as credits,
                sum(revenue_credit) as revenue
            from marts.order_attribution
            group by attribution_model
        )
        select
            per_model.attribution_model,
            per_model.orders,
            per_model.orders = revenue_orders.orders as has_every_order,
            per_model.credits = revenue_orders.orders as credits_count_orders,
            per_model.revenue = revenue_orders.net_revenue as revenue_reconciles,
            cast(per_model.revenue - revenue_orders.net_revenue as varchar) as revenue_gap
        from per_model
        cross join revenue_orders
        """
    )
    assert set(per_model["attribution_model"]) == MODELS
    assert (per_model["orders"] > 0).all()
    broken = per_model[
        ~(
            per_model["has_every_order"]
            & per_model["credits_count_orders"]
            & per_model["revenue_reconciles"]
        )
    ]
    assert broken.empty, broken.to_string()


def test_credits_are_exact_per_order(small_warehouse: Warehouse) -> None:
    inexact = small_warehouse.scalar(
        """
        select count(*)
        from (
            select order_id, attribution_model
            from marts.order_attribution
            group by order_id, attribution_model
            having sum(credit) != 1 or sum(revenue_credit) != max(order_net_revenue_cny)
        ) as orders
        """
    )
    assert inexact == 0


def _lost_web_event_share(small_data: GeneratedData) -> float:
    """Share of the generator's web events (copies aside) that staging must quarantine: a lost
    landing event hands its session's source to the next event, which carries none."""
    lost_kinds = {
        kind
        for kind, handling in DEFECT_HANDLING.items()
        if handling.startswith("quarantine:") and kind != "duplicate_row"
    }
    defects = small_data.truth("defects")
    web = defects[defects["table_name"] == "web_events"]
    copies = int((web["defect_kind"] == "duplicate_row").sum())
    # one defect row per corrupted event (a missing-key event has no row_key to count by)
    lost = int(web["defect_kind"].isin(lost_kinds).sum())
    events = len(small_data.raw("web_events")) - copies
    return lost / events


def test_last_touch_of_first_web_order_is_the_acquisition_channel(
    small_data: GeneratedData, small_warehouse: Warehouse
) -> None:
    people = small_data.truth("people").dropna(subset=["customer_id"])
    web_people = people[~people["acquisition_channel_group"].isin(OFFLINE_ACQUISITION)]
    resolved = small_warehouse.query(
        "select identifier as customer_id, person_id as warehouse_person_id"
        " from intermediate.int_identifiers_resolved where identifier_type = 'customer_id'"
    )
    first_web_orders = small_warehouse.query(
        """
        with web_orders as (
            select
                order_id,
                person_id,
                row_number() over (
                    partition by person_id order by ordered_at, order_id
                ) as web_order_number
            from intermediate.int_orders_netted
            where person_id is not null and channel in (?, ?, ?)
        )
        select web_orders.person_id as warehouse_person_id, attribution.channel_group
        from web_orders
        inner join marts.order_attribution as attribution
            on web_orders.order_id = attribution.order_id
        where
            web_orders.web_order_number = 1
            and attribution.attribution_model = 'last_touch'
        """,
        list(WEB_ORDER_CHANNELS),
    )
    joined = web_people.merge(resolved, on="customer_id").merge(
        first_web_orders, on="warehouse_person_id"
    )
    n = len(joined)
    assert n > 100, "too few web-acquired people with a web order to judge"
    mismatch = float((joined["channel_group"] != joined["acquisition_channel_group"]).mean())
    expected = _lost_web_event_share(small_data)
    tolerance = STANDARD_ERRORS * math.sqrt(max(expected, 1 / n) * (1 - expected) / n)
    assert mismatch <= expected + tolerance, (
        f"{mismatch:.3f} of {n} first web orders not last-touched by the acquisition channel "
        f"(expected at most {expected:.3f} + {tolerance:.3f})"
    )


def test_channel_performance_reconciles(small_warehouse: Warehouse) -> None:
    totals = small_warehouse.query(
        """
        select
            (select sum(campaign_cost) from staging.stg_marketing__campaigns) as campaigns_cost,
            (select sum(campaign_cost) from marts.channel_performance_monthly) as channel_cost,
            (select sum(campaign_cost) from marts.campaign_performance_monthly) as campaign_cost,
            (
                select sum(revenue_credit) from marts.order_attribution
                where attribution_model = (
                    select max(attribution_model) from marts.channel_performance_monthly
                )
            ) as attributed_revenue,
            (
                select sum(revenue_credit) from marts.order_attribution
                where
                    campaign_id is not null
                    and attribution_model = (
                        select max(attribution_model) from marts.campaign_performance_monthly
                    )
            ) as campaign_attributed_revenue,
            (select sum(attributed_revenue) from marts.channel_performance_monthly)
                as channel_revenue,
            (select count(*) from intermediate.int_orders_netted where is_revenue_order)
                as revenue_orders,
            (select sum(attributed_orders) from marts.channel_performance_monthly)
                as channel_attributed_orders,
            (select sum(attributed_revenue) from marts.campaign_performance_monthly)
                as campaign_revenue,
            (select count(*) from marts.customer_360 where first_order_at is not null)
                as customers,
            (select sum(new_customers) from marts.channel_performance_monthly)
                as channel_new_customers,
            (
                select count(*) from marts.customer_acquisition
                where first_order_at is not null and acquisition_campaign_id is not null
            ) as campaign_customers,
            (select sum(new_customers) from marts.campaign_performance_monthly)
                as campaign_new_customers,
            (select count(*) from marts.fct_sessions where not is_bot) as human_sessions,
            (select sum(sessions) from marts.channel_performance_monthly) as channel_sessions,
            (
                select count(*) from marts.fct_sessions
                where not is_bot and utm_campaign is not null
            ) as tagged_human_sessions,
            (select sum(sessions) from marts.campaign_performance_monthly) as campaign_sessions
        """
    ).iloc[0]
    assert totals["campaigns_cost"] > 0
    assert totals["channel_cost"] == totals["campaigns_cost"]
    assert totals["campaign_cost"] == totals["campaigns_cost"]
    assert totals["channel_revenue"] == totals["attributed_revenue"]
    # every revenue order's credits sum to exactly 1, whichever channels share them
    assert totals["revenue_orders"] > 0
    assert totals["channel_attributed_orders"] == totals["revenue_orders"]
    assert totals["campaign_revenue"] == totals["campaign_attributed_revenue"]
    assert totals["channel_new_customers"] == totals["customers"]
    assert totals["campaign_customers"] > 0
    assert totals["campaign_new_customers"] == totals["campaign_customers"]
    assert totals["channel_sessions"] == totals["human_sessions"]
    assert totals["tagged_human_sessions"] > 0
    assert totals["campaign_sessions"] == totals["tagged_human_sessions"]


@pytest.mark.parametrize("mart", ["channel_performance_monthly", "campaign_performance_monthly"])
def test_cac_and_roas_follow_their_definitions(small_warehouse: Warehouse, mart: str) -> None:
    rows = small_warehouse.query(
        f"""
        select new_customers, campaign_cost, attributed_revenue, cac, roas
        from marts.{mart}
        """
    )
    costed = rows[(rows["campaign_cost"] > 0) & (rows["new_customers"] > 0)]
    assert len(costed) > 0
    expected_cac = costed["campaign_cost"] / costed["new_customers"]
    assert ((costed["cac"] - expected_cac).abs() <= 0.005 + 1e-9).all()
    assert rows.loc[rows["new_customers"] == 0, "cac"].isna().all()
    paid = rows[rows["campaign_cost"] > 0]
    assert ((paid["roas"] - paid["attributed_revenue"] / paid["campaign_cost"]).abs() < 1e-9).all()
    assert rows.loc[rows["campaign_cost"] == 0, "roas"].isna().all()
