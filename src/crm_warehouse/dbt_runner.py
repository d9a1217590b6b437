"""Run dbt programmatically against a chosen raw folder and warehouse file.

Tests and the benchmark use this instead of a shell: each run gets its own warehouse, target
path and environment, so runs never share a DuckDB file lock or a partial-parse cache.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from dbt.cli.main import dbtRunner

from crm_warehouse.paths import PROJECT_ROOT


@dataclass(frozen=True)
class DbtRun:
    success: bool
    error: str | None
    results: list[Any]


@contextmanager
def _environment(overrides: Mapping[str, str | None]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in overrides}
    try:
        for name, value in overrides.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_dbt(
    args: list[str],
    *,
    warehouse: Path,
    raw_dir: Path | None = None,
    target_path: Path | None = None,
    dbt_vars: Mapping[str, Any] | None = None,
) -> DbtRun:
    """Invoke `dbt <args>` in the project; raw_dir None means the committed demo seeds."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    target = target_path or warehouse.parent / "target"
    environment = {
        "CRM_WAREHOUSE": str(warehouse),
        "CRM_RAW_DIR": str(raw_dir) if raw_dir else None,
        "CRM_TEMP_DIR": str(warehouse.parent / "duckdb_tmp"),
        "DBT_TARGET_PATH": str(target),
        "DBT_LOG_PATH": str(target / "logs"),
    }
    cli_args = [
        *args,
        "--project-dir", str(PROJECT_ROOT),
        "--profiles-dir", str(PROJECT_ROOT),
        "--no-partial-parse",
    ]  # fmt: skip
    if dbt_vars:
        cli_args += ["--vars", json.dumps(dict(dbt_vars), default=str)]
    with _environment(environment):
        result = dbtRunner().invoke(cli_args)
    messages = [str(result.exception)] if result.exception else []
    node_results = list(result.result) if result.result is not None and args[0] != "parse" else []
    for node_result in node_results:
        if getattr(node_result, "status", None) in ("error", "fail"):
            messages.append(f"{node_result.node.name}: {node_result.message}")
    return DbtRun(
        success=result.success,
        error="\n".join(messages) if messages else None,
        results=node_results,
    )


def dbt_vars_yaml(dbt_vars: Mapping[str, Any]) -> str:
    return yaml.safe_dump(dict(dbt_vars), default_flow_style=True).strip()
