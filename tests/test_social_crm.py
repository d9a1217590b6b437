"""Social CRM marts against the generator's truth: message open rates per channel and the
people each sharer referred (directly and along chains of referrals)."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import pandas as pd
import pytest
import yaml

from crm_warehouse.contract import DEFECT_HANDLING
from crm_warehouse.paths import PROJECT_ROOT

from .conftest import GeneratedData, Warehouse

VARS: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text())["vars"]
# A measured rate may differ from the generator's by this many binomial standard errors.
STANDARD_ERRORS = 4
# Defects that lose a row (a duplicate loses only a copy: the original is kept).
ROW_LOSING_DEFECTS = {
    kind
    for kind, handling in DEFECT_HANDLING.items()
    if handling.startswith("quarantine:") and kind != "duplicate_row"
}


def test_open_rates_per_channel_match_the_generator(
    small_data: GeneratedData, small_warehouse: Warehouse
) -> None:
    """The generator opens a delivered message with its channel's open_rate; a message sent so
    late that its open would fall after the end of the data is never opened, but messages go
    out at the start of monthly campaigns and opens follow within hours, so none is cut."""
    open_rates: dict[str, float] = small_data.parameters()["open_rate"]
    reach = small_warehouse.query(
        "select channel, delivered, opened, open_rate from marts.message_channel_reach"
    ).set_index("channel")
    assert set(open_rates) <= set(reach.index)
    for channel, expected in open_rates.items():
        delivered = int(reach.loc[channel, "delivered"])
        assert delivered > 100, channel
        assert reach.loc[channel, "open_rate"] == pytest.approx(
            reach.loc[channel, "opened"] / delivered
        )
        standard_error = math.sqrt(expected * (1 - expected) / delivered)
        measured = float(reach.loc[channel, "open_rate"])
        assert abs(measured - expected) <= STANDARD_ERRORS * standard_error, (
            channel,
            measured,
            expected,
            delivered,
        )


def observable_referrals(data: GeneratedData) -> pd.DataFrame:
    """The truth's referrals the exports can show: the referred person's click on the shared
    link is a click_link row naming the sharer's social id; a click row the warehouse must
    quarantine (missing key, unreadable, future or pre-opening timestamp, unknown enum) loses
    that referral. Returns referrer and referred truth person ids plus the referrer's social id.
    """
    clicks = data.raw("social_interactions")
    clicks = clicks[
        clicks["referrer_social_id"].notna()
        & clicks["interaction_id"].notna()
        & (clicks["interaction_type"] == "click_link")
    ]
    defects = data.truth("defects")
    lost = defects[
        (defects["table_name"] == "social_interactions")
        & defects["defect_kind"].isin(ROW_LOSING_DEFECTS)
    ]["row_key"]
    clicks = clicks[~clicks["interaction_id"].isin(lost)].drop_duplicates("interaction_id")
    identities = data.truth("identities")
    social_owner = identities[identities["identifier_type"] == "social_id"].set_index("identifier")[
        "person_id"
    ]
    observed = pd.DataFrame(
        {
            "referrer_social_id": clicks["referrer_social_id"].to_numpy(),
            "referrer_person_id": clicks["referrer_social_id"].map(social_owner).to_numpy(),
            "person_id": clicks["social_id"].map(social_owner).to_numpy(),
        }
    )
    truth = data.truth("referrals")
    # every observable click is a true referral
    matched = observed.merge(truth, on=["person_id", "referrer_person_id"], how="left")
    assert matched["depth"].notna().all()
    return observed.drop_duplicates(["referrer_person_id", "person_id"])


def truth_reach(referrals: pd.DataFrame, max_depth: int) -> dict[str, int]:
    """People reached from each sharer along the referral tree, at most max_depth links."""
    children: dict[str, list[str]] = defaultdict(list)
    pairs = zip(referrals["referrer_person_id"], referrals["person_id"], strict=True)
    for referrer, referred in pairs:
        children[referrer].append(referred)
    reach: dict[str, int] = {}
    for root in list(children):
        seen: set[str] = set()
        frontier = [root]
        for _ in range(max_depth):
            frontier = [
                c for p in frontier for c in children.get(p, []) if c not in seen and c != root
            ]
            seen.update(frontier)
        reach[root] = len(seen)
    return reach


def test_referred_people_equal_the_truth_where_observable(
    small_data: GeneratedData, small_warehouse: Warehouse
) -> None:
    truth = small_data.truth("referrals")
    observed = observable_referrals(small_data)
    # only the click rows the warehouse must quarantine are lost
    defect_rate = small_data.parameters()["defect_rate"]
    assert len(observed) >= len(truth) * (1 - 10 * defect_rate)

    social_people = small_warehouse.query(
        "select social_id as referrer_social_id, person_id as warehouse_person_id"
        " from intermediate.int_social_ids_resolved"
    )
    referrers = (
        observed[["referrer_person_id", "referrer_social_id"]]
        .drop_duplicates("referrer_person_id")
        .merge(social_people, on="referrer_social_id", how="left")
    )
    assert referrers["warehouse_person_id"].notna().all()
    assert referrers["warehouse_person_id"].is_unique

    influence = small_warehouse.query(
        "select person_id as warehouse_person_id, direct_referrals, people_reached"
        " from marts.customer_influence"
    )
    compared = referrers.merge(influence, on="warehouse_person_id", how="left").fillna(0)
    direct = observed.groupby("referrer_person_id").size()
    reach = truth_reach(observed, int(VARS["referral_max_depth"]))
    compared["true_direct"] = compared["referrer_person_id"].map(direct)
    compared["true_reach"] = compared["referrer_person_id"].map(reach)
    assert (compared["direct_referrals"] == compared["true_direct"]).all(), compared[
        compared["direct_referrals"] != compared["true_direct"]
    ]
    assert (compared["people_reached"] == compared["true_reach"]).all(), compared[
        compared["people_reached"] != compared["true_reach"]
    ]
    # and no one else is credited with referrals
    total = small_warehouse.scalar("select sum(direct_referrals) from marts.customer_influence")
    assert total == len(observed)
    assert truth["depth"].max() > 1, "the truth holds chains to follow"


def test_people_who_interacted_convert_more_than_plain_visitors(
    small_data: GeneratedData, small_warehouse: Warehouse
) -> None:
    """The generator makes a social interactor social_conversion_multiplier times as likely
    to buy as anyone else."""
    assert small_data.parameters()["social_conversion_multiplier"] > 1
    comparison = small_warehouse.query(
        "select visitor_group, people, conversion_lift from marts.social_conversion_comparison"
    ).set_index("visitor_group")
    assert comparison["people"].min() > 100
    assert comparison.loc["interacted", "conversion_lift"] > 1


def test_guide_recruits_never_exceed_the_truth_and_miss_little(
    small_data: GeneratedData, small_warehouse: Warehouse
) -> None:
    """The generator gives a store person a shopping guide who adds her as a friend (and a
    membership she joins is a guide_qr one with that guide); rows lost to quarantine can only
    lower the warehouse's counts."""
    people = small_data.truth("people")
    with_guide = people[people["guide_id"].notna()]
    true_friends = with_guide.groupby("guide_id").size()
    true_members = with_guide[with_guide["is_member"]].groupby("guide_id").size()
    guides = small_warehouse.query(
        "select guide_id, friends_added, members_recruited from marts.shopping_guide_performance"
    ).set_index("guide_id")
    friends = guides["friends_added"]
    members = guides["members_recruited"]
    assert (friends <= true_friends.reindex(friends.index, fill_value=0)).all()
    assert (members <= true_members.reindex(members.index, fill_value=0)).all()
    defect_rate = small_data.parameters()["defect_rate"]
    assert friends.sum() >= true_friends.sum() * (1 - 10 * defect_rate)
    assert members.sum() >= true_members.sum() * (1 - 10 * defect_rate)
