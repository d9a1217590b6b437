"""The synthetic data generator: determinism, the raw contract, defects and ground truth.

Expected values come from the generator's parameters (GeneratorParams) and from recomputing
outcomes on the raw files, never from numbers copied from a run. Tolerances are binomial.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from crm_warehouse.contract import DEFECT_HANDLING, ENUMS, RAW_TABLES, RAW_TABLES_BY_NAME
from crm_warehouse.generate.params import CHANNEL_GROUPS, GeneratorParams
from crm_warehouse.generate.pipeline import generate
from crm_warehouse.generate.reference import REFERENCE_DIR

PEOPLE = 1_500
SEED = 7
Z = 4.0  # standard errors allowed before a statistical check fails


def _generate(root: Path, name: str, **overrides) -> Path:
    out = root / name
    generate(GeneratorParams(**{"people": PEOPLE, "seed": SEED, **overrides}), out, progress=False)
    return out


@pytest.fixture(scope="module")
def datasets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("generated")
    return {
        "base": _generate(root, "base"),
        "again": _generate(root, "again"),
        "other_seed": _generate(root, "other_seed", seed=SEED + 1),
        "double": _generate(root, "double", people=2 * PEOPLE),
        "defect_heavy": _generate(root, "defect_heavy", defect_rate=0.04),
    }


@pytest.fixture(scope="module")
def base(datasets: dict[str, Path]) -> Path:
    return datasets["base"]


@pytest.fixture(scope="module")
def params(base: Path) -> dict:
    return json.loads((base / "truth" / "parameters.json").read_text())


def raw(out: Path, table: str) -> pd.DataFrame:
    return pq.read_table(out / "raw" / f"{table}.parquet").to_pandas()


def truth(out: Path, table: str) -> pd.DataFrame:
    return pq.read_table(out / "truth" / f"{table}.parquet").to_pandas()


def binomial_tolerance(p: float, n: int) -> float:
    return Z * math.sqrt(max(p * (1 - p), 1e-9) / max(n, 1)) + 1.0 / max(n, 1)


def defect_rows(out: Path, table: str) -> set[str]:
    defects = truth(out, "defects")
    return set(defects.loc[defects["table_name"] == table, "row_key"])


def with_row_key(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    parts = [frame[c].astype("string").fillna("") for c in RAW_TABLES_BY_NAME[table].key]
    key = parts[0]
    for part in parts[1:]:
        key = key + "|" + part
    return frame.assign(row_key=key)


def clean_rows(out: Path, table: str) -> pd.DataFrame:
    """Raw rows that carry no recorded defect (and no duplicate copy)."""
    frame = with_row_key(raw(out, table), table)
    frame = frame[~frame["row_key"].isin(defect_rows(out, table))]
    return frame.drop_duplicates()


# --- timestamps in the four export formats --------------------------------------------------


def parse_any_timestamp(value: str) -> dt.datetime | None:
    """UTC instant of a timestamp in any of the four formats, or None when unparseable."""
    value = value.strip()
    shanghai = dt.timezone(dt.timedelta(hours=8))
    if re.fullmatch(r"-?\d+", value):
        return dt.datetime.fromtimestamp(int(value) // 1000, dt.UTC)
    for pattern, zone in (("%Y-%m-%dT%H:%M:%SZ", dt.UTC), ("%Y-%m-%d %H:%M:%S", shanghai)):
        try:
            return dt.datetime.strptime(value, pattern).replace(tzinfo=zone).astimezone(dt.UTC)
        except ValueError:
            pass
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.astimezone(dt.UTC) if parsed.tzinfo else None


# --- determinism and the contract -----------------------------------------------------------


def test_same_seed_gives_identical_bytes(datasets: dict[str, Path]) -> None:
    first, second = datasets["base"], datasets["again"]
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for relative in files:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative


def test_different_seed_gives_different_data(datasets: dict[str, Path]) -> None:
    for table in ("shop_orders", "web_events", "social_interactions"):
        first = (datasets["base"] / "raw" / f"{table}.parquet").read_bytes()
        assert first != (datasets["other_seed"] / "raw" / f"{table}.parquet").read_bytes()


def test_every_contract_table_has_exactly_the_contract_schema(base: Path, tmp_path: Path) -> None:
    tiny = tmp_path / "tiny"
    generate(GeneratorParams(people=3, seed=1), tiny, progress=False)
    for out in (base, tiny):
        written = {p.stem for p in (out / "raw").glob("*.parquet")}
        assert written == {t.name for t in RAW_TABLES}
        for table in RAW_TABLES:
            schema = pq.read_schema(out / "raw" / f"{table.name}.parquet")
            assert schema.names == table.column_names
            assert schema.equals(table.arrow_schema(), check_metadata=False), table.name
    # Three people leave some tables empty: they are written all the same, with their schema.
    empty = [
        t.name
        for t in RAW_TABLES
        if pq.read_metadata(tiny / "raw" / f"{t.name}.parquet").num_rows == 0
    ]
    assert empty, "a three-person dataset should leave at least one table empty"


def test_row_counts_scale_linearly(datasets: dict[str, Path]) -> None:
    for table in (
        "shop_customers",
        "shop_orders",
        "web_events",
        "social_interactions",
        "marketing_messages",
        "loyalty_points",
    ):
        single = pq.read_metadata(datasets["base"] / "raw" / f"{table}.parquet").num_rows
        double = pq.read_metadata(datasets["double"] / "raw" / f"{table}.parquet").num_rows
        assert 1.6 < double / single < 2.4, (table, single, double)


def test_web_activity_is_about_150_events_per_person(base: Path) -> None:
    events = pq.read_metadata(base / "raw" / "web_events.parquet").num_rows
    assert 100 < events / PEOPLE < 200


# --- defects --------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", ["base", "defect_heavy"])
def test_defect_rate_is_honoured_per_kind(datasets: dict[str, Path], dataset: str) -> None:
    base = datasets[dataset]
    rate = json.loads((base / "truth" / "parameters.json").read_text())["defect_rate"]
    defects = truth(base, "defects")
    exposure = truth(base, "defect_exposure")
    assert set(defects["defect_kind"]) <= set(DEFECT_HANDLING)
    assert "superseded_version" not in set(defects["defect_kind"])
    found = defects.groupby(["table_name", "defect_kind"]).size()
    per_kind = exposure.assign(
        found=[
            found.get((t, k), 0)
            for t, k in zip(exposure["table_name"], exposure["defect_kind"], strict=True)
        ]
    )
    per_kind = (
        per_kind[per_kind["defect_kind"] != "bot_traffic"]
        .groupby("defect_kind")
        .sum(numeric_only=True)
    )
    for kind, row in per_kind.iterrows():
        observed = row["found"] / row["applicable_rows"]
        assert abs(observed - rate) <= binomial_tolerance(rate, row["applicable_rows"]), kind
    expected_kinds = set(DEFECT_HANDLING) - {"superseded_version"}
    assert expected_kinds == set(defects["defect_kind"])


def test_exposure_counts_match_the_raw_tables(base: Path) -> None:
    """Kinds that apply to every row were offered to every original (non-duplicate) row."""
    defects = truth(base, "defects")
    exposure = truth(base, "defect_exposure").set_index(["table_name", "defect_kind"])
    for table in RAW_TABLES:
        rows = pq.read_metadata(base / "raw" / f"{table.name}.parquet").num_rows
        copies = (
            (defects["table_name"] == table.name) & (defects["defect_kind"] == "duplicate_row")
        ).sum()
        offered = exposure.loc[(table.name, "duplicate_row"), "applicable_rows"]
        not_offered = 0  # rows that are not candidates for defects
        if table.name == "social_accounts":
            not_offered = len(pd.read_csv(REFERENCE_DIR / "kols.csv"))  # reference rows
        if table.name == "web_events":
            bots = set(defects.loc[defects["defect_kind"] == "bot_traffic", "row_key"])
            not_offered = int(raw(base, "web_events")["anonymous_id"].isin(bots).sum())
        assert rows == offered + copies + not_offered, table.name


def test_duplicates_and_missing_keys_are_visible(base: Path) -> None:
    defects = truth(base, "defects")
    for table in RAW_TABLES:
        frame = raw(base, table.name)
        recorded = defects[defects["table_name"] == table.name]
        key = list(table.key)
        null_key = frame[key].isna().any(axis=1)
        assert null_key.sum() == (recorded["defect_kind"] == "missing_key").sum(), table.name
        exact_copies = frame.duplicated().sum()
        assert exact_copies == (recorded["defect_kind"] == "duplicate_row").sum(), table.name


def test_each_recorded_defect_is_in_the_raw_row(base: Path, params: dict) -> None:
    defects = truth(base, "defects")
    end = dt.datetime.fromisoformat(params["end"]).replace(tzinfo=dt.UTC)
    opened = dt.datetime.fromisoformat(params["shop_opened"]).replace(tzinfo=dt.UTC)
    products = set(raw(base, "shop_products")["sku"])
    orders = set(raw(base, "shop_orders")["order_id"].dropna())
    checked = 0
    for table in RAW_TABLES:
        # Missing keys are counted in test_duplicates_and_missing_keys_are_visible (their
        # row keys are not unique); bots are checked in test_bots_fire_thousands_....
        recorded = defects[
            (defects["table_name"] == table.name)
            & defects["column_name"].notna()
            & ~defects["defect_kind"].isin(["bot_traffic", "missing_key"])
        ]
        if recorded.empty:
            continue
        frame = with_row_key(raw(base, table.name), table.name)
        recorded = recorded.reset_index(drop=True).rename_axis("defect").reset_index()
        matched = recorded.merge(frame, on="row_key", how="left", suffixes=("", "_raw"))
        shown = [
            _shows_defect(
                defect, getattr(defect, defect.column_name), end, opened, products, orders
            )
            for defect in matched.itertuples()
        ]
        shown_per_defect = pd.Series(shown).groupby(matched["defect"]).any()
        assert shown_per_defect.all(), recorded[~shown_per_defect.to_numpy()].head()
        checked += len(shown_per_defect)
    assert checked > 100


def _shows_defect(defect, value, end, opened, products, orders) -> bool:
    kind = defect.defect_kind
    if kind == "invalid_timestamp":
        return parse_any_timestamp(value) is None
    if kind == "future_timestamp":
        return parse_any_timestamp(value) > end.replace(year=end.year + 10)
    if kind == "before_shop_opened":
        return parse_any_timestamp(value) < opened
    if kind == "timestamp_format":
        parsed = parse_any_timestamp(value)
        return parsed is not None and parsed.strftime("%Y-%m-%d %H:%M:%S") == defect.true_value
    if kind == "negative_amount":
        return value < 0
    if kind == "invalid_quantity":
        return value <= 0
    if kind == "unknown_enum":
        return value not in ENUMS[(defect.table_name, defect.column_name)]
    if kind in ("orphan_order", "orphan_purchase_event"):
        return value not in orders
    if kind == "unknown_sku":
        return value not in products
    if kind == "phone_format":
        return normalise_phone(value) == defect.true_value and value != defect.true_value
    if kind == "invalid_phone":
        return normalise_phone(value) is None
    if kind == "email_format":
        return value.strip().lower() == defect.true_value and value != defect.true_value
    if kind == "refund_exceeds_order":
        return value > float(defect.true_value)
    raise AssertionError(f"unexpected defect kind {kind}")


def normalise_phone(value: str) -> str | None:
    """E.164 of a mainland (11 digits, 1…) or Hong Kong (8 digits, 5/6/9…) mobile number."""
    digits = re.sub(r"\D", "", value)
    for country, length, first in (("86", 11, "1"), ("852", 8, "569")):
        if digits.startswith(country) and len(digits) == len(country) + length:
            digits = digits[len(country) :]
        if len(digits) == length and digits[0] in first:
            return f"+{country}{digits}"
    return None


def test_bots_fire_thousands_of_events_a_minute(datasets: dict[str, Path]) -> None:
    heavy = datasets["defect_heavy"]
    defects = truth(heavy, "defects")
    bots = defects.loc[defects["defect_kind"] == "bot_traffic", "row_key"]
    assert len(bots), "a 4% defect rate makes about six bots per 1,500 people"
    events = raw(heavy, "web_events")
    for bot in bots:
        stamps = events.loc[events["anonymous_id"] == bot, "event_at"].astype("int64")
        assert len(stamps) >= 1_000
        assert (stamps.max() - stamps.min()) / 60_000 <= 2


# --- ground truth ---------------------------------------------------------------------------


def test_every_raw_identifier_belongs_to_someone_in_truth(base: Path) -> None:
    identities = truth(base, "identities")
    known = identities.groupby("identifier_type")["identifier"].agg(set)
    uses = {
        "customer_id": [
            ("shop_customers", "customer_id"),
            ("shop_orders", "customer_id"),
            ("web_events", "customer_id"),
            ("marketing_messages", "customer_id"),
            ("marketing_coupons", "customer_id"),
            ("loyalty_members", "customer_id"),
            ("service_tickets", "customer_id"),
            ("event_registrations", "customer_id"),
        ],
        "anonymous_id": [("web_events", "anonymous_id"), ("social_interactions", "anonymous_id")],
        "social_id": [
            ("social_accounts", "social_id"),
            ("social_interactions", "social_id"),
            ("social_interactions", "referrer_social_id"),
            ("web_events", "social_id"),
            ("marketing_messages", "social_id"),
            ("marketing_coupons", "social_id"),
            ("event_registrations", "social_id"),
        ],
        "union_id": [("social_accounts", "union_id")],
        "member_id": [("loyalty_members", "member_id"), ("loyalty_points", "member_id")],
    }
    for kind, columns in uses.items():
        for table, column in columns:
            assert set(raw(base, table)[column].dropna()) <= known[kind], (kind, table, column)
    bots = identities.loc[identities["owner_kind"] == "bot", "identifier"]
    defects = truth(base, "defects")
    assert set(bots) == set(defects.loc[defects["defect_kind"] == "bot_traffic", "row_key"])

    phone_defects = defects[defects["column_name"] == "phone"]
    repaired = dict(zip(phone_defects["row_key"], phone_defects["true_value"], strict=True))
    for table in ("shop_customers", "social_accounts"):
        frame = with_row_key(raw(base, table), table).dropna(subset=["phone"])
        for row_key, phone in zip(frame["row_key"], frame["phone"], strict=True):
            if row_key in repaired:
                assert pd.isna(repaired[row_key]) or repaired[row_key] in known["phone"]
            else:
                # Shop phones are E.164 already (placeholders included); SCRM ones national.
                assert phone in known["phone"] or normalise_phone(phone) in known["phone"], (
                    table,
                    phone,
                )
    emails = clean_rows(base, "shop_customers")["email"].dropna()
    assert set(emails.str.strip().str.lower()) <= known["email"]


def test_shared_identifiers_list_every_person_who_used_them(base: Path) -> None:
    identities = truth(base, "identities")
    shared = identities[identities["is_shared"]]
    assert shared["person_id"].isna().all()
    assert {"anonymous_id", "phone", "email"} <= set(shared["identifier_type"])
    uses = truth(base, "shared_identifier_uses")
    assert set(uses["identifier"]) <= set(shared["identifier"])
    assert set(uses["person_id"]) <= set(truth(base, "people")["person_id"])
    owned = identities[identities["person_id"].notna()]
    assert not set(owned["identifier"]) & set(shared["identifier"])
    # A store tablet is used by several people.
    tablets = uses[uses["identifier_type"] == "anonymous_id"].groupby("identifier").size()
    assert (tablets > 1).any()


def test_owned_identifiers_belong_to_exactly_one_person(base: Path) -> None:
    identities = truth(base, "identities")
    owned = identities[identities["person_id"].notna()]
    per_identifier = owned.groupby(["identifier_type", "identifier"])["person_id"].nunique()
    assert (per_identifier == 1).all()


def test_referrals_are_traceable_through_shared_links(base: Path) -> None:
    referrals = truth(base, "referrals")
    assert len(referrals) and (referrals["depth"] >= 1).all()
    assert (referrals["depth"] > 1).any(), "chains: referred people refer others"
    people = truth(base, "people").set_index("person_id")
    assert (
        people.loc[referrals["person_id"], "first_seen_at"].to_numpy()
        > people.loc[referrals["referrer_person_id"], "first_seen_at"].to_numpy()
    ).all()
    owner = (
        truth(base, "identities")
        .query("identifier_type == 'social_id'")
        .set_index("identifier")["person_id"]
    )
    # All raw rows: a defect elsewhere in the row (a timestamp, a duplicate) keeps the link.
    clicks = raw(base, "social_interactions").query(
        "interaction_type == 'click_link' and referrer_social_id.notna()"
    )
    traced = set(
        zip(
            owner.reindex(clicks["social_id"]),
            owner.reindex(clicks["referrer_social_id"]),
            strict=True,
        )
    )
    expected = set(zip(referrals["person_id"], referrals["referrer_person_id"], strict=True))
    assert len(traced & expected) >= 0.95 * len(expected)


# --- behaviour recovered from the raw data --------------------------------------------------


def test_message_open_rates_per_channel(base: Path, params: dict) -> None:
    messages = clean_rows(base, "marketing_messages")
    delivered = messages[messages["delivered_at"].notna()]
    for channel, rate in params["open_rate"].items():
        sent = delivered[delivered["channel"] == channel]
        assert len(sent) > 0, channel
        observed = sent["opened_at"].notna().mean()
        assert abs(observed - rate) <= binomial_tolerance(rate, len(sent)), (channel, observed)


def test_social_interactors_convert_about_four_times_as_often(base: Path, params: dict) -> None:
    identities = truth(base, "identities")
    owner = identities.dropna(subset=["person_id"]).set_index(["identifier_type", "identifier"])[
        "person_id"
    ]
    interactions = raw(base, "social_interactions")
    engaged = interactions[
        interactions["interaction_type"].isin(["like", "comment", "share", "follow", "click_link"])
    ]
    interactors = set(
        owner.reindex(
            pd.MultiIndex.from_arrays([["social_id"] * len(engaged), engaged["social_id"]])
        ).dropna()
    )
    customers = raw(base, "shop_orders")["customer_id"].dropna()
    buyers = set(
        owner.reindex(
            pd.MultiIndex.from_arrays([["customer_id"] * len(customers), customers])
        ).dropna()
    )
    people = set(truth(base, "people")["person_id"])
    plain = people - interactors
    rate_social = len(interactors & buyers) / len(interactors)
    rate_plain = len(plain & buyers) / len(plain)
    ratio = rate_social / rate_plain
    # Delta method: relative variance of a ratio of two independent proportions.
    relative_se = math.sqrt(
        (1 - rate_social) / (rate_social * len(interactors))
        + (1 - rate_plain) / (rate_plain * len(plain))
    )
    expected = params["social_conversion_multiplier"]
    assert abs(ratio - expected) <= Z * relative_se * expected, ratio


def _channel_of(sources: pd.DataFrame) -> pd.Series:
    """channel_map rules: the lowest priority whose non-empty fields all match."""
    rules = pd.read_csv(REFERENCE_DIR / "channel_map.csv", dtype=str, keep_default_na=False)
    rules = rules.assign(rule_priority=rules["rule_priority"].astype(int)).sort_values(
        "rule_priority"
    )

    def classify(source: str, medium: str, domain: str) -> str:
        for rule in rules.itertuples():
            if (
                (not rule.utm_source or rule.utm_source == source)
                and (not rule.utm_medium or rule.utm_medium == medium)
                and (not rule.referrer_domain or rule.referrer_domain == domain)
            ):
                return rule.channel_group
        raise AssertionError("channel_map needs a catch-all rule")

    combinations = {key: classify(*key) for key in set(sources.itertuples(index=False, name=None))}
    return pd.Series(
        [combinations[key] for key in sources.itertuples(index=False, name=None)],
        index=sources.index,
    )


def test_funnel_step_conversion_per_channel(base: Path, params: dict) -> None:
    """Sessions rebuilt from raw events (30 minutes of inactivity or a tagged landing starts a
    new one) convert step by step as configured, and the payment step converts worst."""
    events = clean_rows(base, "web_events")
    bots = set(truth(base, "defects").query("defect_kind == 'bot_traffic'")["row_key"])
    events = events[~events["anonymous_id"].isin(bots) & events["event_at"].str.fullmatch(r"\d+")]
    con = duckdb.connect()
    con.register("events", events)
    sessions = con.sql("""
        with ordered as (
            select *, cast(event_at as bigint) as ms,
                   lag(cast(event_at as bigint)) over (
                       partition by anonymous_id order by cast(event_at as bigint), event_id
                   ) as previous_ms
            from events
        ),
        marked as (
            select *, case when previous_ms is null or ms - previous_ms > 30 * 60 * 1000
                             or utm_source is not null or referrer_url is not null
                           then 1 else 0 end as is_new
            from ordered
        ),
        numbered as (
            select *, sum(is_new) over (partition by anonymous_id order by ms, event_id
                                        rows unbounded preceding) as session_number
            from marked
        )
        select anonymous_id, session_number,
               arg_min(coalesce(utm_source, ''), ms) as utm_source,
               arg_min(coalesce(utm_medium, ''), ms) as utm_medium,
               arg_min(coalesce(regexp_extract(referrer_url, '://([^/]+)', 1), ''), ms)
                   as referrer_domain,
               max(event_name = 'product_view')::int as product_view,
               max(event_name = 'add_to_cart')::int as add_to_cart,
               max(event_name = 'begin_checkout')::int as begin_checkout,
               max(event_name = 'purchase')::int as purchase
        from numbered group by all
    """).df()
    sessions["channel_group"] = _channel_of(
        sessions[["utm_source", "utm_medium", "referrer_domain"]]
    )
    steps = ["product_view", "add_to_cart", "begin_checkout", "purchase"]
    compared = 0
    for group in CHANNEL_GROUPS:
        mine = sessions[sessions["channel_group"] == group]
        configured = params["funnel"][group]
        reached = len(mine)
        for step, probability in zip(steps, configured, strict=True):
            converted = (
                int(mine[step].sum())
                if step == "purchase"
                else int(mine[steps[steps.index(step) :]].max(axis=1).sum())
            )
            if reached >= 200:
                observed = converted / reached
                # Merged sessions on shared tablets and clipped windows add a little noise.
                allowed = binomial_tolerance(probability, reached) + 0.03
                assert abs(observed - probability) <= allowed, (group, step, observed)
                compared += 1
            reached = converted
        assert min(configured) == configured[-1]
    assert compared >= 20


def test_orders_add_up(base: Path) -> None:
    orders = clean_rows(base, "shop_orders").drop_duplicates("order_id")
    computed = (
        orders["gross_amount"] - orders["discount_amount"] + orders["shipping_amount"]
    ).round(2)
    assert (computed == orders["paid_amount"]).all()
    assert (orders["paid_amount"] == 0).any(), "gift orders exist"
    # Orders that lost a line to a defect (its order_id nulled or changed) cannot add up.
    item_defects = truth(base, "defects").query("table_name == 'shop_order_items'")
    touched = set(item_defects["row_key"].str.split("|").str[0]) | set(
        item_defects.query("column_name == 'order_id'")["true_value"]
    )
    items = clean_rows(base, "shop_order_items")
    items = items[~items["order_id"].isin(touched)]
    line_total = (items["quantity"] * items["unit_price"]).groupby(items["order_id"]).sum()
    gross = orders.set_index("order_id")["gross_amount"].reindex(line_total.index).dropna()
    assert np.allclose(line_total.reindex(gross.index), gross, atol=0.005)
    hkd = orders[orders["currency"] == "HKD"]
    stores = pd.read_csv(REFERENCE_DIR / "stores.csv")
    assert len(hkd) and set(hkd["store_id"]) <= set(
        stores.loc[stores["currency"] == "HKD", "store_id"]
    )


def test_order_versions_move_forward_and_latest_is_final(base: Path) -> None:
    orders = clean_rows(base, "shop_orders")
    counts = orders.groupby("order_id").size()
    assert (counts > 1).mean() > 0.5, "online orders are re-exported as their status moves"
    rank = {"pending": 0, "paid": 1, "cancelled": 1, "shipped": 2, "completed": 3, "refunded": 4}
    ordered = orders.sort_values(["order_id", "updated_at"])
    steps = ordered["status"].map(rank).groupby(ordered["order_id"]).diff().dropna()
    assert (steps > 0).all()


def test_festival_only_buyers_buy_only_in_festival_windows(base: Path, params: dict) -> None:
    people = truth(base, "people")
    festival_people = people[people["is_festival_only"] & people["customer_id"].notna()]
    orders = clean_rows(base, "shop_orders").drop_duplicates("order_id")
    orders = orders[orders["customer_id"].isin(festival_people["customer_id"])]
    assert len(orders) > 10
    calendar = pd.read_csv(REFERENCE_DIR / "calendar.csv")
    calendar = calendar[calendar["festival_name"].isin(params["festival_only_names"])]
    local_day = pd.to_datetime(orders["ordered_at"]).dt.strftime("%Y-%m-%d")
    inside = local_day.apply(
        lambda day: bool(
            (
                (calendar["festival_window_start"] <= day)
                & (day <= calendar["festival_window_end"])
            ).any()
        )
    )
    assert inside.all()


def test_kol_links_carry_their_campaign(base: Path) -> None:
    events = clean_rows(base, "web_events")
    kol = events[events["utm_medium"] == "kol"]
    assert len(kol)
    campaigns = (
        raw(base, "marketing_campaigns").drop_duplicates("campaign_id").set_index("campaign_id")
    )
    assert (campaigns.loc[kol["utm_campaign"], "channel"] == "kol").all()
    assert (
        campaigns.loc[kol["utm_campaign"], "kol_id"].to_numpy() == kol["utm_content"].to_numpy()
    ).all()


def _orders_per_person(base: Path) -> pd.DataFrame:
    """Latest clean version of each order, with its true person."""
    orders = (
        clean_rows(base, "shop_orders")
        .sort_values("updated_at")
        .drop_duplicates("order_id", keep="last")
    )
    people = truth(base, "people").dropna(subset=["customer_id"])
    return orders.merge(people, on="customer_id", suffixes=("", "_person"))


def test_silently_churned_people_never_buy_again(base: Path) -> None:
    orders = _orders_per_person(base)
    churned = orders[orders["churned_at"].notna()]
    assert len(churned)
    ordered_at = pd.to_datetime(churned["ordered_at"]).dt.tz_localize("Asia/Shanghai")
    assert (ordered_at <= churned["churned_at"]).all()


def test_brand_loyal_and_discount_only_buyers_behave_so(base: Path, params: dict) -> None:
    orders = _orders_per_person(base)
    items = clean_rows(base, "shop_order_items").merge(
        raw(base, "shop_products").drop_duplicates("sku")[["sku", "brand"]], on="sku"
    )
    items = items.merge(orders[["order_id", "person_id", "loyal_brand"]], on="order_id")
    loyal = items[items["loyal_brand"].notna()]
    value = loyal["quantity"] * loyal["unit_price"]
    on_brand = value[loyal["brand"] == loyal["loyal_brand"]].sum() / value.sum()
    assert on_brand > params["brand_loyal_spend_share"] - 0.1

    paying = orders[orders["gross_amount"] > 0]
    discounted = paying["discount_amount"] > 0
    hunters = discounted[paying["is_discount_only"]].mean()
    others = discounted[~paying["is_discount_only"]].mean()
    assert hunters > 0.85 and others < 0.4


def test_redeemed_coupons_match_their_orders(base: Path) -> None:
    coupons = clean_rows(base, "marketing_coupons")
    redeemed = coupons[coupons["order_id"].notna()]
    orders = clean_rows(base, "shop_orders").drop_duplicates("order_id").set_index("order_id")
    matched = redeemed[redeemed["order_id"].isin(orders.index)]
    assert len(matched) > 0.9 * len(redeemed)
    assert (orders.loc[matched["order_id"], "coupon_id"].to_numpy() == matched["coupon_id"]).all()
    assert (
        orders.loc[matched["order_id"], "discount_amount"].to_numpy() == matched["face_value"]
    ).all()
    assert (coupons["order_id"].isna() == coupons["redeemed_at"].isna()).all()


TIMESTAMP_PATTERNS = {
    "naive_local": r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d",
    "iso_offset": r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00",
    "utc_z": r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",
    "epoch_millis": r"\d{13}",
}


def test_each_table_writes_timestamps_in_its_systems_usual_format(base: Path) -> None:
    from crm_warehouse.contract import TIMESTAMP_TEXT
    from crm_warehouse.generate.defects import style_of

    for table in RAW_TABLES:
        pattern = TIMESTAMP_PATTERNS[style_of(table.name)]
        for column, kind in table.columns:
            if kind != TIMESTAMP_TEXT:
                continue
            values = raw(base, table.name)[column].dropna()
            if values.empty:
                continue
            usual = values.str.fullmatch(pattern).mean()
            assert usual > 0.9, (table.name, column, usual)
