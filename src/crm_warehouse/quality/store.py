"""Results of one run: appended to quality.expectation_results in the warehouse (history; the
view quality.latest_expectation_results shows the latest run) and written as JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from crm_warehouse.quality.outcomes import Outcome

SCHEMA = "quality"
CREATE_TABLE = f"""
create table if not exists {SCHEMA}.expectation_results (
    run_id varchar not null,
    run_at timestamp not null,
    suite varchar not null,
    mart varchar not null,
    expectation varchar not null,
    column_name varchar,
    severity varchar not null,
    success boolean not null,
    observed_value varchar,
    details varchar not null
)
"""
CREATE_LATEST_VIEW = f"""
create or replace view {SCHEMA}.latest_expectation_results as
select * from {SCHEMA}.expectation_results
where run_id = (
    select run_id from {SCHEMA}.expectation_results order by run_at desc, run_id desc limit 1
)
"""
COLUMNS = (
    "run_id",
    "run_at",
    "suite",
    "mart",
    "expectation",
    "column_name",
    "severity",
    "success",
    "observed_value",
    "details",
)


@dataclass(frozen=True)
class Run:
    run_id: str
    run_at: datetime  # UTC, naive
    outcomes: list[Outcome]

    def frame(self) -> pd.DataFrame:
        rows = [
            {"run_id": self.run_id, "run_at": self.run_at, **outcome.as_row()}
            for outcome in self.outcomes
        ]
        return pd.DataFrame(rows, columns=list(COLUMNS))


def write_table(warehouse: Path, run: Run) -> None:
    results = run.frame()
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(f"create schema if not exists {SCHEMA}")
        connection.execute(CREATE_TABLE)
        connection.register("run_results", results)
        connection.execute(
            f"insert into {SCHEMA}.expectation_results ({', '.join(COLUMNS)}) "
            f"select {', '.join(COLUMNS)} from run_results"
        )
        connection.execute(CREATE_LATEST_VIEW)


def write_json(path: Path, run: Run) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "run_id": run.run_id,
        "run_at": run.run_at.isoformat(),
        "results": [outcome.as_row() for outcome in run.outcomes],
    }
    path.write_text(json.dumps(document, indent=1, default=str))
