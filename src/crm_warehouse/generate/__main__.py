"""python -m crm_warehouse.generate --customers N --seed S --out DIR"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from crm_warehouse.generate.params import GeneratorParams
from crm_warehouse.generate.pipeline import generate


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m crm_warehouse.generate",
        description="Generate a synthetic omnichannel retailer: raw exports with real-world "
        "defects (raw/) and the ground truth behind them (truth/).",
    )
    parser.add_argument(
        "--customers",
        type=int,
        required=True,
        help="number of true people simulated (browse-only visitors included)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--defect-rate",
        type=float,
        default=0.01,
        help="share of applicable rows that get each defect kind",
    )
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2023, 1, 1))
    parser.add_argument("--end", type=dt.date.fromisoformat, default=dt.date(2025, 12, 31))
    parser.add_argument(
        "--web-activity-scale",
        type=float,
        default=1.0,
        help="scales page and product views per session (not the funnel)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    params = GeneratorParams(
        people=args.customers,
        seed=args.seed,
        start=args.start,
        end=args.end,
        defect_rate=args.defect_rate,
        web_activity_scale=args.web_activity_scale,
    )
    stats = generate(params, args.out, progress=not args.quiet)
    print(json.dumps(stats, indent=2))


if __name__ == "__main__":
    main()
