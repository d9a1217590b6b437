"""Fault injection: raw data with every defect kind at 5% (the generator's maximum) builds, and
every defect lands where contract.DEFECT_HANDLING says. The recoverable defects (duplicate rows,
timestamp, phone and email formats) are then undone in a copy of the raw files using the
truth's true values; both builds must give identical marts.

test_staging.py proves the per-defect handling at the default 1% on the shared fixture; this
module reuses its helpers at 5%, where defects meet each other more often."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crm_warehouse.contract import DEFECT_HANDLING, RAW_TABLES
from crm_warehouse.dbt_runner import DbtRun, run_dbt
from crm_warehouse.generate.defects import row_keys
from crm_warehouse.quality.compare import mart_differences

from .conftest import WITHOUT_UNIT_TESTS, GeneratedData, Warehouse, generate
from .test_staging import (
    ORDER_CHILD_TABLES,
    expected_paid_revenue_cny,
    quarantined,
    repaired_values,
)

CUSTOMERS = 400
SEED = 11
DEFECT_RATE = 0.05
# Defects a build can undo exactly: the true value survives in the row (a format) or in its
# copy (a duplicate). The others lose information (a garbage timestamp, a capped refund).
RECOVERABLE_FORMATS = ("timestamp_format", "phone_format", "email_format")
# The generator draws bots per simulated person, not per row (rate / 10 of people).
PER_ROW_KINDS = sorted(set(DEFECT_HANDLING) - {"bot_traffic", "superseded_version"})
QUALITY_MARTS = {"quarantine_summary", "raw_table_reconciliation"}


@pytest.fixture(scope="module")
def faulty_data(tmp_path_factory: pytest.TempPathFactory) -> GeneratedData:
    return generate(
        tmp_path_factory.mktemp("faulty"), CUSTOMERS, SEED, "--defect-rate", str(DEFECT_RATE)
    )


@pytest.fixture(scope="module")
def faulty_build(
    faulty_data: GeneratedData, tmp_path_factory: pytest.TempPathFactory
) -> tuple[DbtRun, Path]:
    warehouse = tmp_path_factory.mktemp("faulty_wh") / "crm.duckdb"
    return run_dbt(
        ["build", *WITHOUT_UNIT_TESTS], warehouse=warehouse, raw_dir=faulty_data.raw_dir
    ), warehouse


@pytest.fixture(scope="module")
def faulty_warehouse(faulty_build: tuple[DbtRun, Path]) -> Warehouse:
    run, warehouse = faulty_build
    assert run.success, run.error
    return Warehouse(warehouse)


def true_timestamp_text(utc_text: str) -> str:
    """The truth's UTC 'YYYY-MM-DD HH:MM:SS' as a raw ISO-8601 UTC value."""
    return utc_text.replace(" ", "T") + "Z"


def undo_recoverable_defects(data: GeneratedData, destination: Path) -> Path:
    """A copy of the raw files without injected duplicate rows and with the formats of the
    truth's true values; every other defect is left in place."""
    destination.mkdir(parents=True)
    defects = data.truth("defects")
    for table in RAW_TABLES:
        raw = pq.read_table(data.raw_dir / f"{table.name}.parquet")
        mine = defects[defects.table_name == table.name]
        fixes = mine[mine.defect_kind.isin(RECOVERABLE_FORMATS)]
        if len(fixes):
            keys = row_keys(raw, table.name, np.arange(raw.num_rows)).to_pylist()
            for column, group in fixes.groupby("column_name"):
                true_values = dict(zip(group.row_key, group.true_value, strict=True))
                if group.defect_kind.iloc[0] == "timestamp_format":
                    true_values = {k: true_timestamp_text(v) for k, v in true_values.items()}
                current = raw.column(column).to_pylist()
                fixed = [true_values.get(k, value) for k, value in zip(keys, current, strict=True)]
                index = raw.schema.get_field_index(column)
                raw = raw.set_column(index, column, pa.array(fixed, pa.string()))
        if (mine.defect_kind == "duplicate_row").any():
            copies = raw.to_pandas().duplicated(keep="first").to_numpy()
            raw = raw.filter(pa.array(~copies))
        pq.write_table(raw, destination / f"{table.name}.parquet")
    return destination


def test_every_defect_kind_is_injected_at_the_rate(faulty_data: GeneratedData) -> None:
    defects = faulty_data.truth("defects")
    exposure = faulty_data.truth("defect_exposure").groupby("defect_kind").applicable_rows.sum()
    injected = defects.groupby("defect_kind").size()
    assert injected.get("bot_traffic", 0) > 0
    for kind in PER_ROW_KINDS:
        applicable = int(exposure[kind])
        # within five standard deviations of a binomial(applicable, rate) count
        spread = 5 * math.sqrt(applicable * DEFECT_RATE * (1 - DEFECT_RATE))
        assert abs(injected.get(kind, 0) - applicable * DEFECT_RATE) <= spread + 1, kind


