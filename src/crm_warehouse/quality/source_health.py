"""Warnings about the raw sources: a table that is empty or absent (it builds empty: a retailer
may have no social data) and a source older than its `dbt source freshness` threshold."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from crm_warehouse.quality.outcomes import Outcome, to_json_text

SUITE = "source_health"
STALE_STATUSES = ("warn", "error")


def empty_table_outcomes(reconciliation: pd.DataFrame) -> list[Outcome]:
    """One outcome per raw table (marts.raw_table_reconciliation): it has rows, or it warns."""
    return [
        Outcome(
            suite=SUITE,
            mart=row.source_table,
            expectation="source_has_rows",
            column_name=None,
            severity="warning",
            success=not row.is_empty,
            observed_value=to_json_text(int(row.raw_rows)),
            details=to_json_text({"raw_rows": int(row.raw_rows)}) or "{}",
        )
        for row in reconciliation.sort_values("source_table").itertuples()
    ]


def freshness_outcomes(sources_json: Path) -> list[Outcome]:
    """One outcome per source with a freshness threshold, from `dbt source freshness`'s
    sources.json: a source past warn_after (or error_after) warns."""
    results = json.loads(sources_json.read_text())["results"]
    return [
        Outcome(
            suite=SUITE,
            mart=result["unique_id"].rsplit(".", 1)[-1],
            expectation="source_is_fresh",
            column_name=None,
            severity="warning",
            success=result["status"] not in STALE_STATUSES,
            observed_value=to_json_text(result.get("max_loaded_at")),
            details=to_json_text(
                {
                    "dbt_status": result["status"],
                    "max_loaded_at_time_ago_in_s": result.get("max_loaded_at_time_ago_in_s"),
                    "snapshotted_at": result.get("snapshotted_at"),
                    "criteria": {
                        k: v for k, v in (result.get("criteria") or {}).items() if k != "filter"
                    },
                    "error": result.get("error"),
                }
            )
            or "{}",
        )
        for result in sorted(results, key=lambda r: r["unique_id"])
    ]
