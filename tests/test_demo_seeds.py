"""A fresh clone builds from the committed demo seeds alone, losing no raw row."""

from __future__ import annotations

import pandas as pd
import pytest

from crm_warehouse.contract import RAW_TABLES, RawTable
from crm_warehouse.paths import RAW_SEEDS_DIR

from .conftest import Warehouse


@pytest.mark.parametrize("table", RAW_TABLES, ids=lambda table: table.name)
def test_demo_seed_rows_are_all_kept_or_quarantined(
    table: RawTable, demo_warehouse: Warehouse
) -> None:
    seed_rows = len(pd.read_csv(RAW_SEEDS_DIR / f"{table.name}.csv", dtype=str))
    loaded = demo_warehouse.scalar(f"select count(*) from raw.{table.name}")
    reconciled = demo_warehouse.query(
        "select raw_rows, kept_rows + quarantined_rows as accounted "
        "from intermediate.int_raw_rows_reconciled where source_table = ?",
        [table.name],
    )
    assert seed_rows > 0
    assert loaded == seed_rows
    assert reconciled.to_dict("records") == [{"raw_rows": seed_rows, "accounted": seed_rows}]
