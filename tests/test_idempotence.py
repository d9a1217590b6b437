"""`dbt build` twice gives identical marts: a second build over the first one's warehouse (the
incremental web models take their incremental path) reproduces every mart row for row.
Only columns that record the build itself differ by design
(crm_warehouse.quality.compare.BUILD_TIME_COLUMNS: ltv_model_params.fitted_at, fit_seconds)."""

from __future__ import annotations

import shutil
from pathlib import Path

from crm_warehouse.dbt_runner import run_dbt
from crm_warehouse.quality.compare import mart_differences
from crm_warehouse.quality.warehouse import existing_tables

from .conftest import GeneratedData, Warehouse


def test_a_second_dbt_build_gives_identical_marts(
    small_data: GeneratedData, small_warehouse: Warehouse, tmp_path: Path
) -> None:
    rebuilt = tmp_path / "crm.duckdb"
    shutil.copy(small_warehouse.path, rebuilt)
    # tests write nothing into the marts: the second build runs seeds and models only
    run = run_dbt(
        ["build", "--exclude-resource-type", "test", "unit_test"],
        warehouse=rebuilt,
        raw_dir=small_data.raw_dir,
    )
    assert run.success, run.error
    assert len(existing_tables(rebuilt)) > 0
    assert mart_differences(small_warehouse.path, rebuilt) == {}
