"""Ground-truth tables: who every identifier belongs to, the people and their hidden traits."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crm_warehouse.generate import text
from crm_warehouse.generate.params import (
    ACQUISITION_CHANNELS,
    CHANNEL_GROUPS,
    FUNNEL_STEPS,
    GeneratorParams,
)
from crm_warehouse.generate.people import CITIES, GENDERS, People
from crm_warehouse.generate.reference import Reference

IDENTITIES_SCHEMA = pa.schema(
    [
        ("identifier_type", pa.string()),
        ("identifier", pa.string()),
        ("person_id", pa.string()),
        ("is_shared", pa.bool_()),
        ("owner_kind", pa.string()),
    ]
)
SHARED_USES_SCHEMA = pa.schema(
    [
        ("identifier_type", pa.string()),
        ("identifier", pa.string()),
        ("person_id", pa.string()),
    ]
)
REFERRALS_SCHEMA = pa.schema(
    [
        ("person_id", pa.string()),
        ("referrer_person_id", pa.string()),
        ("depth", pa.int64()),
    ]
)
PEOPLE_SCHEMA = pa.schema(
    [
        ("person_id", pa.string()),
        ("customer_id", pa.string()),
        ("acquisition_channel_group", pa.string()),
        ("acquisition_campaign_id", pa.string()),
        ("kol_id", pa.string()),
        ("guide_id", pa.string()),
        ("store_id", pa.string()),
        ("first_seen_at", pa.timestamp("s", tz="UTC")),
        ("registered_at", pa.timestamp("s", tz="UTC")),
        ("is_browse_only", pa.bool_()),
        ("is_social_interactor", pa.bool_()),
        ("is_follower", pa.bool_()),
        ("is_buyer", pa.bool_()),
        ("is_brand_loyal", pa.bool_()),
        ("loyal_brand", pa.string()),
        ("is_discount_only", pa.bool_()),
        ("is_festival_only", pa.bool_()),
        ("is_influencer", pa.bool_()),
        ("referred_by_person_id", pa.string()),
        ("is_member", pa.bool_()),
        ("member_id", pa.string()),
        ("churned_at", pa.timestamp("s", tz="UTC")),
        ("purchase_rate_per_day", pa.float64()),
        ("dropout_probability", pa.float64()),
        ("expected_order_value_cny", pa.float64()),
        ("age", pa.int64()),
        ("gender", pa.string()),
        ("city", pa.string()),
        ("is_hong_kong", pa.bool_()),
    ]
)
FUNNEL_SCHEMA = pa.schema(
    [
        ("channel_group", pa.string()),
        ("step_number", pa.int64()),
        ("from_step", pa.string()),
        ("to_step", pa.string()),
        ("conversion_probability", pa.float64()),
    ]
)


def person_ids(global_index: np.ndarray) -> pa.Array:
    return text.numbered_ids("P", np.asarray(global_index) + 1, 7)


def identities(kind: str, identifiers: pa.Array, person_index: np.ndarray) -> pa.Table:
    n = len(identifiers)
    return pa.table(
        {
            "identifier_type": pa.array([kind] * n, pa.string()),
            "identifier": identifiers,
            "person_id": person_ids(person_index),
            "is_shared": np.zeros(n, bool),
            "owner_kind": pa.array(["person"] * n, pa.string()),
        },
        schema=IDENTITIES_SCHEMA,
    )


def unowned_identities(kind: str, identifiers: pa.Array, owner_kind: str) -> pa.Table:
    n = len(identifiers)
    return pa.table(
        {
            "identifier_type": pa.array([kind] * n, pa.string()),
            "identifier": identifiers,
            "person_id": text.null_strings(n),
            "is_shared": np.full(n, owner_kind == "shared"),
            "owner_kind": pa.array([owner_kind] * n, pa.string()),
        },
        schema=IDENTITIES_SCHEMA,
    )


def shared_uses(kind: str, identifiers: pa.Array, person_index: np.ndarray) -> pa.Table:
    table = pa.table(
        {
            "identifier_type": pa.array([kind] * len(identifiers), pa.string()),
            "identifier": identifiers,
            "person_id": person_ids(person_index),
        },
        schema=SHARED_USES_SCHEMA,
    )
    return (
        table.group_by(["identifier_type", "identifier", "person_id"], use_threads=False)
        .aggregate([])
        .sort_by([("identifier", "ascending"), ("person_id", "ascending")])
    )


def people_table(
    people: People,
    customer_id: pa.Array,
    member_id: pa.Array,
    churned_at: np.ndarray,
    seen_on_social: np.ndarray,
    params: GeneratorParams,
    reference: Reference,
    campaign_ids: list[str],
    brands: tuple[str, ...],
) -> pa.Table:
    """One row per true person: what the marts must rediscover."""
    global_index = people.global_index
    referrer = people.referrer

    def timestamps(values: np.ndarray) -> pa.Array:
        return pa.array(values, pa.timestamp("s", tz="UTC"), mask=values < 0)

    store = np.where(
        people.guide >= 0,
        reference.guide_store[np.maximum(people.guide, 0)],
        np.where(people.acquired_by("store_guide"), people.home_store, -1),
    )
    return pa.table(
        {
            "person_id": person_ids(global_index),
            "customer_id": customer_id,
            "acquisition_channel_group": text.pick(ACQUISITION_CHANNELS, people.acquisition),
            "acquisition_campaign_id": pa.array(campaign_ids, pa.string()).take(
                pa.array(
                    np.maximum(people.acquisition_campaign, 0), mask=people.acquisition_campaign < 0
                )
            ),
            "kol_id": text.pick(reference.kol_ids, np.maximum(people.kol, 0), people.kol >= 0),
            "guide_id": text.pick(
                reference.guide_ids, np.maximum(people.guide, 0), people.guide >= 0
            ),
            "store_id": text.pick(reference.store_ids, np.maximum(store, 0), store >= 0),
            "first_seen_at": timestamps(people.first_seen),
            "registered_at": timestamps(people.registered_at),
            "is_browse_only": ~people.is_registered & ~seen_on_social,
            "is_social_interactor": people.is_interactor,
            "is_follower": people.is_follower,
            "is_buyer": people.is_buyer,
            "is_brand_loyal": people.loyal_brand >= 0,
            "loyal_brand": text.pick(
                brands, np.maximum(people.loyal_brand, 0), people.loyal_brand >= 0
            ),
            "is_discount_only": people.is_discount_only,
            "is_festival_only": people.is_festival_only,
            "is_influencer": people.is_influencer,
            "referred_by_person_id": pc.if_else(
                pa.array(referrer >= 0),
                person_ids(people.offset + np.maximum(referrer, 0)),
                text.null_strings(people.n),
            ),
            "is_member": member_id.is_valid(),
            "member_id": member_id,
            "churned_at": timestamps(churned_at),
            "purchase_rate_per_day": people.purchase_rate,
            "dropout_probability": people.dropout_probability,
            "expected_order_value_cny": params.spend_shape_p / people.spend_rate,
            "age": ((people.first_seen // 86_400 - people.birth_day) // 365).astype(np.int64),
            "gender": text.pick(GENDERS, people.gender),
            "city": text.pick(CITIES, people.city),
            "is_hong_kong": people.is_hong_kong,
        },
        schema=PEOPLE_SCHEMA,
    )


def referrals_table(people: People) -> pa.Table:
    referred = np.flatnonzero(people.referrer >= 0)
    return pa.table(
        {
            "person_id": person_ids(people.offset + referred),
            "referrer_person_id": person_ids(people.offset + people.referrer[referred]),
            "depth": people.referral_depth[referred].astype(np.int64),
        },
        schema=REFERRALS_SCHEMA,
    )


def funnel_table(funnel: dict[str, tuple[float, ...]]) -> pa.Table:
    rows = [
        (group, step + 1, FUNNEL_STEPS[step], FUNNEL_STEPS[step + 1], funnel[group][step])
        for group in CHANNEL_GROUPS
        for step in range(len(FUNNEL_STEPS) - 1)
    ]
    return pa.table(list(zip(*rows, strict=True)), schema=FUNNEL_SCHEMA)
