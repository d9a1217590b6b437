"""python -m crm_warehouse.quality --warehouse FILE [--freshness sources.json] [--out DIR]

Runs the expectation suites over the warehouse's marts, appends the results to
quality.expectation_results, writes results.json and report.html to DIR (default: a quality/
folder beside the warehouse) and exits 1 when an expectation of severity error failed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crm_warehouse.quality.outcomes import failed_errors, warnings
from crm_warehouse.quality.report import write_report
from crm_warehouse.quality.run import run_quality
from crm_warehouse.quality.store import write_json, write_table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crm_warehouse.quality", description=__doc__)
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument(
        "--freshness", type=Path, help="sources.json written by `dbt source freshness`"
    )
    parser.add_argument("--out", type=Path, help="folder for results.json and report.html")
    args = parser.parse_args(argv)
    out = args.out or args.warehouse.parent / "quality"
    run = run_quality(args.warehouse, args.freshness)
    write_table(args.warehouse, run)
    write_json(out / "results.json", run)
    write_report(out / "report.html", run)
    failed = failed_errors(run.outcomes)
    print(
        f"{len(run.outcomes)} expectations: {len(failed)} failed, "
        f"{len(warnings(run.outcomes))} warnings -> {out / 'report.html'}"
    )
    for outcome in failed:
        print(f"FAILED {outcome.suite}: {outcome.expectation} {outcome.column_name or ''}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
