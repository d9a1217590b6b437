"""The LTV fit of a PostgreSQL build: what the DuckDB build's dbt Python models do, run
between two dbt runs, because dbt-postgres runs no Python models.

    python -m crm_warehouse.ltv.postgres_fit

`make build-postgres` runs dbt on everything the fit reads, then this, then dbt on the LTV
models and what depends on them. It reads the purchase days of intermediate.int_orders_netted
and the vars dbt resolved (intermediate.int_ltv_fit_settings), calls the same functions as the
Python models (crm_warehouse.ltv.warehouse: summary, fit, scores) and writes their three tables
into schema ltv_python, which the SQL models of models/intermediate/ltv/postgres read under the
Python models' names. The numbers are those of a DuckDB build of the same raw data.
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Sequence
from contextlib import closing

import pandas as pd
import psycopg2.extensions
import pyarrow as pa
import pyarrow.csv as pacsv

from crm_warehouse.ltv.warehouse import (
    PARAMETER_SCHEMA,
    SCORE_SCHEMA,
    SUMMARY_SCHEMA,
    calibration_summary,
    fitted_parameters,
    parse_date,
    scored_customers,
    to_arrow,
)
from crm_warehouse.postgres_server import Settings

FIT_SCHEMA = "ltv_python"
POSTGRES_TYPES = {
    pa.string(): "varchar",
    pa.int64(): "bigint",
    pa.float64(): "double precision",
    pa.bool_(): "boolean",
    pa.date32(): "date",
    pa.timestamp("us"): "timestamp",
}
PURCHASE_DAYS_SQL = """
select person_id, ordered_date, cast(sum(net_revenue_cny) as double precision) as amount
from intermediate.int_orders_netted
where is_revenue_order and person_id is not null
group by person_id, ordered_date
"""


def query(connection: psycopg2.extensions.connection, sql: str) -> pd.DataFrame:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        columns = [column.name for column in cursor.description]
        return pd.DataFrame(cursor.fetchall(), columns=columns)


def write_table(connection: psycopg2.extensions.connection, name: str, table: pa.Table) -> None:
    """Replace ltv_python.<name> with the Arrow table: typed columns, then COPY of its CSV."""
    columns = ", ".join(f'"{field.name}" {POSTGRES_TYPES[field.type]}' for field in table.schema)
    relation = f'{FIT_SCHEMA}."{name}"'
    # Every value quoted, nulls bare: COPY then tells an empty text from a null.
    buffer = io.BytesIO()
    options = pacsv.WriteOptions(include_header=False, quoting_style="all_valid")
    pacsv.write_csv(table, buffer, options)
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.execute(f"drop table if exists {relation} cascade")
        cursor.execute(f"create table {relation} ({columns})")
        cursor.copy_expert(f"copy {relation} from stdin (format csv)", buffer)


def fit(settings: Settings) -> dict[str, int]:
    connection = settings.connect(settings.builder, settings.builder_password)
    with closing(connection):
        fit_settings = query(connection, "select * from intermediate.int_ltv_fit_settings")
        if len(fit_settings) != 1:
            raise SystemExit("intermediate.int_ltv_fit_settings must hold one row: run dbt first")
        settings_row = fit_settings.iloc[0]
        as_of_date = parse_date(settings_row["as_of_date"])
        time_unit = str(settings_row["time_unit"])
        (latest_order_date,) = query(
            connection, "select max(ordered_date) from intermediate.int_orders_netted"
        ).iloc[0]
        purchase_days = query(connection, PURCHASE_DAYS_SQL)
        summary = calibration_summary(
            purchase_days, as_of_date or latest_order_date, latest_order_date, time_unit=time_unit
        )
        parameters = fitted_parameters(summary, time_unit=time_unit, calibration_end=as_of_date)
        scores = scored_customers(
            summary,
            parameters,
            horizon_months=int(settings_row["horizon_months"]),
            monthly_discount_rate=float(settings_row["monthly_discount_rate"]),
        )
        tables = {
            "customers_summarized": to_arrow(summary, SUMMARY_SCHEMA),
            "models_fitted": to_arrow(parameters, PARAMETER_SCHEMA),
            "customers_scored": to_arrow(scores, SCORE_SCHEMA),
        }
        with connection.cursor() as cursor:
            cursor.execute(f"create schema if not exists {FIT_SCHEMA}")
        for name, table in tables.items():
            write_table(connection, name, table)
        connection.commit()
    return {name: table.num_rows for name, table in tables.items()}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args(argv)
    written = fit(Settings.from_environment())
    print(", ".join(f"{FIT_SCHEMA}.{name}: {rows:,} rows" for name, rows in written.items()))


if __name__ == "__main__":
    main()
