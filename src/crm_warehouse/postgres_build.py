"""Build the warehouse on PostgreSQL: `make build-postgres` and the parity tests run this.

    python -m crm_warehouse.postgres_build [--raw-dir FOLDER] [--vars YAML]

1. the server is made ready (crm_warehouse.postgres_server: the configured one, or a local one);
2. the raw tables are copied into schema raw (crm_warehouse.postgres_load: `--raw-dir`, default
   `$CRM_RAW_DIR`, else the demo seeds);
3. `dbt build --target postgres` of everything but the LTV models and what depends on them;
4. the LTV fit (crm_warehouse.ltv.postgres_fit), because dbt-postgres runs no Python models;
5. `dbt build` of the LTV models and what depends on them.

dbt writes its artifacts to `$DBT_TARGET_PATH` (make: target_postgres/), so a DuckDB build's
target is left alone. A failing step stops the build with its own message.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from crm_warehouse.ltv.postgres_fit import fit
from crm_warehouse.paths import PROJECT_ROOT
from crm_warehouse.postgres_load import load
from crm_warehouse.postgres_server import Settings, ensure

LTV_FIT_AND_AFTER = "int_ltv_customers_summarized+"


def dbt(args: list[str], dbt_vars: str | None) -> None:
    command = [str(Path(sys.executable).with_name("dbt")), *args]
    if dbt_vars:
        command += ["--vars", dbt_vars]
    environment = {**os.environ, "CRM_TARGET": "postgres"}
    completed = subprocess.run(command, cwd=PROJECT_ROOT, env=environment, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"dbt {' '.join(args)} failed on PostgreSQL (exit {completed.returncode})")


def build(raw_dir: Path | None, dbt_vars: str | None, settings: Settings) -> None:
    ensure(settings)
    loaded = load(raw_dir, settings)
    print(f"[postgres] loaded {sum(loaded.values()):,} raw rows", flush=True)
    dbt(["build", "--exclude", LTV_FIT_AND_AFTER], dbt_vars)
    written = fit(settings)
    print(f"[postgres] LTV fit: {written}", flush=True)
    dbt(["build", "--select", LTV_FIT_AND_AFTER], dbt_vars)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw-dir", type=Path, default=None, help="default: $CRM_RAW_DIR")
    parser.add_argument("--vars", default=None, help="YAML passed to dbt as --vars")
    args = parser.parse_args(argv)
    raw_dir = args.raw_dir or (
        Path(os.environ["CRM_RAW_DIR"]) if os.environ.get("CRM_RAW_DIR") else None
    )
    build(raw_dir, args.vars, Settings.from_environment())


if __name__ == "__main__":
    main()