def test_dbt_build_succeeds_with_every_test_passing(faulty_build: tuple[DbtRun, Path]) -> None:
    run, _ = faulty_build
    assert run.success, run.error
    failed = [r["unique_id"] for r in run.results if r["status"] in ("error", "fail", "warn")]
    assert failed == []


def test_every_quarantine_defect_lands_in_quarantine_with_its_reason(
    faulty_data: GeneratedData, faulty_warehouse: Warehouse
) -> None:
    defects = faulty_data.truth("defects")
    handling = defects.defect_kind.map(DEFECT_HANDLING)
    expected = defects[
        handling.str.startswith("quarantine:") & (defects.defect_kind != "superseded_version")
    ]
    expected = expected.assign(reason=handling[expected.index].str.split(":").str[1])
    found = quarantined(faulty_warehouse).rename(columns={"source_table": "table_name"})
    joined = expected.merge(found, on=["table_name", "row_key"], how="left")
    # a line or refund of a quarantined order is an orphan first (a cascade)
    accepted = (joined.quarantine_reason == joined.reason) | (
        (joined.quarantine_reason == "orphan_order") & joined.table_name.isin(ORDER_CHILD_TABLES)
    )
    per_defect = accepted.groupby([joined.table_name, joined.row_key, joined.defect_kind]).any()
    assert per_defect.all(), per_defect[~per_defect].head(10)


@pytest.mark.parametrize(
    ("kind", "flag"),
    [
        ("timestamp_format", None),
        ("phone_format", None),
        ("email_format", None),
        ("invalid_phone", "is_phone_invalid"),
        ("refund_exceeds_order", "is_refund_capped"),
        ("unknown_sku", "is_unknown_sku"),
        ("orphan_purchase_event", "is_unknown_order"),
    ],
)
def test_every_repaired_defect_keeps_its_row_repaired(
    kind: str, flag: str | None, faulty_data: GeneratedData, faulty_warehouse: Warehouse
) -> None:
    defects = faulty_data.truth("defects").query("defect_kind == @kind")
    assert len(defects) > 0
    repaired = repaired_values(faulty_warehouse, defects, flag=flag)
    if flag is not None:
        assert repaired.value.astype(bool).all()
    elif kind == "timestamp_format":
        assert (pd.to_datetime(repaired.value) == pd.to_datetime(repaired.true_value)).all()
    else:
        assert (repaired.value == repaired.true_value).all()


def test_raw_rows_equal_kept_plus_quarantined(
    faulty_data: GeneratedData, faulty_warehouse: Warehouse
) -> None:
    counts = faulty_warehouse.query(
        "select source_table, raw_rows, kept_rows, quarantined_rows "
        "from marts.raw_table_reconciliation"
    ).set_index("source_table")
    for table in RAW_TABLES:
        row = counts.loc[table.name]
        assert row.raw_rows == len(faulty_data.raw(table.name)), table.name
        assert row.raw_rows == row.kept_rows + row.quarantined_rows, table.name


def test_revenue_reconciles_from_raw_to_customer_360_to_the_cent(
    faulty_data: GeneratedData, faulty_warehouse: Warehouse
) -> None:
    expected = expected_paid_revenue_cny(faulty_data)
    staged = faulty_warehouse.scalar(
        "select sum(paid_amount_cny) from staging.stg_shop__orders where is_revenue_status"
    )
    people = faulty_warehouse.scalar("select sum(gross_revenue) from marts.customer_360")
    assert staged == expected
    assert people == expected


def test_marts_equal_those_built_without_the_recoverable_defects(
    faulty_data: GeneratedData, faulty_warehouse: Warehouse, tmp_path: Path
) -> None:
    raw_dir = undo_recoverable_defects(faulty_data, tmp_path / "raw")
    repaired = tmp_path / "crm.duckdb"
    run = run_dbt(
        ["build", "--exclude-resource-type", "test", "unit_test"],
        warehouse=repaired,
        raw_dir=raw_dir,
    )
    assert run.success, run.error
    duplicates = faulty_data.truth("defects").query("defect_kind == 'duplicate_row'")
    raw_rows = sum(pq.read_metadata(raw_dir / f"{t.name}.parquet").num_rows for t in RAW_TABLES)
    faulty_rows = sum(len(faulty_data.raw(t.name)) for t in RAW_TABLES)
    assert raw_rows == faulty_rows - len(duplicates)
    # The quality marts count the defects themselves: there the repaired build differs by the
    # duplicate copies only, and keeps exactly the same rows.
    differences = mart_differences(faulty_warehouse.path, repaired)
    assert set(differences) <= QUALITY_MARTS, differences
    reconciliation = "select * from marts.raw_table_reconciliation"
    faulty = faulty_warehouse.query(reconciliation).set_index("source_table")
    fixed = Warehouse(repaired).query(reconciliation).set_index("source_table")
    copies = duplicates.groupby("table_name").size().reindex(faulty.index, fill_value=0)
    assert (faulty.raw_rows - fixed.raw_rows).to_dict() == copies.to_dict()
    assert faulty.kept_rows.to_dict() == fixed.kept_rows.to_dict()
