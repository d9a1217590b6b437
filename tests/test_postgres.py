"""The warehouse on PostgreSQL: built from the demo seeds as `make build-postgres` builds it, its
marts equal the DuckDB build's, and the BI role reads the marts and nothing else.

The server is the local one crm_warehouse.postgres_server makes ready (installed with apt-get
and started when absent) unless CRM_PG_HOST names one; the tests build into their own database
(crm_test). Parity: every mart has the same rows on both engines, the same number of distinct
values in every text column and the same sum of every numeric column, exactly for counts and
money, within half a cent a row for means rounded to cents (a mean exactly between two cents
may round either way on the two engines), within 1e-6 relative for floating point (a ratio of
money is binary floating point on DuckDB, numeric then float8 on PostgreSQL), the fit's timing
excepted. The BI role is tried with two real clients, psql and psycopg2 (DB-API).
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
from collections.abc import Iterator
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import psycopg2
import pytest

from crm_warehouse.contract import RAW_TABLES
from crm_warehouse.dashboard_search import normalize_email, normalize_phone
from crm_warehouse.dbt_runner import run_dbt
from crm_warehouse.paths import RAW_SEEDS_DIR
from crm_warehouse.postgres_build import build
from crm_warehouse.postgres_load import load
from crm_warehouse.postgres_server import Settings
from crm_warehouse.quality.compare import BUILD_TIME_COLUMNS

from .conftest import Warehouse

pytestmark = pytest.mark.postgres

TEST_DATABASE = "crm_test"
# A mean rounded to cents: compared within half a cent per row.
ROUNDED_MEAN = re.compile(r"^(avg_|average_)|_per_|^cac$")
NUMERIC_TYPES = ("INTEGER", "BIGINT", "HUGEINT", "DOUBLE", "DECIMAL", "FLOAT")
# Ratios of money: binary floating point on DuckDB, numeric then float8 on PostgreSQL.
FLOAT_TOLERANCE = 1e-6


@pytest.fixture(scope="module")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    target = tmp_path_factory.mktemp("postgres_target")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CRM_PG_DATABASE", TEST_DATABASE)
        patch.setenv("DBT_TARGET_PATH", str(target))
        patch.setenv("DBT_LOG_PATH", str(target / "logs"))
        patch.delenv("CRM_RAW_DIR", raising=False)
        settings = Settings.from_environment()
        build(None, None, settings)
        yield settings


def mart_columns(warehouse: Warehouse) -> dict[str, list[tuple[str, str]]]:
    rows = warehouse.query(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_schema = 'marts' order by table_name, ordinal_position"
    )
    columns: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows.itertuples(index=False):
        columns.setdefault(table, []).append((column, data_type))
    return columns


def totals_sql(table: str, columns: list[tuple[str, str]]) -> tuple[list[str], str]:
    names, expressions = ["rows"], ["count(*)"]
    for column, data_type in columns:
        if data_type.startswith(NUMERIC_TYPES):
            names.append(f"sum({column})")
            expressions.append(f'sum("{column}")')
        elif data_type == "VARCHAR":
            names.append(f"distinct({column})")
            expressions.append(f'count(distinct "{column}")')
    return names, f"select {', '.join(expressions)} from marts.{table}"


def agrees(name: str, duck: object, pg: object, rows: int) -> bool:
    if duck is None or pg is None:
        return duck is None and pg is None
    if isinstance(duck, float) or isinstance(pg, float):
        return math.isclose(float(duck), float(pg), rel_tol=FLOAT_TOLERANCE, abs_tol=1e-9)
    column = name.removeprefix("sum(").removesuffix(")")
    if ROUNDED_MEAN.search(column):
        return abs(Decimal(duck) - Decimal(pg)) <= Decimal("0.005") * rows
    return Decimal(duck) == Decimal(pg)


def test_every_mart_has_the_duckdb_builds_rows_and_totals(
    postgres: Settings, demo_warehouse: Warehouse
) -> None:
    columns = mart_columns(demo_warehouse)
    assert len(columns) > 40
    connection = postgres.connect(postgres.builder, postgres.builder_password)
    differences = {}
    with closing(connection), connection.cursor() as cursor:
        for table, table_columns in columns.items():
            skipped = BUILD_TIME_COLUMNS.get(table, ())
            kept = [(name, kind) for name, kind in table_columns if name not in skipped]
            names, sql = totals_sql(table, kept)
            # fetchone keeps DuckDB's decimals as Decimal (a DataFrame would make them floats)
            with duckdb.connect(str(demo_warehouse.path), read_only=True) as duck_connection:
                duck = list(duck_connection.execute(sql).fetchone())
            cursor.execute(sql)
            pg = list(cursor.fetchone())
            rows = int(duck[0])
            found = {
                name: (a, b)
                for name, a, b in zip(names, duck, pg, strict=True)
                if not agrees(name, a, b, rows)
            }
            if found:
                differences[table] = found
    assert differences == {}


def reader_connection(settings: Settings) -> psycopg2.extensions.connection:
    return settings.connect(settings.reader, settings.reader_password)


def test_the_bi_reader_selects_the_marts_and_nothing_else(postgres: Settings) -> None:
    builder = postgres.connect(postgres.builder, postgres.builder_password)
    with closing(builder), builder.cursor() as cursor:
        cursor.execute(
            "select table_schema, min(table_name), count(*) from information_schema.tables "
            "where table_schema in ('raw', 'staging', 'intermediate', 'ltv_python', 'marts') "
            "group by table_schema"
        )
        tables = {schema: (example, count) for schema, example, count in cursor.fetchall()}
    connection = reader_connection(postgres)
    with closing(connection), connection.cursor() as cursor:
        cursor.execute(
            """
            select table_schema, table_name
            from information_schema.tables
            where table_schema not in ('pg_catalog', 'information_schema')
                and has_table_privilege(
                    quote_ident(table_schema) || '.' || quote_ident(table_name), 'select')
            """
        )
        readable = cursor.fetchall()
        cursor.execute("select count(*) from marts.customer_360")
        (people,) = cursor.fetchone()
    assert people > 0
    assert {schema for schema, _ in readable} == {"marts"}
    assert len(readable) == tables["marts"][1]
    for schema in ("raw", "staging", "intermediate", "ltv_python"):
        example, count = tables[schema]
        assert count > 0, schema
        connection = reader_connection(postgres)
        with (
            closing(connection),
            connection.cursor() as cursor,
            pytest.raises(psycopg2.errors.InsufficientPrivilege),
        ):
            cursor.execute(f'select * from {schema}."{example}" limit 1')


def test_psql_as_the_bi_reader_reads_a_mart_and_is_refused_raw_contacts(postgres: Settings) -> None:
    environment = {**os.environ, "PGPASSWORD": postgres.reader_password}
    base = [
        "psql", "-X", "-q", "-t", "-A",
        "-h", postgres.host, "-p", str(postgres.port),
        "-U", postgres.reader, "-d", postgres.database,
    ]  # fmt: skip
    counted = subprocess.run(
        [*base, "-c", "select count(*) from marts.fct_orders where is_revenue_order"],
        env=environment, capture_output=True, text=True, check=True,
    )  # fmt: skip
    builder = postgres.connect(postgres.builder, postgres.builder_password)
    with closing(builder), builder.cursor() as cursor:
        cursor.execute("select count(*) from marts.fct_orders where is_revenue_order")
        (orders,) = cursor.fetchone()
    assert int(counted.stdout.strip()) == orders > 0
    refused = subprocess.run(
        [*base, "-c", "select phone, email from raw.shop_customers limit 1"],
        env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert refused.returncode != 0
    assert "permission denied" in refused.stderr


def test_no_raw_phone_or_email_reaches_what_the_bi_reader_can_read(postgres: Settings) -> None:
    customers = pd.read_csv(RAW_SEEDS_DIR / "shop_customers.csv", dtype=str)
    phones, emails = customers["phone"].dropna(), customers["email"].dropna()
    contacts = set(
        pd.concat(
            [
                phones[phones.str.count(r"[0-9]") >= 8],
                phones.map(normalize_phone).dropna(),
                emails[emails.str.contains("@")],
                emails.map(normalize_email).dropna(),
            ]
        )
    )
    assert len(contacts) > 1_000
    connection = reader_connection(postgres)
    with closing(connection), connection.cursor() as cursor:
        cursor.execute(
            "select table_name, column_name from information_schema.columns "
            "where table_schema = 'marts' and data_type = 'character varying'"
        )
        text_columns = cursor.fetchall()
        assert len(text_columns) > 100
        for table, column in text_columns:
            cursor.execute(
                f'select count(*) from marts.{table} where "{column}" = any(%s)', [list(contacts)]
            )
            assert cursor.fetchone() == (0,), f"marts.{table}.{column} holds raw contacts"


def test_a_missing_raw_column_stops_the_load_naming_table_and_column(
    postgres: Settings, tmp_path: Path
) -> None:
    with duckdb.connect() as connection:
        for table in RAW_TABLES:
            source = f"read_csv('{RAW_SEEDS_DIR / f'{table.name}.csv'}', all_varchar = true)"
            dropped = " exclude (paid_amount)" if table.name == "shop_orders" else ""
            connection.execute(
                f"copy (select *{dropped} from {source}) to '{tmp_path / table.name}.parquet'"
            )
    missing = "raw table shop_orders is missing required column 'paid_amount'"
    with pytest.raises(SystemExit, match=missing):
        load(tmp_path, postgres)


def freshness(run_results: Path) -> dict[str, str]:
    results = json.loads(run_results.read_text())["results"]
    return {result["unique_id"]: result["max_loaded_at"] for result in results}


def test_source_freshness_reads_the_same_latest_times_on_both_engines(
    postgres: Settings, demo_warehouse: Warehouse, tmp_path: Path
) -> None:
    duck = run_dbt(["source", "freshness"], warehouse=demo_warehouse.path)
    pg = run_dbt(
        ["source", "freshness"],
        warehouse=tmp_path / "postgres.duckdb",
        environment={"CRM_TARGET": "postgres", "CRM_PG_DATABASE": postgres.database},
    )
    duck_times = freshness(demo_warehouse.path.parent / "target" / "sources.json")
    pg_times = freshness(tmp_path / "target" / "sources.json")
    assert len(duck_times) >= 10, duck.output[-2000:]
    assert pg_times == duck_times, pg.output[-2000:]
