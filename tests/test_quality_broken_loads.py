"""Broken loads. A missing or wrongly typed column stops the build naming table and column
(tests/test_bad_input.py); here (on conftest's shop_tables_only load, which tests/test_bad_input.py
also reads): an absent or empty raw table builds and shows as a warning in
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

from crm_warehouse.contract import RAW_TABLES
from crm_warehouse.paths import PROJECT_ROOT
from crm_warehouse.publish import publish
from crm_warehouse.quality.__main__ import main as quality_main

from .conftest import ABSENT_TABLES, EMPTY_EXPORT, GeneratedData


def test_absent_and_empty_tables_and_stale_sources_warn_without_failing(
    shop_tables_only: Path,
) -> None:
    folder = shop_tables_only.parent
    sources_json = folder / "target" / "sources.json"
    assert (
        quality_main(["--warehouse", str(shop_tables_only), "--freshness", str(sources_json)]) == 0
    )
    results = json.loads((folder / "quality" / "results.json").read_text())["results"]
    warned = {
        (r["expectation"], r["mart"])
        for r in results
        if r["severity"] == "warning" and not r["success"]
    }
    rowless = ABSENT_TABLES | {EMPTY_EXPORT}
    assert {table for kind, table in warned if kind == "source_has_rows"} == rowless
    # the generated data ends on 2025-12-31: every source with rows is past its threshold
    stale = {table for kind, table in warned if kind == "source_is_fresh"}
    freshness = json.loads(sources_json.read_text())["results"]
    checked = {r["unique_id"].rsplit(".", 1)[-1] for r in freshness}
    assert checked - rowless <= stale
    report = (folder / "quality" / "report.html").read_text()
    assert "warning" in report and EMPTY_EXPORT in report


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_failed_build_leaves_the_published_warehouse_untouched(
    shop_tables_only: Path, small_data: GeneratedData, tmp_path: Path
) -> None:
    warehouse = tmp_path / "crm.duckdb"
    shutil.copy(shop_tables_only, warehouse)
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
