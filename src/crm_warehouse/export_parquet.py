"""Export every table of the published file to Parquet, for notebooks and BI tools.

    python -m crm_warehouse.export_parquet [--published FILE] [--parquet-dir FOLDER]

`make build` runs this after `python -m crm_warehouse.publish`, so only a successful build is
exported. It reads the published file (read-only, so it never blocks dbt), not the warehouse:
the Parquet files hold exactly what the app and the DuckDB readers see. Each table is written
with DuckDB's `COPY ... (format parquet)`, which keeps its types (decimals stay decimals,
timestamps stay timestamps): the marts as `<folder>/<table>.parquet`, the other published
schemas under a folder of their name (`publication/published.parquet` says which build it is,
`publication/dbt_results.parquet` holds its dbt results).

The set is written into a hidden sibling folder and renamed into place, so a reader sees the
previous set or the new one, never a half-written one; a failed export removes its staging
folder and leaves the previous set untouched. A reader that opens the files one by one while an
export is swapped in can still mix two builds: check `publication/published.parquet`.

Default folder: `$CRM_PARQUET_DIR`, else `<published name>_parquet/` beside the published file
(`warehouse/published/crm_parquet/`), so two warehouses published into one folder keep apart.
"""

from __future__ import annotations

import argparse
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import duckdb

from crm_warehouse.publish import published_path, quote_identifier

PARQUET_DIR_VARIABLE = "CRM_PARQUET_DIR"
# The public interface: its tables sit at the top of the folder, where a reader globs them.
TOP_LEVEL_SCHEMA = "marts"

EXPORTED_TABLES_SQL = """
select table_schema, table_name
from information_schema.tables
where table_catalog = current_database() and table_type = 'BASE TABLE'
order by table_schema, table_name
"""


def parquet_dir(published: Path) -> Path:
    """`$CRM_PARQUET_DIR`, else `<published name>_parquet/` beside the published file."""
    configured = os.environ.get(PARQUET_DIR_VARIABLE)
    if configured:
        return Path(configured)
    return published.with_name(f"{published.stem}_parquet")


def parquet_file(folder: Path, schema: str, table: str) -> Path:
    subfolder = folder if schema == TOP_LEVEL_SCHEMA else folder / schema
    return subfolder / f"{table}.parquet"


def write_tables(connection: duckdb.DuckDBPyConnection, folder: Path) -> int:
    tables = connection.execute(EXPORTED_TABLES_SQL).fetchall()
    for schema, table in tables:
        target = parquet_file(folder, schema, table)
        target.parent.mkdir(parents=True, exist_ok=True)
        name = f"{quote_identifier(schema)}.{quote_identifier(table)}"
        connection.execute(f"copy {name} to ? (format parquet)", [str(target)])
    return len(tables)


def swap_in(staged: Path, folder: Path) -> None:
    """Move `staged` to `folder`; a directory cannot be renamed over a non-empty one."""
    previous = staged.with_name(f".{folder.name}.{os.getpid()}.previous")
    shutil.rmtree(previous, ignore_errors=True)
    if folder.exists():
        os.replace(folder, previous)
    try:
        os.replace(staged, folder)
    except OSError:
        if previous.exists():
            os.replace(previous, folder)
        raise
    shutil.rmtree(previous, ignore_errors=True)


def export_parquet(published: Path, folder: Path) -> int:
    """Write every table of `published` as Parquet into `folder`, all at once; tables written."""
    if not published.exists():
        raise FileNotFoundError(f"no published file at {published}: run `make build` first")
    folder.parent.mkdir(parents=True, exist_ok=True)
    staged = folder.with_name(f".{folder.name}.{os.getpid()}.exporting")
    shutil.rmtree(staged, ignore_errors=True)
    try:
        staged.mkdir()
        with duckdb.connect(str(published), read_only=True) as connection:
            tables_count = write_tables(connection, staged)
        if tables_count == 0:
            raise RuntimeError(f"{published} has no tables to export")
        swap_in(staged, folder)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    return tables_count


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Export the published tables to Parquet.")
    parser.add_argument("--published", type=Path, default=None, help="default: $CRM_PUBLISHED")
    parser.add_argument(
        "--parquet-dir",
        type=Path,
        default=None,
        help=f"default: ${PARQUET_DIR_VARIABLE}, else <published name>_parquet/ beside it",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    published = args.published or published_path()
    folder = args.parquet_dir or parquet_dir(published)
    tables = export_parquet(published, folder)
    print(f"exported {tables} tables of {published} to {folder}")


if __name__ == "__main__":
    main()
