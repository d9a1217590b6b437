"""customer_360 and fct_touchpoints against the generator's truth and their own invariants."""

from __future__ import annotations

import re

import pandas as pd

from tests.conftest import GeneratedData, Warehouse

# Channels a person is acquired through on the web: the generator's acquisition visit is the
# person's first session, so first touch must recover it unless that visit happened on a device
# no export links to the person. Store and marketplace people are excluded: their social
# accounts (and likes) may predate their first order, and first touch counts those.
WEB_ACQUISITION_CHANNELS = {
    "direct", "organic_search", "paid_search", "social_organic", "social_paid", "kol",
    "referral", "display",
}  # fmt: skip
MIN_WEB_ACQUISITION_AGREEMENT = 0.90


def _people_with_truth(small_data: GeneratedData, small_warehouse: Warehouse) -> pd.DataFrame:
    people = small_data.truth("people").dropna(subset=["customer_id"])
    resolved = small_warehouse.query(
        "select identifier as customer_id, person_id as predicted_person_id"
        " from intermediate.int_identifiers_resolved where identifier_type = 'customer_id'"
    )
    customer_360 = small_warehouse.query(
        "select person_id as predicted_person_id, lifecycle_layer, acquisition_channel"
        " from marts.customer_360"
    )
    return people.merge(resolved, on="customer_id").merge(customer_360, on="predicted_person_id")


def test_layers_never_claim_more_than_the_truth(
    small_data: GeneratedData, small_warehouse: Warehouse
) -> None:
    joined = _people_with_truth(small_data, small_warehouse)
    members = joined[joined["lifecycle_layer"] == "member"]
    customers = joined[joined["lifecycle_layer"].isin(["customer", "member"])]
    assert len(members) > 0 and len(customers) > 0
    assert members["is_member"].all()
    assert customers["is_buyer"].all()
    # and they find most of it: members lost only with membership rows lost to defects
    true_members = joined[joined["is_member"]]
    defect_rate = small_data.parameters()["defect_rate"]
    found = (true_members["lifecycle_layer"] == "member").mean()
    assert found >= 1 - 10 * defect_rate, found


def test_first_touch_recovers_web_acquisition_channels(
    small_data: GeneratedData, small_warehouse: Warehouse
) -> None:
    joined = _people_with_truth(small_data, small_warehouse)
    web = joined[joined["acquisition_channel_group"].isin(WEB_ACQUISITION_CHANNELS)]
    assert len(web) > 200
    agreement = (web["acquisition_channel_group"] == web["acquisition_channel"]).mean()
    assert agreement >= MIN_WEB_ACQUISITION_AGREEMENT, agreement


def test_every_person_once_crawlers_excluded(
    small_data: GeneratedData, small_warehouse: Warehouse
) -> None:
    persons = small_warehouse.scalar(
        "select count(distinct person_id) from intermediate.int_identifiers_resolved"
        " where not is_shared"
    )
    rows, distinct = small_warehouse.query(
        "select count(*) as n, count(distinct person_id) as d from marts.customer_360"
    ).iloc[0]
    assert rows == distinct
    identities = small_data.truth("identities")
    bots = identities[identities["owner_kind"] == "bot"]["identifier"].tolist()
    assert bots, "the generator makes at least one crawler"
    bot_people = small_warehouse.query(
        "select distinct person_id from intermediate.int_identifiers_resolved"
        " where identifier_type = 'anonymous_id' and list_contains(?, identifier)",
        [bots],
    )["person_id"]
    in_360 = small_warehouse.query(
        "select count(*) as n from marts.customer_360 where list_contains(?, person_id)",
        [bot_people.tolist()],
    )["n"].iloc[0]
    assert in_360 == 0
    assert rows == persons - len(bot_people)


def test_touchpoint_timeline_is_in_time_order(small_warehouse: Warehouse) -> None:
    disordered = small_warehouse.scalar(
        """
        select count(*) from (
            select
                occurred_at,
                lag(occurred_at) over (
                    partition by person_id order by person_touchpoint_number
                ) as previous_at
            from marts.fct_touchpoints
        ) where occurred_at < previous_at
        """
    )
    assert disordered == 0
    systems = set(
        small_warehouse.query("select distinct source_system from marts.fct_touchpoints")[
            "source_system"
        ]
    )
    assert systems == {"web", "social", "marketing", "shop", "service", "loyalty"}


def test_customer_360_holds_no_plain_phone_or_email(
    small_data: GeneratedData, small_warehouse: Warehouse
) -> None:
    """No text column of customer_360 holds an account's email or phone, in any format: only
    hashes and masked forms (138****8000, a***@domain) reach the mart."""
    accounts = small_data.raw("shop_customers")
    emails = set(accounts["email"].dropna().str.strip().str.lower())
    phone_digits = {_digits(phone) for phone in accounts["phone"].dropna()}
    phone_digits |= {digits[2:] for digits in phone_digits if digits.startswith("86")}
    phone_digits = {digits for digits in phone_digits if len(digits) >= 8}
    mart = small_warehouse.query("select * from marts.customer_360")
    text_columns = [name for name in mart.columns if pd.api.types.is_string_dtype(mart[name])]
    assert {"phone_masked", "email_masked"} <= set(text_columns)
    for column in text_columns:
        values = {str(value).strip().lower() for value in mart[column].dropna()}
        assert not values & emails, column
        assert not {_digits(value) for value in values} & phone_digits, column
    assert mart["phone_masked"].dropna().str.contains(r"\*\*\*\*").all()


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)
