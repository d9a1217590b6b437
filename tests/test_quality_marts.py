"""The quarantine marts count every raw row of the generated data: raw = kept + quarantined."""

from __future__ import annotations

from crm_warehouse.contract import RAW_TABLES

from .conftest import GeneratedData, Warehouse


def test_raw_table_reconciliation_counts_every_raw_row_of_every_table(
    small_data: GeneratedData, small_warehouse: Warehouse
) -> None:
    reconciliation = small_warehouse.query(
        "select * from marts.raw_table_reconciliation"
    ).set_index("source_table")
    assert set(reconciliation.index) == {table.name for table in RAW_TABLES}
    for table in RAW_TABLES:
        row = reconciliation.loc[table.name]
        assert row.raw_rows == len(small_data.raw(table.name)), table.name
        assert row.raw_rows == row.kept_rows + row.quarantined_rows, table.name
        assert row.is_reconciled and not row.is_empty, table.name


def test_quarantine_summary_holds_every_quarantined_row_once(
    small_warehouse: Warehouse,
) -> None:
    summary = small_warehouse.query(
        "select source_table, quarantine_reason, sum(quarantined_rows) as rows "
        "from marts.quarantine_summary group by all"
    ).set_index(["source_table", "quarantine_reason"])["rows"]
    unioned = small_warehouse.query(
        "select source_table, quarantine_reason, count(*) as rows "
        "from intermediate.int_quarantined_rows_unioned group by all"
    ).set_index(["source_table", "quarantine_reason"])["rows"]
    assert summary.sort_index().astype(int).equals(unioned.sort_index().astype(int))


def test_quarantine_rows_are_dated_unless_their_timestamp_is_unreadable(
    small_warehouse: Warehouse,
) -> None:
    undated = small_warehouse.query(
        "select distinct source_table, quarantine_reason from marts.quarantine_summary "
        "where row_date is null"
    )
    # order lines have no timestamp; elsewhere only an unparseable or missing timestamp
    readable = undated[undated.source_table != "shop_order_items"]
    assert set(readable.quarantine_reason) <= {"invalid_timestamp", "missing_key"}
    shares = small_warehouse.query(
        "select quarantined_share_on_date from marts.quarantine_summary"
    ).quarantined_share_on_date
    assert shares.between(0, 1, inclusive="right").all()
