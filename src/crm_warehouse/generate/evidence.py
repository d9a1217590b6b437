"""Which identifiers the data itself ties together: the ground truth for identity-resolution recall.

A person's identifiers are only resolvable when the exported data links them (a login on a
device, a phone bound to a WeChat account, a message sent to both a customer id and an openid).
A Douyin account that only ever liked posts is the same person in the generator's world, but no
export says so. This module computes, from each chunk's tables before defects are injected, the
groups of identifiers that some chain of such links connects; shared identifiers (store tablets,
placeholder phones, generic emails) never link. It is an independent implementation of the link
rules of RAW_DATA.md (scipy connected components over the clean tables), so the warehouse's SQL
graph over the defective data can be measured against it.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

EVIDENCE_SCHEMA = pa.schema(
    [
        ("identifier_type", pa.string()),
        ("identifier", pa.string()),
        ("evidence_group", pa.int64()),
    ]
)
# Groups of different chunks never meet: a chunk's group numbers start at chunk * this.
GROUPS_PER_CHUNK = 10**9

Link = tuple[str, pa.Array, str, pa.Array]


def bound_phone_e164(national: pa.Array) -> pa.Array:
    """The SCRM stores national digits: 11 for the mainland, 8 for Hong Kong."""
    mainland = pc.equal(pc.utf8_length(national), 11)
    return pc.if_else(
        mainland,
        pc.binary_join_element_wise("+86", national, ""),
        pc.binary_join_element_wise("+852", national, ""),
    )


def chunk_links(tables: dict[str, pa.Table]) -> list[Link]:
    """Every (type, ids, type, ids) pair of columns that name one person in one row."""
    customers = tables["shop_customers"]
    web = tables["web_events"]
    accounts = tables["social_accounts"]
    interactions = tables["social_interactions"]
    clicks = interactions.filter(pc.equal(interactions["interaction_type"], "click_link"))
    links: list[Link] = [
        ("customer_id", customers["customer_id"], "phone", customers["phone"]),
        ("customer_id", customers["customer_id"], "email", customers["email"]),
        ("anonymous_id", web["anonymous_id"], "customer_id", web["customer_id"]),
        ("anonymous_id", web["anonymous_id"], "social_id", web["social_id"]),
        ("social_id", accounts["social_id"], "union_id", accounts["union_id"]),
        ("social_id", accounts["social_id"], "phone", bound_phone_e164(accounts["phone"])),
        ("social_id", clicks["social_id"], "anonymous_id", clicks["anonymous_id"]),
        (
            "member_id",
            tables["loyalty_members"]["member_id"],
            "customer_id",
            tables["loyalty_members"]["customer_id"],
        ),
    ]
    for recipients in ("marketing_messages", "marketing_coupons", "event_registrations"):
        table = tables[recipients]
        links.append(("customer_id", table["customer_id"], "social_id", table["social_id"]))
    return [(lt, _strings(left), rt, _strings(right)) for lt, left, rt, right in links]


def _strings(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    return column.cast(pa.string())


def _keys(identifier_type: str, identifiers: pa.Array) -> pa.Array:
    return pc.binary_join_element_wise(identifier_type, identifiers, "\x1f")


def evidence_table(
    tables: dict[str, pa.Table], shared: dict[str, pa.Array], chunk: int
) -> pa.Table:
    """Identifier -> evidence group for every identifier that takes part in a link."""
    shared_keys = pa.concat_arrays(
        [_keys(kind, values.cast(pa.string())) for kind, values in shared.items()]
    )
    lefts, rights = [], []
    for left_type, left, right_type, right in chunk_links(tables):
        keep = pc.and_(pc.is_valid(left), pc.is_valid(right))
        left_keys = _keys(left_type, left.filter(keep))
        right_keys = _keys(right_type, right.filter(keep))
        bridging = pc.invert(
            pc.or_(pc.is_in(left_keys, shared_keys), pc.is_in(right_keys, shared_keys))
        )
        lefts.append(left_keys.filter(bridging))
        rights.append(right_keys.filter(bridging))
    left_all = pa.concat_arrays(lefts)
    right_all = pa.concat_arrays(rights)
    nodes = pc.unique(pa.concat_arrays([left_all, right_all]))
    left_index = pc.index_in(left_all, nodes).to_numpy()
    right_index = pc.index_in(right_all, nodes).to_numpy()
    n = len(nodes)
    graph = coo_matrix((np.ones(len(left_index), np.int8), (left_index, right_index)), (n, n))
    _, labels = connected_components(graph, directed=False)
    parts = pc.split_pattern(nodes, "\x1f", max_splits=1)
    return pa.table(
        {
            "identifier_type": pc.list_element(parts, 0),
            "identifier": pc.list_element(parts, 1),
            "evidence_group": pa.array(chunk * GROUPS_PER_CHUNK + labels.astype(np.int64)),
        },
        schema=EVIDENCE_SCHEMA,
    )
