"""Run dbt against a chosen raw folder and warehouse file, in a child process.

Tests and the benchmark use this instead of a shell. Each run gets its own warehouse, target
path and environment, and runs in its own process: dbt-duckdb keeps its DuckDB connection open
for the life of the process, which would stop the caller from opening the warehouse afterwards.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crm_warehouse.paths import PROJECT_ROOT


@dataclass(frozen=True)
class DbtRun:
    success: bool
    output: str
    results: list[dict[str, Any]]

    @property
    def error(self) -> str | None:
        if self.success:
            return None
        failed = [
            f"{result['unique_id']}: {result['message']}"
            for result in self.results
            if result["status"] in ("error", "fail")
        ]
        return "\n".join([*failed, self.output[-4000:]])


def dbt_environment(warehouse: Path, raw_dir: Path | None, target_path: Path) -> dict[str, str]:
    environment = {
        **os.environ,
        "CRM_WAREHOUSE": str(warehouse),
        "CRM_TEMP_DIR": str(warehouse.parent / "duckdb_tmp"),
        "DBT_TARGET_PATH": str(target_path),
        "DBT_LOG_PATH": str(target_path / "logs"),
    }
    environment.pop("CRM_RAW_DIR", None)
    if raw_dir is not None:
        environment["CRM_RAW_DIR"] = str(raw_dir)
    return environment


def run_dbt(
    args: list[str],
    *,
    warehouse: Path,
    raw_dir: Path | None = None,
    dbt_vars: Mapping[str, Any] | None = None,
    environment: Mapping[str, str] | None = None,
) -> DbtRun:
    """`dbt <args>` in the project; raw_dir None means the committed demo seeds; environment
    adds variables (CRM_TARGET=postgres runs on PostgreSQL, writing target/ beside warehouse)."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    target = warehouse.parent / "target"
    run_results = target / "run_results.json"
    run_results.unlink(missing_ok=True)
    command = [
        str(Path(sys.executable).with_name("dbt")), *args,
        "--project-dir", str(PROJECT_ROOT),
        "--profiles-dir", str(PROJECT_ROOT),
        "--no-partial-parse",
    ]  # fmt: skip
    if dbt_vars:
        command += ["--vars", json.dumps(dict(dbt_vars), default=str)]
    completed = subprocess.run(
        command,
        env={**dbt_environment(warehouse, raw_dir, target), **(environment or {})},
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    results = json.loads(run_results.read_text())["results"] if run_results.exists() else []
    return DbtRun(
        success=completed.returncode == 0,
        output=completed.stdout + completed.stderr,
        results=results,
    )
