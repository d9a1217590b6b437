"""The incremental web models give exactly the full-refresh result after late-arriving events.

A generated data set's web events are split into two loads, as a tracker export arrives: the
initial load, and a late file holding the last day, events of the two days before it that
arrived late, and re-delivered copies of events already loaded. The warehouse is built from
the initial load, then incrementally from both files, and compared with a `--full-refresh`
build of both files: every web model and mart, the identity map and the quarantine and
reconciliation tables must hold exactly the same rows. A third file with an event dated before
the look-back window shows that such an event is counted as missing, never silently dropped.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from crm_warehouse.dbt_runner import DbtRun, run_dbt
from tests.conftest import GeneratedData, Warehouse, generate

CUSTOMERS = 1_000
SEED = 11
LOOKBACK_DAYS = 3
LATE_DAYS = 2
LATE_SHARE = 0.1
REDELIVERED_COPIES = 50
BEYOND_LOOKBACK_DAYS = 10
REPORTING_UTC_OFFSET = dt.timedelta(hours=8)
DBT_VARS = {
    "quarantine_reference_time": "2026-06-01 00:00:00",
    "web_incremental_lookback_days": LOOKBACK_DAYS,
}
# The models compared, and the ones dbt builds (with their ancestors on the first build).
COMPARED_TABLES = (
    "staging.base_web__events",
    "staging.stg_web__events",
    "intermediate.int_web_events_sessionized",
    "intermediate.int_sessions_aggregated",
    "intermediate.int_quarantined_rows_unioned",
    "intermediate.int_raw_rows_reconciled",
    "marts.identity_map",
    "marts.fct_sessions",
    "marts.funnel_daily",
    "marts.funnel_campaign_daily",
    "marts.funnel_step_conversion",
    "marts.funnel_people",
    "marts.product_funnel",
    "marts.product_category_funnel",
    "marts.page_type_dwell",
    "marts.cart_abandoners",
    "marts.quarantine_summary",
    "marts.raw_table_reconciliation",
)
BUILT_MODELS = [table.split(".")[1] for table in COMPARED_TABLES]
MISSED_TEST = "assert_no_raw_web_events_missed"


@dataclass(frozen=True)
class Loads:
    initial: Path
    full: Path
    late_rows: int
    redelivered_event_ids: list[str]


def event_ms(events: pa.Table) -> pa.Array:
    """Epoch milliseconds of each raw event_at written as digits (the tracker's format); null
    for the few rows in another format or unparseable, which stay in the initial load."""
    digits = pc.match_substring_regex(events["event_at"], r"^\d{1,15}$")
    return pc.cast(pc.if_else(digits, events["event_at"], None), pa.int64())


def raw_folder(data: GeneratedData, folder: Path, parts: dict[str, pa.Table]) -> Path:
    """A raw folder: the other tables as generated, web_events as a folder of Parquet files."""
    folder.mkdir(parents=True)
    for table in data.raw_dir.glob("*.parquet"):
        if table.stem != "web_events":
            (folder / table.name).symlink_to(table)
    (folder / "web_events").mkdir()
    for name, part in parts.items():
        pq.write_table(part, folder / "web_events" / f"{name}.parquet")
    return folder


def split_loads(data: GeneratedData, root: Path) -> Loads:
    events = pq.read_table(data.raw_dir / "web_events.parquet")
    last_day = dt.date.fromisoformat(data.parameters()["end"])
    last_day_ms = int(
        (dt.datetime.combine(last_day, dt.time(), dt.UTC) - REPORTING_UTC_OFFSET).timestamp() * 1000
    )
    late_from_ms = last_day_ms - LATE_DAYS * 86_400_000
    at = event_ms(events).fill_null(0)
    row = pa.array(range(events.num_rows))
    in_late_days = pc.and_(pc.greater_equal(at, late_from_ms), pc.less(at, last_day_ms))
    # Every tenth row of the two days before the last arrives late; the last day is new.
    late = pc.or_(
        pc.greater_equal(at, last_day_ms),
        pc.and_(in_late_days, pc.equal(pc.bit_wise_and(row, 0b1111), 0)),
    )
    already_loaded = pc.and_(in_late_days, pc.invert(late))
    redelivered = events.filter(already_loaded).slice(0, REDELIVERED_COPIES)
    initial_part = events.filter(pc.invert(late))
    late_part = pa.concat_tables([events.filter(late), redelivered])
    return Loads(
        initial=raw_folder(data, root / "initial", {"part-1": initial_part}),
        full=raw_folder(data, root / "full", {"part-1": initial_part, "part-2": late_part}),
        late_rows=late_part.num_rows,
        redelivered_event_ids=redelivered["event_id"].to_pylist(),
    )


def build(warehouse: Path, raw_dir: Path, *, first: bool, full_refresh: bool = False) -> DbtRun:
    """dbt build (tests excluded) of the compared models: with their ancestors on the first
    build, else only those downstream of the web events."""
    selection = [f"+{model}" if first else f"base_web__events+,+{model}" for model in BUILT_MODELS]
    args = ["build", "--select", *selection, "--exclude", "resource_type:test"]
    args += ["resource_type:unit_test"]
    if full_refresh:
        args.append("--full-refresh")
    run = run_dbt(args, warehouse=warehouse, raw_dir=raw_dir, dbt_vars=DBT_VARS)
    assert run.success, f"dbt build failed:\n{run.error}"
    return run


def differing_rows(left: Path, right: Path, table: str) -> tuple[int, int]:
    """Rows of `table` only in the left warehouse, and only in the right (EXCEPT ALL)."""
    with duckdb.connect() as connection:
        connection.execute(f"attach '{left}' as left_wh (read_only)")
        connection.execute(f"attach '{right}' as right_wh (read_only)")
        only = [
            connection.execute(
                f"select count(*) from (select * from {a}.{table} except all "
                f"select * from {b}.{table})"
            ).fetchone()[0]
            for a, b in (("left_wh", "right_wh"), ("right_wh", "left_wh"))
        ]
    return only[0], only[1]


@dataclass(frozen=True)
class IncrementalCase:
    loads: Loads
    initial: Warehouse
    incremental: Warehouse
    full_refresh: Warehouse


@pytest.fixture(scope="module")
def incremental_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IncrementalCase]:
    root = tmp_path_factory.mktemp("incremental")
    data = generate(root / "data", CUSTOMERS, SEED)
    loads = split_loads(data, root / "raw")
    incremental = root / "incremental" / "crm.duckdb"
    full_refresh = root / "full_refresh" / "crm.duckdb"
    initial = root / "initial" / "crm.duckdb"
    build(incremental, loads.initial, first=True)
    # The full-refresh warehouse starts from the same first build (the other sources are the
    # same), so that its full refresh of every web model reads the same inputs.
    for copy in (initial, full_refresh):
        copy.parent.mkdir(parents=True)
        shutil.copy(incremental, copy)
    build(incremental, loads.full, first=False)
    build(full_refresh, loads.full, first=False, full_refresh=True)
    yield IncrementalCase(
        loads, Warehouse(initial), Warehouse(incremental), Warehouse(full_refresh)
    )


def test_late_load_changes_loaded_sessions(incremental_case: IncrementalCase) -> None:
    """The case is not trivial: the late file adds every row it holds, its re-delivered copies
    are ranked against the copies already loaded, and its late events change sessions that the
    first build had already written."""
    case = incremental_case
    initial_rows = case.initial.scalar("select count(*) from staging.base_web__events")
    total = case.incremental.scalar("select count(*) from staging.base_web__events")
    assert total == initial_rows + case.loads.late_rows
    copies = case.incremental.query(
        "select event_id, count(*) as copies, count(*) filter (quarantine_reason is null) as kept "
        "from staging.base_web__events where event_id in (select unnest(?)) group by all",
        [case.loads.redelivered_event_ids],
    )
    assert len(copies) == len(set(case.loads.redelivered_event_ids))
    assert (copies["copies"] >= 2).all() and (copies["kept"] <= 1).all()
    with duckdb.connect() as connection:
        connection.execute(f"attach '{case.initial.path}' as initial_wh (read_only)")
        connection.execute(f"attach '{case.incremental.path}' as final_wh (read_only)")
        changed_sessions = connection.execute(
            "select count(*) from (select visitor_hash, started_at, events_count "
            "from initial_wh.intermediate.int_sessions_aggregated except "
            "select visitor_hash, started_at, events_count "
            "from final_wh.intermediate.int_sessions_aggregated)"
        ).fetchone()[0]
    assert changed_sessions > 0


def test_incremental_models_ran_incrementally(incremental_case: IncrementalCase) -> None:
    """The second build replaced rows (delete+insert), it did not rebuild the tables."""
    run_dir = incremental_case.incremental.path.parent / "target" / "run" / "crm_warehouse"
    for model in ("base_web__events", "int_web_events_sessionized", "int_sessions_aggregated"):
        compiled = next(run_dir.rglob(f"{model}.sql")).read_text().lower()
        assert "delete from" in compiled, f"{model} did not run incrementally"


@pytest.mark.parametrize("table", COMPARED_TABLES)
def test_incremental_equals_full_refresh(incremental_case: IncrementalCase, table: str) -> None:
    rows = incremental_case.full_refresh.scalar(f"select count(*) from {table}")
    only_incremental, only_full_refresh = differing_rows(
        incremental_case.incremental.path, incremental_case.full_refresh.path, table
    )
    assert (only_incremental, only_full_refresh) == (0, 0), (
        f"{table}: {only_incremental} rows only in the incremental build, "
        f"{only_full_refresh} only in the full refresh (of {rows})"
    )


def test_event_before_lookback_is_counted_missing(
    incremental_case: IncrementalCase, tmp_path: Path
) -> None:
    """An event dated before the look-back window arrives late: the incremental run cannot see
    it, and the singular test reports it as one missing raw row instead of losing it."""
    case = incremental_case
    warehouse = tmp_path / "crm.duckdb"
    shutil.copy(case.incremental.path, warehouse)
    kept = Warehouse(warehouse).query(
        "select event_id from staging.stg_web__events "
        "where event_at < (select max(event_at) from staging.stg_web__events) "
        f"  - interval {BEYOND_LOOKBACK_DAYS} day "
        "order by event_at desc, event_id limit 1"
    )["event_id"][0]
    raw = raw_folder_copy(case.loads.full, tmp_path / "raw")
    events = pq.read_table(case.loads.full / "web_events" / "part-1.parquet")
    original = events.filter(pc.equal(events["event_id"], kept)).slice(0, 1)
    too_late = original.set_column(
        original.schema.get_field_index("event_id"),
        "event_id",
        pa.array(["late-beyond-lookback"]),
    )
    pq.write_table(too_late, raw / "web_events" / "part-3.parquet")
    # Only the model the check needs and the check itself (not the tests attached to it); the
    # check's failing row is stored, with the count it reports.
    checked = run_dbt(
        ["build", "--select", "base_web__events", MISSED_TEST, "--indirect-selection", "empty",
         "--store-failures"],
        warehouse=warehouse,
        raw_dir=raw,
        dbt_vars=DBT_VARS,
    )  # fmt: skip
    statuses = {r["unique_id"].split(".")[-1]: r for r in checked.results}
    assert statuses["base_web__events"]["status"] == "success"
    assert statuses[MISSED_TEST]["status"] == "fail"
    lost = Warehouse(warehouse).scalar(
        "select count(*) from staging.base_web__events where event_id = 'late-beyond-lookback'"
    )
    assert lost == 0
    missing = Warehouse(warehouse).scalar(f"select missing_rows from dbt_test__audit.{MISSED_TEST}")
    assert missing == 1


def raw_folder_copy(source: Path, folder: Path) -> Path:
    """A copy of a raw folder whose web_events folder can take one more file."""
    folder.mkdir(parents=True)
    for entry in source.iterdir():
        if entry.name == "web_events":
            shutil.copytree(entry, folder / "web_events")
        else:
            (folder / entry.name).symlink_to(entry.resolve())
    return folder
