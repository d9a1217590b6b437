"""Parquet output with fixed settings, so the same seed gives byte-identical files.

Writing (encoding and compressing) costs about as much as generating, so a background thread
writes while the next chunk is simulated; pyarrow releases the GIL, using the second core. The
queue is bounded to keep memory bounded, and FIFO so the bytes never depend on timing.
"""

from __future__ import annotations

import queue
import threading
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from crm_warehouse.contract import RAW_TABLES_BY_NAME

# Column statistics are off: min/max of text ids and mixed-format timestamps prune nothing,
# and computing them is a third of the writing time.
WRITE_OPTIONS = {
    "compression": "zstd",
    "compression_level": 1,
    "version": "2.6",
    "write_statistics": False,
}
QUEUED_TABLES = 24  # about one chunk's tables


class ParquetTables:
    """One ParquetWriter per table, appended chunk by chunk; every declared table gets a file
    (with its schema) even when no rows were written."""

    def __init__(self, directory: Path, schemas: dict[str, pa.Schema]) -> None:
        self.directory = directory
        self.schemas = schemas
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.rows: dict[str, int] = dict.fromkeys(schemas, 0)
        directory.mkdir(parents=True, exist_ok=True)
        self._queue: queue.Queue[tuple[str, pa.Table] | None] = queue.Queue(QUEUED_TABLES)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._drain, name="parquet-writer", daemon=True)
        self._thread.start()

    def write(self, name: str, table: pa.Table) -> None:
        schema = self.schemas[name]
        if table.schema.names != schema.names:
            raise ValueError(f"{name}: columns {table.schema.names} != {schema.names}")
        self._raise_if_failed()
        self.rows[name] += table.num_rows
        self._queue.put((name, table.cast(schema)))

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()
        self._raise_if_failed()
        for name, schema in self.schemas.items():
            if name not in self.writers:
                self._open(name, schema)
        for writer in self.writers.values():
            writer.close()

    def _open(self, name: str, schema: pa.Schema) -> pq.ParquetWriter:
        dictionary_columns = [f.name for f in schema if f.name in DICTIONARY_COLUMNS]
        writer = pq.ParquetWriter(
            self.directory / f"{name}.parquet",
            schema,
            use_dictionary=dictionary_columns or False,
            **WRITE_OPTIONS,
        )
        self.writers[name] = writer
        return writer

    def _drain(self) -> None:
        while (item := self._queue.get()) is not None:
            if self._error is not None:
                continue  # keep draining so the producer never blocks
            name, table = item
            try:
                writer = self.writers.get(name) or self._open(name, self.schemas[name])
                writer.write_table(table)
            except BaseException as error:  # noqa: BLE001 - re-raised in the main thread
                self._error = error

    def _raise_if_failed(self) -> None:
        if self._error is not None:
            raise RuntimeError("writing Parquet failed") from self._error


# Low-cardinality columns where dictionary encoding pays; ids and timestamps are near unique.
DICTIONARY_COLUMNS = frozenset(
    {
        "event_name",
        "page_type",
        "page_url",
        "sku",
        "referrer_url",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "utm_content",
        "device_type",
        "platform",
        "status",
        "channel",
        "currency",
        "store_id",
        "guide_id",
        "gender",
        "city",
        "register_channel",
        "interaction_type",
        "target_type",
        "target_id",
        "kol_id",
        "campaign_id",
        "join_source",
        "tier",
        "reason",
        "ticket_type",
        "agent_id",
        "identifier_type",
        "table_name",
        "defect_kind",
        "column_name",
        "brand",
        "category",
    }
)


def raw_schemas() -> dict[str, pa.Schema]:
    return {name: table.arrow_schema() for name, table in RAW_TABLES_BY_NAME.items()}
