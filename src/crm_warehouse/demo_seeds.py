"""python -m crm_warehouse.demo_seeds: the demo's raw tables as dbt seeds (seeds/raw/*.csv).

About 2,000 people (seed 42), every raw table of the contract, with the generator's defects.
The clickstream is the bulk of the data, so the demo lowers the pages and product views per
session (DEMO_WEB_ACTIVITY_SCALE); sessions, funnel conversion and everything else are as in
a full-size run. Nulls are empty fields; the header is the contract's column names.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from crm_warehouse.contract import RAW_TABLES
from crm_warehouse.generate.params import GeneratorParams
from crm_warehouse.generate.pipeline import generate
from crm_warehouse.generate.reference import REPO_ROOT

DEMO_PEOPLE = 2_000
DEMO_SEED = 42
# Keeps seeds/raw well under 40 MB; a full-size run uses 1.0.
DEMO_WEB_ACTIVITY_SCALE = 0.3
SEEDS_RAW_DIR = REPO_ROOT / "seeds" / "raw"


def write_demo_seeds(
    target: Path = SEEDS_RAW_DIR, people: int = DEMO_PEOPLE, seed: int = DEMO_SEED
) -> dict[str, int]:
    """Generates the demo data and writes one CSV per raw table; returns rows per table."""
    params = GeneratorParams(people=people, seed=seed, web_activity_scale=DEMO_WEB_ACTIVITY_SCALE)
    target.mkdir(parents=True, exist_ok=True)
    rows = {}
    with tempfile.TemporaryDirectory() as scratch:
        generate(params, Path(scratch), progress=False)
        options = pacsv.WriteOptions(include_header=True, quoting_style="needed")
        for table in RAW_TABLES:
            data = pq.read_table(Path(scratch) / "raw" / f"{table.name}.parquet")
            pacsv.write_csv(data, target / f"{table.name}.csv", options)
            rows[table.name] = data.num_rows
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m crm_warehouse.demo_seeds", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--out", type=Path, default=SEEDS_RAW_DIR)
    args = parser.parse_args(argv)
    rows = write_demo_seeds(args.out)
    size = sum(p.stat().st_size for p in args.out.glob("*.csv"))
    for name, count in rows.items():
        print(f"{name:24} {count:>9,} rows")
    print(f"{'total':24} {size / 1e6:>9.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
