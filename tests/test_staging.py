"""Staging keeps or quarantines every raw row, repairs what it documents, and reconciles revenue.

Expected values come from the generator's ground truth (truth/defects.parquet) and from an
independent pandas reading of the raw Parquet files, never from a previous run.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

from crm_warehouse.contract import DEFECT_HANDLING, RAW_TABLES, RAW_TABLES_BY_NAME, RawTable
from crm_warehouse.dbt_runner import run_dbt
from crm_warehouse.paths import REFERENCE_SEEDS_DIR

from .conftest import GeneratedData, Warehouse

SHANGHAI = timezone(timedelta(hours=8))  # no daylight saving since 1991
NOT_REJECTIONS = {"superseded_version", "duplicate"}
ORDER_CHILD_TABLES = {"shop_order_items", "shop_refunds"}
REVENUE_STATUSES = {"paid", "shipped", "completed", "refunded"}
# The staging column that carries a raw column's repaired value.
REPAIRED_COLUMN = {"phone": "phone_e164", "email": "email"}


# Web event flags read fresh in stg_web__events (base_web__events is incremental).
FLAGS_DECIDED_IN_STG = frozenset({"is_unknown_sku", "is_unknown_order"})


def staging_model(table: RawTable, layer: str = "stg") -> str:
    entity = table.name.removeprefix(f"{table.system}_")
    return f"staging.{layer}_{table.system}__{entity}"


def parse_raw_timestamp(text: str | None) -> datetime | None:
    """The four raw formats, read independently of the SQL macros: UTC, naive."""
    if text is None or text.strip() == "":
        return None
    text = text.strip()
    if text.isdigit():
        return datetime.fromtimestamp(int(text) / 1000, tz=UTC).replace(tzinfo=None)
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=SHANGHAI)
    return parsed.astimezone(UTC).replace(tzinfo=None)


def quarantined(warehouse: Warehouse) -> pd.DataFrame:
    return warehouse.query(
        "select source_table, row_key, quarantine_reason "
        "from intermediate.int_quarantined_rows_unioned"
    )


@pytest.mark.parametrize("table", RAW_TABLES, ids=lambda table: table.name)
def test_every_raw_row_is_kept_or_quarantined(
    table: RawTable, small_data: GeneratedData, small_warehouse: Warehouse
) -> None:
    raw_rows = len(small_data.raw(table.name))
    kept = small_warehouse.scalar(f"select count(*) from {staging_model(table)}")
    in_quarantine = small_warehouse.scalar(
        "select count(*) from intermediate.int_quarantined_rows_unioned where source_table = ?",
        [table.name],
    )
    assert raw_rows > 0, f"the generator wrote no {table.name} rows"
    assert kept + in_quarantine == raw_rows
    reconciled = small_warehouse.query(
        "select raw_rows, kept_rows, quarantined_rows from intermediate.int_raw_rows_reconciled "
        "where source_table = ?",
        [table.name],
    )
    assert reconciled.to_dict("records") == [
        {"raw_rows": raw_rows, "kept_rows": kept, "quarantined_rows": in_quarantine}
    ]


def trusted_order_versions(data: GeneratedData) -> pd.DataFrame:
    """Raw order rows the truth calls clean, one per version, with updated_at parsed here."""
    orders = data.raw("shop_orders").drop_duplicates()
    defects = data.truth("defects")
    untrusted = defects[
        (defects.table_name == "shop_orders")
        & defects.defect_kind.map(DEFECT_HANDLING).str.startswith("quarantine:")
        & (defects.defect_kind != "duplicate_row")
    ]
    row_keys = orders.order_id.fillna("") + "|" + orders.updated_at.fillna("")
    orders = orders[~row_keys.isin(set(untrusted.row_key))].copy()
    orders["updated"] = orders.updated_at.map(parse_raw_timestamp)
    return orders


def latest_order_versions(data: GeneratedData) -> pd.DataFrame:
    return trusted_order_versions(data).sort_values("updated").groupby("order_id").tail(1)


def expected_paid_revenue_cny(data: GeneratedData) -> Decimal:
    """Paid revenue read from the raw files: latest trusted version, the day's fx rate."""
    latest = latest_order_versions(data)
    latest = latest[latest.status.isin(REVENUE_STATUSES)]
    rates = pd.read_csv(REFERENCE_SEEDS_DIR / "fx_rates.csv", dtype={"rate_to_cny": str})
    rates = {(row.currency, row.rate_date): Decimal(row.rate_to_cny) for row in rates.itertuples()}
    total = Decimal("0")
    for order in latest.itertuples():
        local_date = (parse_raw_timestamp(order.ordered_at) + SHANGHAI.utcoffset(None)).date()
        rate = rates[(order.currency, local_date.isoformat())]
        paid = Decimal(str(order.paid_amount)).quantize(Decimal("0.01"))
        total += (paid * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return total


def test_paid_revenue_reconciles_raw_to_staging_to_the_cent(
    small_data: GeneratedData, small_warehouse: Warehouse
) -> None:
    staged = small_warehouse.scalar(
        "select cast(sum(paid_amount_cny) as decimal(18, 2)) from staging.stg_shop__orders "
        "where is_revenue_status"
    )
    expected = expected_paid_revenue_cny(small_data)
    assert expected > 0
    assert Decimal(str(staged)) == expected


INJECTED_QUARANTINE_KINDS = sorted(
    kind
    for kind, handling in DEFECT_HANDLING.items()
    # superseded versions are normal business, checked in the test after this one
    if handling.startswith("quarantine:") and kind != "superseded_version"
)


@pytest.mark.parametrize("kind", INJECTED_QUARANTINE_KINDS)
def test_quarantine_defects_land_in_quarantine_with_their_reason(
    kind: str, small_data: GeneratedData, small_warehouse: Warehouse
) -> None:
    reason = DEFECT_HANDLING[kind].split(":", 1)[1]
    defects = small_data.truth("defects")
    injected = defects[defects.defect_kind == kind]
    assert len(injected) > 0, f"the generator injected no {kind}"
    expected = injected.groupby(["table_name", "row_key"]).size().rename("expected")
    in_quarantine = quarantined(small_warehouse)
    # A line or refund whose order was itself quarantined is an orphan first (a cascade).
    accepted = (in_quarantine.quarantine_reason == reason) | (
        (in_quarantine.quarantine_reason == "orphan_order")
        & in_quarantine.source_table.isin(ORDER_CHILD_TABLES)
    )
    found = in_quarantine[accepted].groupby(["source_table", "row_key"]).size().rename("found")
    found.index = found.index.set_names(["table_name", "row_key"])
    joined = pd.concat([expected, found], axis=1, join="inner")
    missing = expected.index.difference(joined.index)
    assert missing.empty, f"{kind}: not quarantined as {reason}: {list(missing[:5])}"
    assert (joined.found >= joined.expected).all()


def test_only_the_latest_order_version_is_kept_and_older_ones_are_superseded(
    small_data: GeneratedData, small_warehouse: Warehouse
) -> None:
    trusted = trusted_order_versions(small_data)
    latest = latest_order_versions(small_data)
    kept = small_warehouse.query("select order_id, updated_at from staging.stg_shop__orders")
    assert set(zip(kept.order_id, kept.updated_at, strict=True)) == set(
        zip(latest.order_id, latest.updated, strict=True)
    )
    superseded = small_warehouse.scalar(
        "select count(*) from intermediate.int_quarantined_rows_unioned "
        "where source_table = 'shop_orders' and quarantine_reason = 'superseded_version'"
    )
    assert superseded == len(trusted) - len(latest) > 0


def repaired_values(
    warehouse: Warehouse, defects: pd.DataFrame, flag: str | None = None
) -> pd.DataFrame:
    """The defects joined to their rows in the base models: the repaired value (or the flag)
    and the row's verdict, one query per table and column."""
    found = []
    for (table_name, column_name), group in defects.groupby(
        ["table_name", "column_name"], dropna=False
    ):
        table = RAW_TABLES_BY_NAME[table_name]
        column = flag or REPAIRED_COLUMN.get(column_name, column_name)
        if column in FLAGS_DECIDED_IN_STG:
            # flags that depend on other tables are decided on the kept event (one per event_id)
            source = (
                f"{staging_model(table, 'base')} as base left join {staging_model(table)} as stg"
                f" on base.event_id = stg.event_id"
            )
            value = f"stg.{column}"
        else:
            source, value = staging_model(table, "base"), column
        rows = warehouse.query(
            f"select row_key, {value} as value, quarantine_reason "
            f"from {source} where row_key in (select unnest(?))",
            [list(group.row_key)],
        )
        found.append(group.merge(rows, on="row_key", how="left", indicator=True))
    repaired = pd.concat(found)
    vanished = repaired[repaired["_merge"] == "left_only"]
    assert vanished.empty, f"rows vanished: {vanished.row_key.head().tolist()}"
    # An older version of a re-exported row is superseded, not rejected for its repaired value.
    verdicts = repaired.groupby(["table_name", "row_key"]).quarantine_reason.agg(
        lambda reasons: reasons.isna().any() or reasons.isin(NOT_REJECTIONS).all()
    )
    assert verdicts.all(), f"quarantined: {verdicts[~verdicts].index[:5].tolist()}"
    return repaired.drop_duplicates(["table_name", "row_key", "column_name", "defect_kind"])


@pytest.mark.parametrize("kind", ["timestamp_format", "phone_format", "email_format"])
def test_format_defects_are_repaired_to_the_true_value(
    kind: str, small_data: GeneratedData, small_warehouse: Warehouse
) -> None:
    defects = small_data.truth("defects").query("defect_kind == @kind")
    assert len(defects) > 0, f"the generator injected no {kind}"
    repaired = repaired_values(small_warehouse, defects)
    assert len(repaired) == len(defects.drop_duplicates())
    if kind == "timestamp_format":
        matches = pd.to_datetime(repaired.value) == pd.to_datetime(repaired.true_value)
    else:
        matches = repaired.value == repaired.true_value
    assert matches.all(), repaired[~matches.to_numpy()].head()


@pytest.mark.parametrize(
    ("kind", "flag"),
    [
        ("invalid_phone", "is_phone_invalid"),
        ("refund_exceeds_order", "is_refund_capped"),
        ("unknown_sku", "is_unknown_sku"),
        ("orphan_purchase_event", "is_unknown_order"),
    ],
)
def test_flagged_repairs_keep_the_row_and_raise_the_flag(
    kind: str, flag: str, small_data: GeneratedData, small_warehouse: Warehouse
) -> None:
    defects = small_data.truth("defects").query("defect_kind == @kind")
    assert len(defects) > 0, f"the generator injected no {kind}"
    repaired = repaired_values(small_warehouse, defects, flag=flag)
    assert len(repaired) == len(defects.drop_duplicates())
    assert repaired.value.astype(bool).all(), repaired[~repaired.value.astype(bool)].head()


def test_capped_refunds_never_exceed_their_order(small_warehouse: Warehouse) -> None:
    over = small_warehouse.scalar(
        "select count(*) from staging.stg_shop__refunds as refunds "
        "inner join staging.stg_shop__orders as orders using (order_id) "
        "where refunds.refund_amount_cny > orders.paid_amount_cny"
    )
    assert over == 0


def test_bot_traffic_is_kept_in_staging(
    small_data: GeneratedData, small_warehouse: Warehouse
) -> None:
    bots = small_data.truth("defects").query("defect_kind == 'bot_traffic'")
    assert len(bots) > 0
    raw_events = small_data.raw("web_events")
    for bot in bots.itertuples():
        raw_count = raw_events.loc[raw_events.anonymous_id == bot.row_key, "event_id"].nunique()
        kept = small_warehouse.scalar(
            "select count(*) from staging.stg_web__events where anonymous_id = ?", [bot.row_key]
        )
        assert raw_count > 100
        assert kept == raw_count


def test_a_pinned_reference_time_quarantines_everything_after_it(
    small_data: GeneratedData, tmp_path: Path
) -> None:
    reference = datetime(2024, 6, 30)
    cutoff = reference + timedelta(hours=24)  # dbt_project.yml: future_tolerance_hours
    run = run_dbt(
        ["build", "--select", "+stg_shop__orders", "--exclude-resource-type", "test", "unit_test"],
        warehouse=tmp_path / "crm.duckdb",
        raw_dir=small_data.raw_dir,
        dbt_vars={"quarantine_reference_time": reference.isoformat(sep=" ")},
    )
    assert run.success, run.error
    trusted = trusted_order_versions(small_data)
    trusted = trusted[
        (trusted.updated <= cutoff) & (trusted.ordered_at.map(parse_raw_timestamp) <= cutoff)
    ]
    expected = trusted.sort_values("updated").groupby("order_id").tail(1)
    kept = Warehouse(tmp_path / "crm.duckdb").query(
        "select order_id, updated_at from staging.stg_shop__orders"
    )
    assert 0 < len(kept) < len(latest_order_versions(small_data))
    assert set(zip(kept.order_id, kept.updated_at, strict=True)) == set(
        zip(expected.order_id, expected.updated, strict=True)
    )
