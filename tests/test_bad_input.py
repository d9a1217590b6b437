"""Broken raw exports fail loudly with the table and column named; absent tables build empty."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crm_warehouse.contract import RAW_TABLES
from crm_warehouse.dbt_runner import run_dbt

from .conftest import GeneratedData, Warehouse

ORDERS_ONLY = {"shop_customers", "shop_products", "shop_orders", "shop_order_items", "shop_refunds"}


def copy_raw(data: GeneratedData, destination: Path, tables: set[str]) -> Path:
    destination.mkdir(parents=True)
    for table in tables:
        shutil.copy(data.raw_dir / f"{table}.parquet", destination / f"{table}.parquet")
    return destination


def rewrite_orders(raw_dir: Path, change: str) -> None:
    path = raw_dir / "shop_orders.parquet"
    orders = pq.read_table(path)
    index = orders.schema.get_field_index("paid_amount")
    if change == "drop":
        orders = orders.remove_column(index)
    else:
        as_text = orders.column("paid_amount").cast(pa.string())
        orders = orders.set_column(index, "paid_amount", as_text)
    pq.write_table(orders, path)


@pytest.mark.parametrize(
    ("change", "expected_words"),
    [
        ("drop", ["shop_orders", "missing required column", "paid_amount"]),
        ("retype", ["shop_orders", "paid_amount", "varchar", "expected double"]),
    ],
)
def test_a_broken_raw_column_fails_the_build_naming_table_and_column(
    change: str, expected_words: list[str], small_data: GeneratedData, tmp_path: Path
) -> None:
    raw_dir = copy_raw(small_data, tmp_path / "raw", {table.name for table in RAW_TABLES})
    rewrite_orders(raw_dir, change)
    run = run_dbt(
        ["build", "--select", "stg_shop__orders"],
        warehouse=tmp_path / "crm.duckdb",
        raw_dir=raw_dir,
    )
    assert not run.success
    assert run.error is not None
    for word in expected_words:
        assert word in run.error, run.error


def test_a_retailer_with_only_orders_builds_with_the_other_tables_empty(
    small_data: GeneratedData, tmp_path: Path
) -> None:
    raw_dir = copy_raw(small_data, tmp_path / "raw", ORDERS_ONLY)
    run = run_dbt(["build"], warehouse=tmp_path / "crm.duckdb", raw_dir=raw_dir)
    assert run.success, run.error
    warehouse = Warehouse(tmp_path / "crm.duckdb")
    counts = warehouse.query(
        "select source_table, raw_rows from intermediate.int_raw_rows_reconciled"
    ).set_index("source_table")["raw_rows"]
    for table in RAW_TABLES:
        if table.name in ORDERS_ONLY:
            assert counts[table.name] == len(small_data.raw(table.name))
        else:
            assert counts[table.name] == 0
    assert warehouse.scalar("select count(*) from staging.stg_web__events") == 0
    assert warehouse.scalar("select count(*) from staging.stg_shop__orders") > 0
