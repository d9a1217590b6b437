"""Broken loads. A missing or wrongly typed column stops the build naming table and column
(tests/test_bad_input.py); here: an absent or empty raw table builds and shows as a warning in
the quality report, a stale source warns the same way, and neither fails `make quality`; a
failed build leaves the published warehouse untouched."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from crm_warehouse.contract import RAW_TABLES
from crm_warehouse.dbt_runner import run_dbt
from crm_warehouse.paths import PROJECT_ROOT
from crm_warehouse.publish import publish
from crm_warehouse.quality.__main__ import main as quality_main

from .conftest import GeneratedData

ABSENT = {"social_accounts", "social_interactions"}
EMPTY = "marketing_messages"


@pytest.fixture(scope="module")
def partial_load(small_data: GeneratedData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built from the small data without the social tables and with an empty message export."""
    root = tmp_path_factory.mktemp("partial")
    raw_dir = root / "raw"
    raw_dir.mkdir()
    for table in RAW_TABLES:
        if table.name in ABSENT:
            continue
        source = small_data.raw_dir / f"{table.name}.parquet"
        if table.name == EMPTY:
            pq.write_table(pq.read_table(source).slice(0, 0), raw_dir / source.name)
        else:
            shutil.copy(source, raw_dir / source.name)
    warehouse = root / "crm.duckdb"
    run = run_dbt(["build"], warehouse=warehouse, raw_dir=raw_dir)
    assert run.success, run.error
    freshness = run_dbt(["source", "freshness"], warehouse=warehouse, raw_dir=raw_dir)
    assert (root / "target" / "sources.json").exists(), freshness.output[-2000:]
    return warehouse


def test_absent_and_empty_tables_and_stale_sources_warn_without_failing(
    partial_load: Path,
) -> None:
    sources_json = partial_load.parent / "target" / "sources.json"
    assert quality_main(["--warehouse", str(partial_load), "--freshness", str(sources_json)]) == 0
    results = json.loads((partial_load.parent / "quality" / "results.json").read_text())["results"]
    warned = {
        (r["expectation"], r["mart"])
        for r in results
        if r["severity"] == "warning" and not r["success"]
    }
    assert {("source_has_rows", table) for table in ABSENT | {EMPTY}} <= warned
    assert {table for kind, table in warned if kind == "source_has_rows"} == ABSENT | {EMPTY}
    # the generated data ends on 2025-12-31: every source with rows is past its threshold
    stale = {table for kind, table in warned if kind == "source_is_fresh"}
    freshness = json.loads(sources_json.read_text())["results"]
    checked = {r["unique_id"].rsplit(".", 1)[-1] for r in freshness}
    assert checked - ABSENT - {EMPTY} <= stale
    report = (partial_load.parent / "quality" / "report.html").read_text()
    assert "warning" in report and EMPTY in report


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_failed_build_leaves_the_published_warehouse_untouched(
    partial_load: Path, small_data: GeneratedData, tmp_path: Path
) -> None:
    warehouse = tmp_path / "crm.duckdb"
    shutil.copy(partial_load, warehouse)
    published = tmp_path / "published" / "crm.duckdb"
    assert publish(warehouse, published) > 0
    before = digest(published)
    broken_raw = tmp_path / "raw"
    broken_raw.mkdir()
    for table in RAW_TABLES:
        shutil.copy(small_data.raw_dir / f"{table.name}.parquet", broken_raw)
    orders = pq.read_table(broken_raw / "shop_orders.parquet")
    pq.write_table(orders.drop_columns(["paid_amount"]), broken_raw / "shop_orders.parquet")
    # `make build` publishes only after a successful dbt build; -o keeps make from reinstalling
    completed = subprocess.run(
        ["make", "-o", ".venv/.installed", "build"],
        cwd=PROJECT_ROOT,
        env={
            **os.environ,
            "CRM_WAREHOUSE": str(warehouse),
            "CRM_PUBLISHED": str(published),
            "CRM_RAW_DIR": str(broken_raw),
            "DBT_TARGET_PATH": str(tmp_path / "target"),
            "DBT_LOG_PATH": str(tmp_path / "logs"),
            "CRM_TEMP_DIR": str(tmp_path / "duckdb_tmp"),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode != 0
    assert "paid_amount" in completed.stdout + completed.stderr
    assert digest(published) == before
