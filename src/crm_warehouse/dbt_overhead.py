"""dbt's overhead: the SQL a `dbt build` ran, run again directly in DuckDB, timed beside dbt.

    python -m crm_warehouse.dbt_overhead --warehouse FILE --target DIR [--dbt-seconds S]

`make bench` runs this after its full build. The warehouse is copied (the build's own file is
left alone) and every SQL statement dbt sent for a model or a test (target/run/) is executed
again on the copy, one after the other on one connection, as a hand-written script would: a
model's statements create a scratch relation in place of the one dbt created, from the tables
the build left (every input exists, so the order does not matter), then drop it; a test's
query is fetched.
Seeds and Python models run no SQL file: their dbt time counts on both sides. The ratio is
dbt's wall time over the direct time (the issue's aim: 1.25 at most); per resource type, dbt's
node time beside the direct time shows where dbt spends its own.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
from tqdm import tqdm

CREATED_RELATION = re.compile(
    r'create\s+(or\s+replace\s+)?(?:table|view)\s+("[^"]+"\."[^"]+"\."[^"]+")', re.IGNORECASE
)
SQL_NODES = ("model", "test")


@dataclass(frozen=True)
class NodeTime:
    unique_id: str
    resource_type: str
    dbt_seconds: float
    direct_seconds: float


def run_file(target: Path, node: dict) -> Path | None:
    """The SQL dbt ran for a model or test (target/run/<package>/...), if it wrote one."""
    base = target / "run" / node["package_name"] / node["original_file_path"]
    path = base / node["path"] if node["original_file_path"].endswith(".yml") else base
    return path if path.suffix == ".sql" and path.exists() else None


def scratch_relation(sql: str) -> tuple[str, str]:
    """The model's SQL writing a scratch relation instead of the one it creates (a full build
    creates an incremental model's table itself, a table model's `__dbt_tmp` one), and the
    scratch relation's name."""
    created = CREATED_RELATION.search(sql)
    if created is None:
        raise ValueError("no create table or view in the model's SQL")
    relation = created.group(2)
    scratch = relation[:-1] + '__overhead"'
    return sql.replace(relation, scratch), scratch


def time_node(connection: duckdb.DuckDBPyConnection, sql: str, resource_type: str) -> float:
    scratch = None
    if resource_type == "model":
        sql, scratch = scratch_relation(sql)
    started = time.perf_counter()
    if resource_type == "test":
        connection.execute(sql).fetchall()
    else:
        connection.execute(sql)
    seconds = time.perf_counter() - started
    if scratch is not None:
        kind = connection.execute(
            "select count(*) from duckdb_views() where '\"' || database_name || '\".\"' "
            "|| schema_name || '\".\"' || view_name || '\"' = ?",
            [scratch],
        ).fetchone()[0]
        connection.execute(f"drop {'view' if kind else 'table'} {scratch}")
    return seconds


def measure(warehouse: Path, target: Path) -> list[NodeTime]:
    """Each node of the build in target/run_results.json, with dbt's time and the direct one."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    nodes = json.loads((target / "manifest.json").read_text())["nodes"]
    timed: list[NodeTime] = []
    with tempfile.TemporaryDirectory(dir=warehouse.parent) as scratch:
        copy = Path(scratch) / warehouse.name
        shutil.copy(warehouse, copy)
        with duckdb.connect(str(copy)) as connection:
            connection.execute("set TimeZone = 'UTC'")
            for result in tqdm(results, desc="running dbt's SQL directly", unit="node"):
                node = nodes.get(result["unique_id"])
                resource_type = result["unique_id"].split(".")[0]
                path = run_file(target, node) if node and resource_type in SQL_NODES else None
                direct = (
                    result["execution_time"]
                    if path is None
                    else time_node(connection, path.read_text(), resource_type)
                )
                timed.append(
                    NodeTime(result["unique_id"], resource_type, result["execution_time"], direct)
                )
    return timed


def to_markdown(timed: list[NodeTime], dbt_wall_seconds: float | None) -> str:
    by_type: dict[str, list[float]] = {}
    for node in timed:
        totals = by_type.setdefault(node.resource_type, [0, 0.0, 0.0])
        totals[0] += 1
        totals[1] += node.dbt_seconds
        totals[2] += node.direct_seconds
    direct_total = sum(node.direct_seconds for node in timed)
    lines = [
        "| resource type | nodes | dbt node time s | same SQL run directly s |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {kind} | {count:,} | {dbt_s:.1f} | {direct_s:.1f} |"
        for kind, (count, dbt_s, direct_s) in sorted(by_type.items())
    ]
    lines.append(f"| all, one after the other | {len(timed):,} | | {direct_total:.1f} |")
    if dbt_wall_seconds:
        lines.append(
            f"\ndbt build wall time {dbt_wall_seconds:.1f} s / direct {direct_total:.1f} s = "
            f"**{dbt_wall_seconds / direct_total:.2f}**"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument(
        "--target", type=Path, required=True, help="the build's target folder (run/, manifest)"
    )
    parser.add_argument("--dbt-seconds", type=float, default=None, help="dbt build wall time")
    args = parser.parse_args(argv)
    print(to_markdown(measure(args.warehouse, args.target), args.dbt_seconds))


if __name__ == "__main__":
    main()
