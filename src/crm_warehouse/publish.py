"""Publish the marts of a built warehouse into a separate file that readers use.

    python -m crm_warehouse.publish [--warehouse FILE] [--published FILE] [--run-results FILE]

DuckDB lets one process write a file and then no one else open it, and any reader stops dbt
from writing (shared/STACK.md). So the app and BI tools never open the warehouse dbt builds:
after a successful `dbt build`, `make build` runs this module, which attaches the warehouse
read-only, copies every table of the published schemas (the marts, and the great-expectations
results in schema quality) into a new file beside the target, records when and from where it
was published (and the build's dbt results, for the data quality page), and moves the new file
into place with `os.replace`. A reader holding the old
file keeps reading it; the next connection sees the new one; a failed copy leaves the previous
publication untouched.

Default published file: `$CRM_PUBLISHED`, else `published/<name>` in the warehouse's folder
(`warehouse/published/crm.duckdb` for the default warehouse).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from crm_warehouse.paths import PROJECT_ROOT

DEFAULT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "crm.duckdb"
# The marts are the public interface, and quality holds the great-expectations results of
# `python -m crm_warehouse.quality`; nothing upstream of them is published.
PUBLISHED_SCHEMAS = ("marts", "quality")
PUBLICATION_SCHEMA = "publication"
ATTACH_ATTEMPTS = 10
ATTACH_WAIT_SECONDS = 1.0

PUBLISHED_TABLES_SQL = """
select table_schema, table_name
from information_schema.tables
where
    table_catalog = 'source'
    and table_type = 'BASE TABLE'
    and list_contains(?, table_schema)
order by table_schema, table_name
"""

PUBLICATION_DDL = f"""
create schema {PUBLICATION_SCHEMA};
create table {PUBLICATION_SCHEMA}.published (
    source_warehouse varchar not null,
    tables_count integer not null,
    dbt_invocation_id varchar,
    dbt_generated_at timestamp,
    published_at timestamp not null
);
create table {PUBLICATION_SCHEMA}.dbt_results (
    unique_id varchar not null,
    resource_type varchar not null,
    status varchar not null,
    message varchar,
    failures bigint,
    execution_seconds double,
    completed_at timestamp
);
"""


def warehouse_path() -> Path:
    return Path(os.environ.get("CRM_WAREHOUSE") or DEFAULT_WAREHOUSE)


def published_path(warehouse: Path | None = None) -> Path:
    """`$CRM_PUBLISHED`, else `published/<warehouse name>` beside the warehouse."""
    configured = os.environ.get("CRM_PUBLISHED")
    if configured:
        return Path(configured)
    source = warehouse or warehouse_path()
    return source.parent / "published" / source.name


def quote_identifier(name: str) -> str:
    """A catalog name as a quoted SQL identifier (names come from the catalog, not users)."""
    return '"' + name.replace('"', '""') + '"'


def attach_source(connection: duckdb.DuckDBPyConnection, warehouse: Path) -> None:
    """Attach the warehouse read-only, waiting while a build still holds its lock."""
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}: run `make build` first")
    for attempt in range(1, ATTACH_ATTEMPTS + 1):
        try:
            connection.execute("attach ? as source (read_only)", [str(warehouse)])
            return
        except duckdb.IOException:
            if attempt == ATTACH_ATTEMPTS:
                raise
            time.sleep(ATTACH_WAIT_SECONDS)


def parse_timestamp(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC).replace(tzinfo=None)


def dbt_result_rows(run_results: dict[str, Any]) -> list[tuple[Any, ...]]:
    rows = []
    for result in run_results.get("results", []):
        timings = result.get("timing") or []
        completed = timings[-1].get("completed_at") if timings else None
        rows.append(
            (
                result["unique_id"],
                result["unique_id"].split(".", 1)[0],
                str(result["status"]),
                result.get("message"),
                result.get("failures"),
                result.get("execution_time"),
                parse_timestamp(completed),
            )
        )
    return rows


def copy_tables(connection: duckdb.DuckDBPyConnection, schemas: Sequence[str]) -> int:
    tables = connection.execute(PUBLISHED_TABLES_SQL, [list(schemas)]).fetchall()
    for schema in sorted({schema for schema, _ in tables}):
        connection.execute(f"create schema {quote_identifier(schema)}")
    for schema, table in tables:
        name = f"{quote_identifier(schema)}.{quote_identifier(table)}"
        connection.execute(f"create table {name} as select * from source.{name}")
    return len(tables)


def record_publication(
    connection: duckdb.DuckDBPyConnection,
    warehouse: Path,
    tables_count: int,
    run_results: dict[str, Any] | None,
) -> None:
    connection.execute(PUBLICATION_DDL)
    metadata = (run_results or {}).get("metadata", {})
    connection.execute(
        f"insert into {PUBLICATION_SCHEMA}.published values (?, ?, ?, ?, ?)",
        [
            str(warehouse.resolve()),
            tables_count,
            metadata.get("invocation_id"),
            parse_timestamp(metadata.get("generated_at")),
            datetime.now(UTC).replace(tzinfo=None),
        ],
    )
    rows = dbt_result_rows(run_results or {})
    if rows:
        connection.executemany(
            f"insert into {PUBLICATION_SCHEMA}.dbt_results values (?, ?, ?, ?, ?, ?, ?)", rows
        )


def publish(
    warehouse: Path,
    published: Path,
    *,
    run_results: Path | None = None,
    schemas: Sequence[str] = PUBLISHED_SCHEMAS,
) -> int:
    """Copy the warehouse's published schemas into `published` atomically; tables copied."""
    published.parent.mkdir(parents=True, exist_ok=True)
    staged = published.with_name(f".{published.name}.{os.getpid()}.publishing")
    staged.unlink(missing_ok=True)
    results = json.loads(run_results.read_text()) if run_results and run_results.exists() else None
    try:
        with duckdb.connect(str(staged)) as connection:
            attach_source(connection, warehouse)
            tables_count = copy_tables(connection, schemas)
            if tables_count == 0:
                raise RuntimeError(f"{warehouse} has no tables in schemas {list(schemas)}")
            record_publication(connection, warehouse, tables_count, results)
            connection.execute("detach source")
        os.replace(staged, published)
    finally:
        staged.unlink(missing_ok=True)
        staged.with_name(staged.name + ".wal").unlink(missing_ok=True)
    return tables_count


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Publish the warehouse's marts for readers.")
    parser.add_argument("--warehouse", type=Path, default=None, help="default: $CRM_WAREHOUSE")
    parser.add_argument("--published", type=Path, default=None, help="default: $CRM_PUBLISHED")
    parser.add_argument(
        "--run-results",
        type=Path,
        default=Path(os.environ.get("DBT_TARGET_PATH") or PROJECT_ROOT / "target")
        / "run_results.json",
        help="dbt's run_results.json of the build (default: $DBT_TARGET_PATH or target/)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    warehouse = args.warehouse or warehouse_path()
    published = args.published or published_path(warehouse)
    tables = publish(warehouse, published, run_results=args.run_results)
    print(f"published {tables} tables of {warehouse} to {published}")


if __name__ == "__main__":
    main()
