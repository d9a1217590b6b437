"""Broken raw exports fail loudly with the table and column named; absent tables build empty."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from crm_warehouse.contract import RAW_TABLES
from crm_warehouse.dbt_runner import run_dbt

from .conftest import SHOP_TABLES, WITHOUT_UNIT_TESTS, GeneratedData, Warehouse


def copy_raw(data: GeneratedData, destination: Path, tables: set[str]) -> Path:
    destination.mkdir(parents=True)
    for table in tables:
        shutil.copy(data.raw_dir / f"{table}.parquet", destination / f"{table}.parquet")
    return destination


def drop_column(path: Path, column: str) -> None:
    pq.write_table(pq.read_table(path).drop_columns([column]), path)


def retype_column_as_text(path: Path, column: str) -> None:
    table = pq.read_table(path)
    index = table.schema.get_field_index(column)
    pq.write_table(table.set_column(index, column, table.column(column).cast(pa.string())), path)


def test_broken_raw_columns_fail_the_build_naming_every_table_and_column(
    small_data: GeneratedData, tmp_path: Path
) -> None:
    raw_dir = copy_raw(small_data, tmp_path / "raw", {table.name for table in RAW_TABLES})
    drop_column(raw_dir / "shop_orders.parquet", "paid_amount")
    retype_column_as_text(raw_dir / "shop_refunds.parquet", "amount")
    run = run_dbt(
        ["build", "--select", "stg_shop__orders", *WITHOUT_UNIT_TESTS],
        warehouse=tmp_path / "crm.duckdb",
        raw_dir=raw_dir,
    )
    assert not run.success
    assert run.error is not None
    assert "2 raw column(s)" in run.error, run.error
    assert re.search(
        r"raw table shop_orders \(.*\) is missing required column 'paid_amount'", run.error
    )
    assert "raw table shop_refunds column 'amount' has type varchar, expected double" in (run.error)
    assert not (run.results and any(r["status"] == "success" for r in run.results))


def test_a_retailer_with_only_shop_tables_builds_with_the_other_tables_empty(
    small_data: GeneratedData, shop_tables_only: Path
) -> None:
    warehouse = Warehouse(shop_tables_only)
    counts = warehouse.query(
        "select source_table, raw_rows from intermediate.int_raw_rows_reconciled"
    ).set_index("source_table")["raw_rows"]
    for table in RAW_TABLES:
        if table.name in SHOP_TABLES:
            assert counts[table.name] == len(small_data.raw(table.name))
        else:
            assert counts[table.name] == 0
    assert warehouse.scalar("select count(*) from staging.stg_web__events") == 0
    assert warehouse.scalar("select count(*) from staging.stg_shop__orders") > 0
