"""Short-lived read-only access to the warehouse: a connection per read, closed at once, so a
running `dbt build` or the app is never locked out for longer than one query."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

MARTS_SCHEMA = "marts"


def read_table(warehouse: Path, table: str, schema: str = MARTS_SCHEMA) -> pd.DataFrame:
    # identifiers cannot be bound as parameters: accept plain names only
    if not (table.isidentifier() and schema.isidentifier()):
        raise ValueError(f"not a plain table name: {schema}.{table}")
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(f'select * from "{schema}"."{table}"').df()


def existing_tables(warehouse: Path, schema: str = MARTS_SCHEMA) -> set[str]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = connection.execute(
            "select table_name from information_schema.tables where table_schema = ?", [schema]
        ).fetchall()
    return {row[0] for row in rows}
