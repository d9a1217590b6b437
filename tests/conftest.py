"""Shared fixtures: a small generated dataset and the warehouses built from it and from seeds.

Each warehouse is built once per test session into a temporary folder, through the same
`dbt build` a user runs, and read by the tests over short-lived read-only connections.

The suite runs on two pytest-xdist workers (pyproject.toml, `--dist loadgroup`): the tests
that read the small generated data or its warehouse form one group, so that one worker builds
that warehouse once, and the tests that build their own warehouses the other.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from crm_warehouse.contract import RAW_TABLES
from crm_warehouse.dbt_runner import run_dbt
from crm_warehouse.publish import publish

SMALL_CUSTOMERS = 1_500
SMALL_SEED = 7
# Unit tests do not read raw data: the build of the small warehouse runs them, other builds not.
WITHOUT_UNIT_TESTS = ("--exclude-resource-type", "unit_test")
# A retailer that exports only its shop tables, and one more table as an empty file.
SHOP_TABLES = {"shop_customers", "shop_products", "shop_orders", "shop_order_items", "shop_refunds"}
EMPTY_EXPORT = "marketing_messages"
ABSENT_TABLES = {table.name for table in RAW_TABLES} - SHOP_TABLES - {EMPTY_EXPORT}


@dataclass(frozen=True)
class GeneratedData:
    root: Path

    @property
    def raw_dir(self) -> Path:
        return self.root / "raw"

    @property
    def truth_dir(self) -> Path:
        return self.root / "truth"

    def parameters(self) -> dict[str, Any]:
        return json.loads((self.truth_dir / "parameters.json").read_text())

    def truth(self, name: str) -> pd.DataFrame:
        return pd.read_parquet(self.truth_dir / f"{name}.parquet")

    def raw(self, table: str) -> pd.DataFrame:
        return pd.read_parquet(self.raw_dir / f"{table}.parquet")


@dataclass(frozen=True)
class Warehouse:
    path: Path

    def query(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        with duckdb.connect(str(self.path), read_only=True) as connection:
            return connection.execute(sql, params or []).df()

    def scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        with duckdb.connect(str(self.path), read_only=True) as connection:
            row = connection.execute(sql, params or []).fetchone()
        assert row is not None
        return row[0]


def generate(out_dir: Path, customers: int, seed: int, *extra: str) -> GeneratedData:
    command = [
        sys.executable, "-m", "crm_warehouse.generate",
        "--customers", str(customers), "--seed", str(seed), "--out", str(out_dir), *extra,
    ]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, text=True)
    return GeneratedData(out_dir)


def build(warehouse_path: Path, raw_dir: Path | None, *extra_args: str) -> Warehouse:
    run = run_dbt(["build", *extra_args], warehouse=warehouse_path, raw_dir=raw_dir)
    assert run.success, f"dbt build failed:\n{run.error}"
    return Warehouse(warehouse_path)


SMALL_DATA_FIXTURES = {"small_data", "small_warehouse", "published_small_warehouse"}
# The PostgreSQL build (tests/test_postgres.py) is compared with the demo warehouse.
DEMO_FIXTURES = {"demo_warehouse", "postgres"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """One xdist group for the tests on the shared small warehouse, one for those on the demo
    warehouse, one per other module: a session or module fixture is then built by one worker
    only, never by both."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & SMALL_DATA_FIXTURES:
            group = "small_data"
        elif fixtures & DEMO_FIXTURES:
            group = "demo"
        else:
            group = item.path.stem
        item.add_marker(pytest.mark.xdist_group(group))


def pytest_xdist_node_collection_finished(node: Any, ids: list[str]) -> None:
    """xdist groups a test by suffixing its node id; with a pytest that drops the suffix (9.2
    with xdist 3.8) every shared warehouse would silently be built on both workers."""
    if node.config.getoption("dist") == "loadgroup" and ids and "@" not in ids[0]:
        raise pytest.UsageError(
            "pytest-xdist could not group the tests: this pytest and pytest-xdist do not work "
            "together (see pyproject.toml)"
        )


@pytest.fixture(scope="session")
def small_data(tmp_path_factory: pytest.TempPathFactory) -> GeneratedData:
    return generate(tmp_path_factory.mktemp("small_data"), SMALL_CUSTOMERS, SMALL_SEED)


@pytest.fixture(scope="session")
def small_warehouse(
    small_data: GeneratedData, tmp_path_factory: pytest.TempPathFactory
) -> Warehouse:
    return build(tmp_path_factory.mktemp("small_wh") / "crm.duckdb", small_data.raw_dir)


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    return build(tmp_path_factory.mktemp("demo_wh") / "crm.duckdb", None, *WITHOUT_UNIT_TESTS)


@pytest.fixture(scope="session")
def shop_tables_only(small_data: GeneratedData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small data's shop tables, an empty message export and no other table: built with its
    data tests, then `dbt source freshness` written to target/sources.json beside it."""
    root = tmp_path_factory.mktemp("shop_tables_only")
    raw_dir = root / "raw"
    raw_dir.mkdir()
    for table in SHOP_TABLES:
        shutil.copy(small_data.raw_dir / f"{table}.parquet", raw_dir)
    messages = pq.read_table(small_data.raw_dir / f"{EMPTY_EXPORT}.parquet")
    pq.write_table(messages.slice(0, 0), raw_dir / f"{EMPTY_EXPORT}.parquet")
    warehouse = build(root / "crm.duckdb", raw_dir, *WITHOUT_UNIT_TESTS).path
    freshness = run_dbt(["source", "freshness"], warehouse=warehouse, raw_dir=raw_dir)
    assert (root / "target" / "sources.json").exists(), freshness.output[-2000:]
    return warehouse


@pytest.fixture(scope="session")
def published_small_warehouse(
    small_warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory
) -> Warehouse:
    """The small warehouse's marts published as `make build` publishes them, for the app."""
    published = tmp_path_factory.mktemp("small_published") / "crm.duckdb"
    run_results = small_warehouse.path.parent / "target" / "run_results.json"
    publish(small_warehouse.path, published, run_results=run_results)
    return Warehouse(published)
