"""Named data scales shared by `make data` and `make bench`."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from crm_warehouse.paths import DATA_DIR

SCALE_CUSTOMERS: dict[str, int] = {"small": 10_000, "medium": 100_000, "large": 1_000_000}
SCALE_SEED = 20261122


def scale_dir(scale: str) -> Path:
    return DATA_DIR / scale


def generate_command(scale: str, out_dir: Path | None = None) -> list[str]:
    return [
        sys.executable, "-m", "crm_warehouse.generate",
        "--customers", str(SCALE_CUSTOMERS[scale]),
        "--seed", str(SCALE_SEED),
        "--out", str(out_dir or scale_dir(scale)),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description="Generate raw data at a named scale.")
    parser.add_argument("action", choices=["generate"])
    parser.add_argument("scale", choices=sorted(SCALE_CUSTOMERS))
    args = parser.parse_args()
    subprocess.run(generate_command(args.scale), check=True)
    print(f"raw tables in {scale_dir(args.scale) / 'raw'}; build with "
          f"make build CRM_RAW_DIR={scale_dir(args.scale) / 'raw'}")  # fmt: skip


if __name__ == "__main__":
    main()
