"""The generator's identity evidence: links read from clean tables, shared ids never bridging."""

from __future__ import annotations

import pyarrow as pa

from crm_warehouse.generate.evidence import GROUPS_PER_CHUNK, evidence_table


def _table(**columns: list[str | None]) -> pa.Table:
    return pa.table({name: pa.array(values, pa.string()) for name, values in columns.items()})


def test_evidence_groups_follow_links_and_skip_shared_identifiers() -> None:
    # Person A: C1 with phone +8613900000001 (bound to WeChat o1 as national digits), device a1.
    # Person B: C2 on device a2 and on the shared tablet t1 (also used by C1). Person C: a Douyin
    # account d1 that only clicked a link opening device a3.
    tables = {
        "shop_customers": _table(
            customer_id=["C1", "C2"], phone=["+8613900000001", None], email=[None, "b@x.cn"]
        ),
        "web_events": _table(
            anonymous_id=["a1", "a2", "t1", "t1", "a3"],
            customer_id=["C1", "C2", "C1", "C2", None],
            social_id=[None, None, None, None, None],
        ),
        "social_accounts": _table(
            social_id=["o1", "d1"], union_id=["u1", None], phone=["13900000001", None]
        ),
        "social_interactions": _table(
            social_id=["d1", "o1"],
            interaction_type=["click_link", "like"],
            anonymous_id=["a3", "a9"],
        ),
        "loyalty_members": _table(member_id=["M1"], customer_id=["C2"]),
        "marketing_messages": _table(customer_id=[], social_id=[]),
        "marketing_coupons": _table(customer_id=[], social_id=[]),
        "event_registrations": _table(customer_id=[], social_id=[]),
    }
    shared = {"anonymous_id": pa.array(["t1"])}
    evidence = evidence_table(tables, shared, chunk=5).to_pylist()
    group = {(row["identifier_type"], row["identifier"]): row["evidence_group"] for row in evidence}

    person_a = {("customer_id", "C1"), ("phone", "+8613900000001"), ("anonymous_id", "a1"),
                ("social_id", "o1"), ("union_id", "u1")}  # fmt: skip
    person_b = {("customer_id", "C2"), ("email", "b@x.cn"), ("anonymous_id", "a2"),
                ("member_id", "M1")}  # fmt: skip
    person_c = {("social_id", "d1"), ("anonymous_id", "a3")}
    assert set(group) == person_a | person_b | person_c  # t1 and the like's a9 link nothing
    for person in (person_a, person_b, person_c):
        assert len({group[key] for key in person}) == 1
    assert len({group[next(iter(p))] for p in (person_a, person_b, person_c)}) == 3
    assert all(5 * GROUPS_PER_CHUNK <= g < 6 * GROUPS_PER_CHUNK for g in group.values())
