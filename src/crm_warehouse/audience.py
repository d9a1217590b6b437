"""Export a segment's audience for email, SMS and WeChat tools: `make audience SEGMENT=<name>`.

    python -m crm_warehouse.audience --segment rfm_at_risk [--warehouse FILE] [--out DIR]

writes DIR/<segment>.csv and DIR/<segment>.parquet (default DIR: audiences/, ignored by git),
one row per person of the segment as of the build's as_of_date: hashed and opaque ids, the
consented channels, the segment's since/score/detail, the person's RFM, and the predicted
customer value when the warehouse has a `marts.customer_ltv` mart with `predicted_clv`.

The marts are read through one short-lived read-only DuckDB connection with parameterised SQL
(the segment is a bound parameter, never part of the SQL text). The segment names accepted are
those of `marts.segment_definitions`; any other name prints them and exits with status 2.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from crm_warehouse.paths import PROJECT_ROOT

EXIT_UNKNOWN_SEGMENT = 2
EXIT_NO_WAREHOUSE = 1
DEFAULT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "crm.duckdb"
DEFAULT_OUT_DIR = PROJECT_ROOT / "audiences"
CONNECT_ATTEMPTS = 5
CONNECT_WAIT_SECONDS = 1.0

SEGMENTS_SQL = """
select segment
from marts.segment_definitions
order by display_order, segment
"""

LTV_AVAILABLE_SQL = """
select count(*)
from information_schema.columns
where table_schema = 'marts' and table_name = 'customer_ltv' and column_name = 'predicted_clv'
"""

AUDIENCE_SQL = """
select
    membership.person_id,
    membership.segment,
    membership.since as segment_since,
    membership.score as segment_score,
    membership.detail as segment_detail,
    contacts.phone_hash,
    contacts.email_hash,
    contacts.member_id,
    contacts.wechat_union_id,
    contacts.wechat_openid,
    contacts.weibo_id,
    contacts.douyin_id,
    contacts.xiaohongshu_id,
    contacts.consented_channels,
    coalesce(contacts.has_email_consent, false) as has_email_consent,
    coalesce(contacts.has_sms_consent, false) as has_sms_consent,
    coalesce(contacts.has_wechat_consent, false) as has_wechat_consent,
    coalesce(contacts.has_guide_consent, false) as has_guide_consent,
    rfm.rfm_segment,
    rfm.rfm_cell,
    rfm.r_score,
    rfm.f_score,
    rfm.m_score,
    rfm.recency_days,
    rfm.frequency,
    rfm.monetary,
    membership.as_of_date
from marts.segment_membership as membership
left join marts.audience_contacts as contacts
    on membership.person_id = contacts.person_id
left join marts.customer_rfm as rfm
    on membership.person_id = rfm.person_id
where membership.segment = ?
order by membership.person_id
"""

PREDICTED_VALUE_SQL = """
select
    ltv.person_id,
    cast(ltv.predicted_clv as double) as predicted_clv
from marts.customer_ltv as ltv
inner join marts.segment_membership as membership
    on ltv.person_id = membership.person_id
where membership.segment = ?
"""


class AudienceError(Exception):
    """A problem the user can fix; printed without a stack trace."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class AudienceFiles:
    csv: Path
    parquet: Path
    rows: int


def connect_read_only(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection; waits briefly while a build holds the file's lock."""
    if not warehouse.exists():
        raise AudienceError(
            f"no warehouse at {warehouse}: run `make build` first", EXIT_NO_WAREHOUSE
        )
    for attempt in range(1, CONNECT_ATTEMPTS + 1):
        try:
            return duckdb.connect(str(warehouse), read_only=True)
        except duckdb.IOException as error:
            if attempt == CONNECT_ATTEMPTS:
                raise AudienceError(
                    f"cannot open {warehouse} (is a build running?): {error}", EXIT_NO_WAREHOUSE
                ) from error
            time.sleep(CONNECT_WAIT_SECONDS)
    raise AssertionError("unreachable")


def valid_segments(connection: duckdb.DuckDBPyConnection) -> list[str]:
    try:
        rows = connection.execute(SEGMENTS_SQL).fetchall()
    except duckdb.CatalogException as error:
        raise AudienceError(
            "the warehouse has no marts.segment_definitions: build the segment marts first",
            EXIT_NO_WAREHOUSE,
        ) from error
    return [row[0] for row in rows]


def has_predicted_value(connection: duckdb.DuckDBPyConnection) -> bool:
    row = connection.execute(LTV_AVAILABLE_SQL).fetchone()
    return row is not None and row[0] > 0


def read_audience(warehouse: Path, segment: str) -> pd.DataFrame:
    """The audience of a known segment; AudienceError listing the valid names otherwise."""
    with connect_read_only(warehouse) as connection:
        segments = valid_segments(connection)
        if segment not in segments:
            raise AudienceError(
                f"unknown segment {segment!r}; valid segments: {', '.join(segments)}",
                EXIT_UNKNOWN_SEGMENT,
            )
        audience = connection.execute(AUDIENCE_SQL, [segment]).df()
        predicted = (
            connection.execute(PREDICTED_VALUE_SQL, [segment]).df()
            if has_predicted_value(connection)
            else None
        )
    return with_predicted_value(audience, predicted)


def with_predicted_value(audience: pd.DataFrame, predicted: pd.DataFrame | None) -> pd.DataFrame:
    """Add predicted_clv (null for everyone when the warehouse has no customer_ltv mart)."""
    if predicted is None:
        return audience.assign(predicted_clv=pd.Series(dtype="float64", index=audience.index))
    return audience.merge(predicted, on="person_id", how="left", validate="one_to_one")


def write_audience(audience: pd.DataFrame, segment: str, out_dir: Path) -> AudienceFiles:
    """Write both files via temporary names, so a reader never sees a half-written file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path = out_dir / f"{segment}.csv"
    parquet_path = out_dir / f"{segment}.parquet"
    for path, write in (
        (csv_path, lambda target: audience.to_csv(target, index=False)),
        (parquet_path, lambda target: audience.to_parquet(target, index=False)),
    ):
        temporary = path.with_name(f".{path.name}.tmp")
        write(temporary)
        os.replace(temporary, path)
    return AudienceFiles(csv=csv_path, parquet=parquet_path, rows=len(audience))


def export_audience(warehouse: Path, segment: str, out_dir: Path) -> AudienceFiles:
    return write_audience(read_audience(warehouse, segment), segment, out_dir)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Export a segment's audience (CSV and Parquet).")
    parser.add_argument("--segment", default="", help="segment name (marts.segment_definitions)")
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=Path(os.environ.get("CRM_WAREHOUSE", DEFAULT_WAREHOUSE)),
        help="DuckDB warehouse file (default: $CRM_WAREHOUSE or warehouse/crm.duckdb)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR, help="output folder")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        files = export_audience(args.warehouse.resolve(), args.segment, args.out)
    except AudienceError as error:
        print(f"audience: {error}", file=sys.stderr)
        return error.exit_code
    print(f"{files.rows} people -> {files.csv} and {files.parquet}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
