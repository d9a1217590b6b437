"""`make bench SCALE=…`: time the generator and `dbt build`, with CPU time and peak memory.

A benchmark, not a test: it prints a Markdown table and writes it with a CSV to
bench/results/<scale>.{md,csv}. Each stage runs in its own process so that its peak resident
memory (wait4's ru_maxrss) and CPU time are its own.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from crm_warehouse import dashboard_data, dbt_overhead
from crm_warehouse.contract import RAW_TABLES
from crm_warehouse.dbt_runner import dbt_environment
from crm_warehouse.identity_quality import pairwise_scores
from crm_warehouse.ltv import fit_benchmark
from crm_warehouse.paths import PROJECT_ROOT
from crm_warehouse.publish import publish
from crm_warehouse.scales import SCALE_CUSTOMERS, generate_command, scale_dir

RESULTS_DIR = PROJECT_ROOT / "bench" / "results"


@dataclass(frozen=True)
class StageResult:
    stage: str
    wall_seconds: float
    cpu_seconds: float
    peak_memory_mb: float
    rows: int

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.wall_seconds if self.wall_seconds else 0.0


def run_stage(stage: str, command: list[str], env: dict[str, str], rows: int = 0) -> StageResult:
    print(f"[bench] {stage}: {' '.join(command)}", flush=True)
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"[bench] stage {stage} failed")
    return StageResult(
        stage=stage,
        wall_seconds=wall,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_memory_mb=usage.ru_maxrss / 1024,
        rows=rows,
    )


def count_raw_rows(raw_dir: Path) -> int:
    with duckdb.connect() as connection:
        return sum(
            connection.execute(
                "select count(*) from read_parquet(?)", [str(raw_dir / f"{table.name}.parquet")]
            ).fetchone()[0]
            for table in RAW_TABLES
        )


def to_markdown(scale: str, results: list[StageResult]) -> str:
    lines = [
        f"| stage ({scale}, {SCALE_CUSTOMERS[scale]:,} customers) | wall s | CPU s "
        "| peak memory MB | raw rows | rows/s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.stage} | {r.wall_seconds:.1f} | {r.cpu_seconds:.1f} | {r.peak_memory_mb:,.0f} "
        f"| {r.rows:,} | {r.rows_per_second:,.0f} |"
        for r in results
    ]
    return "\n".join(lines)


def slowest_models(work_dir: Path, count: int = 15) -> str:
    """The slowest nodes of the full build, from its run_results.json, as a Markdown table."""
    results = json.loads((work_dir / "full_run_results.json").read_text())["results"]
    timed = sorted(results, key=lambda result: result["execution_time"], reverse=True)[:count]
    lines = ["| slowest dbt nodes | seconds |", "|---|---:|"]
    lines += [
        f"| {result['unique_id'].split('.', 2)[-1]} | {result['execution_time']:.1f} |"
        for result in timed
    ]
    return "\n".join(lines)


def split_last_day(raw_dir: Path, truth_dir: Path, work_dir: Path) -> tuple[Path, Path]:
    """The raw folder of the full build (every table as generated, web_events as a folder of
    every event but those of the generator's last local day) and the last day's events, the
    file the incremental stage appends to that folder."""
    last_day = json.loads((truth_dir / "parameters.json").read_text())["end"]
    folder = work_dir / "raw"
    (folder / "web_events").mkdir(parents=True)
    for table in RAW_TABLES:
        if table.name != "web_events":
            (folder / f"{table.name}.parquet").symlink_to(raw_dir / f"{table.name}.parquet")
    new_day = work_dir / "new_day.parquet"
    # Epoch milliseconds of the tracker's own format; the rare other formats stay loaded.
    event_ms = (
        "try_cast(case when regexp_full_match(event_at, '[0-9]{1,15}') then event_at end as bigint)"
    )
    day_start = f"epoch_ms(timezone('Asia/Shanghai', timestamp '{last_day}'))"
    in_day = f"coalesce({event_ms} >= {day_start} and {event_ms} < {day_start} + 86400000, false)"
    source = f"read_parquet('{raw_dir / 'web_events.parquet'}')"
    with duckdb.connect() as connection:
        for condition, target in ((f"not {in_day}", folder / "web_events" / "part-1.parquet"),
                                  (in_day, new_day)):  # fmt: skip
            connection.execute(
                f"copy (select * from {source} where {condition}) to '{target}' (format parquet)"
            )
    return folder, new_day


def web_model_times(full: Path, incremental: Path) -> str:
    """Execution time of each model in the full and the incremental build (run_results.json)."""
    times = [
        {r["unique_id"]: r["execution_time"] for r in json.loads(path.read_text())["results"]}
        for path in (full, incremental)
    ]
    lines = ["| model | full build s | incremental (one new day) s |", "|---|---:|---:|"]
    lines += [
        f"| {node.split('.')[-1]} | {seconds:.1f} | {times[1].get(node, 0.0):.1f} |"
        for node, seconds in sorted(times[0].items(), key=lambda item: -item[1])[:15]
        if node.startswith("model.")
    ]
    return "\n".join(lines)


def area_times(full: Path, incremental: Path, manifest: Path) -> str:
    """Model time per folder (models/<layer>/<area>) in the full and the incremental build: the
    figures the issues' per-area targets are stated in (identity graph, sessions, attribution)."""
    nodes = json.loads(manifest.read_text())["nodes"]
    areas: dict[str, list[float]] = {}
    for column, path in enumerate((full, incremental)):
        for result in json.loads(path.read_text())["results"]:
            node = nodes.get(result["unique_id"])
            if node is None or node["resource_type"] != "model":
                continue
            area = "/".join(Path(node["original_file_path"]).parts[1:3])
            areas.setdefault(area, [0.0, 0.0])[column] += result["execution_time"]
    lines = ["| model folder | full build s | incremental (one new day) s |", "|---|---:|---:|"]
    lines += [
        f"| {area} | {full_s:.1f} | {incremental_s:.1f} |"
        for area, (full_s, incremental_s) in sorted(areas.items(), key=lambda item: -item[1][0])
    ]
    return "\n".join(lines)


def identity_scores(warehouse: Path, truth_dir: Path) -> str:
    if not (truth_dir / "identity_evidence.parquet").exists():
        return "identity scores: no identity_evidence in the truth folder (regenerate the data)"
    return "\n".join(f"- {line}" for line in pairwise_scores(warehouse, truth_dir).lines())


def dashboard_page_times(warehouse: Path, published: Path) -> str:
    """Each app page's first-load queries on the published copy, as a manager opens it."""
    publish(warehouse, published)
    lines = ["| dashboard page | seconds (median of 3) |", "| --- | ---: |"]
    for page, seconds in dashboard_data.measure_pages(published).items():
        lines.append(f"| {page} | {seconds:.2f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALE_CUSTOMERS), default="small")
    args = parser.parse_args()

    data_dir = scale_dir(args.scale)
    work_dir = PROJECT_ROOT / "bench" / "work" / args.scale
    shutil.rmtree(work_dir, ignore_errors=True)
    work_dir.mkdir(parents=True)
    env = dict(os.environ)

    results = [run_stage("generate", generate_command(args.scale, data_dir), env)]
    raw_rows = count_raw_rows(data_dir / "raw")
    results[0] = StageResult(**{**asdict(results[0]), "rows": raw_rows})

    raw_dir, new_day = split_last_day(data_dir / "raw", data_dir / "truth", work_dir)
    dbt_env = dbt_environment(work_dir / "crm.duckdb", raw_dir, work_dir / "target")
    dbt = str(Path(sys.executable).with_name("dbt"))
    results.append(run_stage("dbt build (full)", [dbt, "build", "--quiet"], dbt_env, raw_rows))
    full_results = work_dir / "full_run_results.json"
    shutil.copy(work_dir / "target" / "run_results.json", full_results)
    # The full build's SQL, run again directly in DuckDB: dbt's own share of the wall time.
    overhead = dbt_overhead.to_markdown(
        dbt_overhead.measure(work_dir / "crm.duckdb", work_dir / "target"),
        results[-1].wall_seconds,
    )
    # A new day of web events arrives as one more file: the incremental models read only it.
    with duckdb.connect() as connection:
        new_rows = connection.execute("select count(*) from read_parquet(?)", [str(new_day)])
        new_rows = new_rows.fetchone()[0]
    shutil.move(new_day, raw_dir / "web_events" / "part-2.parquet")
    incremental_stage = "dbt build (incremental, one new day)"
    results.append(run_stage(incremental_stage, [dbt, "build", "--quiet"], dbt_env, new_rows))

    table = "\n\n".join(
        [
            to_markdown(args.scale, results),
            overhead,
            slowest_models(work_dir),
            web_model_times(full_results, work_dir / "target" / "run_results.json"),
            area_times(
                full_results,
                work_dir / "target" / "run_results.json",
                work_dir / "target" / "manifest.json",
            ),
            identity_scores(work_dir / "crm.duckdb", data_dir / "truth"),
            dashboard_page_times(work_dir / "crm.duckdb", work_dir / "published.duckdb"),
            fit_benchmark.to_markdown(
                fit_benchmark.compare_fits(fit_benchmark.benchmark_datasets())
            ),
        ]
    )
    print(table)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"{args.scale}.md").write_text(table + "\n")
    with (RESULTS_DIR / f"{args.scale}.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["stage", "wall_seconds", "cpu_seconds", "peak_memory_mb", "rows"])
        for r in results:
            writer.writerow([r.stage, f"{r.wall_seconds:.2f}", f"{r.cpu_seconds:.2f}",
                             f"{r.peak_memory_mb:.0f}", r.rows])  # fmt: skip


if __name__ == "__main__":
    main()
