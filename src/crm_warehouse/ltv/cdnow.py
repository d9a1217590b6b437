"""The CDNOW purchase log (datasets/cdnow/, see its README for the source and licence): loaders,
and a conversion to this project's raw tables so the warehouse can be built from real data.

    python -m crm_warehouse.ltv.cdnow to-raw --out DIR [--sample]

writes DIR/shop_orders.parquet and DIR/shop_customers.parquet with exactly the contract's
columns and types (contract.RAW_TABLES) and nothing else; the warehouse treats the other raw
tables as empty. CDNOW's 1997-1998 dates predate the default ``shop_opened_date``, so build with

    make build CRM_RAW_DIR=DIR DBT_VARS='{shop_opened_date: 1997-01-01, as_of_date: 1997-09-30}'

Mapping: customer ``00001`` -> ``CDNOW00001``; one order per CDNOW row, ``order_id`` =
``CDNOW<customer>-<yyyymmdd>-<n>`` with n the row's position among the customer's rows of that
day in file order (the log has identical rows that are separate purchases); status
``completed``; channel ``web``; ``ordered_at`` = ``updated_at`` = noon of the date as naive
local time (noon stays on the same date in any time zone within +-12 h); gross = paid = the
dollar value, discount and shipping 0; currency ``CNY`` with the dollar amount unchanged (the
contract accepts CNY or HKD only; only relative values matter for RFM and LTV, see
DECISIONLOG). One customer row per customer, registered at noon of their first purchase date.
$0 purchases are kept as zero-amount orders.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from crm_warehouse.contract import RAW_TABLES_BY_NAME
from crm_warehouse.paths import PROJECT_ROOT

CDNOW_DIR = PROJECT_ROOT / "datasets" / "cdnow"
MASTER_FILE = "CDNOW_master.txt"
SAMPLE_FILE = "CDNOW_sample.txt"
CUSTOMER_PREFIX = "CDNOW"
MASTER_COLUMNS: tuple[str, ...] = ("master_id", "date", "cds", "amount")
SAMPLE_COLUMNS: tuple[str, ...] = ("master_id", "sample_id", "date", "cds", "amount")


def read_cdnow(path: Path | str | None = None, *, sample: bool = False) -> pd.DataFrame:
    """The purchase log as columns customer_id ('CDNOW00001', the master id in both files),
    purchase_date (datetime64, midnight), cds (int64), amount (float64 dollars), in file order.
    The sample file (no header) also gives its own id as sample_id. The format is recognised
    from the file (a header line; four or five columns)."""
    path = Path(path) if path is not None else CDNOW_DIR / (SAMPLE_FILE if sample else MASTER_FILE)
    with path.open("r", newline=None) as handle:  # universal newlines: CRLF or LF
        first = handle.readline().split()
    has_header = bool(first) and not first[0].isdigit()
    names = {4: MASTER_COLUMNS, 5: SAMPLE_COLUMNS}.get(len(first))
    if names is None:
        raise ValueError(f"{path}: expected 4 (master) or 5 (sample) columns, got {len(first)}")
    raw = pd.read_csv(
        path,
        sep=r"\s+",
        header=None,
        names=list(names),
        skiprows=1 if has_header else 0,
        dtype={"master_id": str, "date": str},
    )
    frame = pd.DataFrame(
        {
            "customer_id": CUSTOMER_PREFIX + raw["master_id"].str.zfill(5),
            "purchase_date": pd.to_datetime(raw["date"], format="%Y%m%d"),
            "cds": raw["cds"].astype("int64"),
            "amount": raw["amount"].astype("float64"),
        }
    )
    if "sample_id" in raw:
        frame["sample_id"] = raw["sample_id"].astype("int64")
    return frame


def to_raw_tables(purchases: pd.DataFrame) -> dict[str, pa.Table]:
    """shop_orders and shop_customers as Arrow tables with the contract's schemas."""
    return {
        "shop_orders": _orders(purchases),
        "shop_customers": _customers(purchases),
    }


def write_raw(
    out_dir: Path | str, *, sample: bool = False, source: Path | None = None
) -> dict[str, int]:
    """Write the raw Parquet tables of the master log (or the sample) into ``out_dir``; returns
    the row counts written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    purchases = read_cdnow(source, sample=sample)
    counts: dict[str, int] = {}
    for name, table in to_raw_tables(purchases).items():
        pq.write_table(table, out / f"{name}.parquet", compression="zstd")
        counts[name] = table.num_rows
    return counts


def _orders(purchases: pd.DataFrame) -> pa.Table:
    day = purchases["purchase_date"].dt.strftime("%Y%m%d")
    # Position of the row among the customer's rows of the same day, in file order.
    occurrence = purchases.groupby(["customer_id", day], sort=False).cumcount() + 1
    order_id = purchases["customer_id"] + "-" + day + "-" + occurrence.astype(str)
    at_noon = _noon(purchases["purchase_date"])
    amount = purchases["amount"].to_numpy(dtype=np.float64)
    n = len(purchases)
    columns = {
        "order_id": order_id,
        "customer_id": purchases["customer_id"],
        "channel": ["web"] * n,
        "store_id": [None] * n,
        "guide_id": [None] * n,
        "ordered_at": at_noon,
        "status": ["completed"] * n,
        "currency": ["CNY"] * n,
        "gross_amount": amount,
        "discount_amount": np.zeros(n),
        "shipping_amount": np.zeros(n),
        "paid_amount": amount,
        "coupon_id": [None] * n,
        "updated_at": at_noon,
    }
    return _contract_table("shop_orders", columns)


def _customers(purchases: pd.DataFrame) -> pa.Table:
    first = purchases.groupby("customer_id", sort=True)["purchase_date"].min()
    registered = _noon(first)
    n = len(first)
    columns = {
        "customer_id": first.index.to_numpy(),
        "phone": [None] * n,
        "email": [None] * n,
        "full_name": [None] * n,
        "gender": [None] * n,  # not given (gender is optional in the contract)
        "birth_date": [None] * n,
        "city": [None] * n,
        "registered_at": registered,
        "register_channel": ["web"] * n,
        "updated_at": registered,
    }
    return _contract_table("shop_customers", columns)


def _noon(dates: pd.Series) -> list[str]:
    return (dates.dt.normalize() + pd.Timedelta(hours=12)).dt.strftime("%Y-%m-%d %H:%M:%S").tolist()


def _contract_table(name: str, columns: dict[str, object]) -> pa.Table:
    schema = RAW_TABLES_BY_NAME[name].arrow_schema()
    if list(columns) != schema.names:
        raise ValueError(f"{name}: columns {list(columns)} != contract {schema.names}")
    arrays = [
        pa.array(np.asarray(values) if isinstance(values, np.ndarray) else list(values), field.type)
        for field, values in zip(schema, columns.values(), strict=True)
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m crm_warehouse.ltv.cdnow",
        description="CDNOW purchase log as this project's raw tables (shop_orders, "
        "shop_customers), for `make build CRM_RAW_DIR=DIR`.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    to_raw = commands.add_parser("to-raw", help="write DIR/shop_orders.parquet and shop_customers")
    to_raw.add_argument("--out", type=Path, required=True, help="folder to write")
    to_raw.add_argument("--sample", action="store_true", help="the 1/10 sample instead")
    to_raw.add_argument("--source", type=Path, help="a CDNOW file other than datasets/cdnow/")
    args = parser.parse_args(argv)
    counts = write_raw(args.out, sample=args.sample, source=args.source)
    print(json.dumps(counts, indent=2))


if __name__ == "__main__":
    main()
