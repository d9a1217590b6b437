"""Load the raw tables into PostgreSQL's schema raw, before `dbt build --target postgres`.

    python -m crm_warehouse.postgres_load [--raw-dir FOLDER]

The raw tables come from `--raw-dir` (default `$CRM_RAW_DIR`): one `<table>.parquet` or a
folder `<table>/` of Parquet files per table of the raw contract, as on DuckDB; without a
folder, from the committed demo seeds (seeds/raw/*.csv). Each table is created with the
contract's column types and filled with COPY, which is about a hundred times faster than
`dbt seed` inserting the 176k demo web events row by row (3.6 min).

The rows are those the DuckDB build reads, through the same DuckDB CSV and Parquet readers
(dbt-duckdb loads a seed with DuckDB's COPY: an empty field is NULL, a quoted "null" the text
'null'). An absent table is created empty. A file missing a contract column stops the load naming
the table and the column, every such column at once.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

import duckdb
import psycopg2
from tqdm import tqdm

from crm_warehouse.contract import RAW_TABLES, RawTable
from crm_warehouse.paths import RAW_SEEDS_DIR
from crm_warehouse.postgres_server import Settings

RAW_SCHEMA = "raw"


def parquet_source(raw_dir: Path, table: RawTable) -> str | None:
    """DuckDB's reader of the table's Parquet file or folder, or None when it is absent."""
    single = raw_dir / f"{table.name}.parquet"
    if single.exists():
        return f"read_parquet('{single}', union_by_name = true)"
    folder = raw_dir / table.name
    if folder.is_dir() and any(folder.rglob("*.parquet")):
        return f"read_parquet('{folder}/**/*.parquet', union_by_name = true)"
    return None


def seed_source(table: RawTable) -> str:
    return f"read_csv('{RAW_SEEDS_DIR / f'{table.name}.csv'}', header = true, all_varchar = true)"


def missing_columns(
    connection: duckdb.DuckDBPyConnection, source: str, table: RawTable
) -> list[str]:
    found = {
        row[0].lower() for row in connection.execute(f"describe select * from {source}").fetchall()
    }
    return [column for column in table.column_names if column not in found]


def select_list(table: RawTable) -> str:
    """The contract's columns as text, for COPY to cast into the typed columns."""
    return ", ".join(f'cast("{column}" as varchar) as "{column}"' for column in table.column_names)


def create_table_sql(table: RawTable) -> str:
    columns = ", ".join(f'"{name}" {sql_type}' for name, sql_type in table.sql_types().items())
    relation = f'{RAW_SCHEMA}."{table.name}"'
    return f"drop table if exists {relation} cascade; create table {relation} ({columns})"


def load(raw_dir: Path | None, settings: Settings) -> dict[str, int]:
    sources: dict[str, str | None] = {}
    problems: list[str] = []
    with duckdb.connect() as reader:
        for table in RAW_TABLES:
            source = seed_source(table) if raw_dir is None else parquet_source(raw_dir, table)
            sources[table.name] = source
            if source is not None:
                problems += [
                    f"raw table {table.name} is missing required column '{column}'"
                    for column in missing_columns(reader, source, table)
                ]
        if problems:
            raise SystemExit(
                "\n".join([f"{len(problems)} raw column(s) break the contract:", *problems])
            )

        loaded: dict[str, int] = {}
        connection = settings.connect(settings.builder, settings.builder_password)
        with (
            tempfile.TemporaryDirectory() as scratch_dir,
            closing(connection),
            connection.cursor() as cursor,
        ):
            scratch = Path(scratch_dir)
            cursor.execute(f"create schema if not exists {RAW_SCHEMA}")
            for table in tqdm(RAW_TABLES, desc="loading raw tables", unit="table"):
                cursor.execute(create_table_sql(table))
                source = sources[table.name]
                if source is None:
                    loaded[table.name] = 0
                    continue
                # DuckDB streams the rows to a CSV file that COPY reads: memory stays flat
                export = scratch / f"{table.name}.csv"
                reader.execute(
                    f"copy (select {select_list(table)} "
                    f"from {source}) to '{export}' (format csv, header false, nullstr '\\N')"
                )
                copy = f"copy {RAW_SCHEMA}.\"{table.name}\" from stdin (format csv, null '\\N')"
                try:
                    with export.open() as rows:
                        cursor.copy_expert(copy, rows)
                except psycopg2.Error as error:
                    raise SystemExit(f"raw table {table.name}: {str(error).strip()}") from None
                export.unlink()
                loaded[table.name] = cursor.rowcount
            connection.commit()
    return loaded


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw-dir", type=Path, default=None, help="default: $CRM_RAW_DIR")
    args = parser.parse_args(argv)
    configured = args.raw_dir or (
        Path(os.environ["CRM_RAW_DIR"]) if os.environ.get("CRM_RAW_DIR") else None
    )
    loaded = load(configured, Settings.from_environment())
    origin = configured or RAW_SEEDS_DIR
    print(
        f"loaded {sum(loaded.values()):,} rows of {len(loaded)} raw tables from {origin}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
