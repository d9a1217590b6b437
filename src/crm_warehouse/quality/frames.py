"""The marts as pandas DataFrames, each read once per run over a short-lived connection."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from crm_warehouse.quality.warehouse import existing_tables, read_table


class MartFrames:
    def __init__(self, warehouse: Path) -> None:
        self.warehouse = warehouse
        self.names = existing_tables(warehouse)
        self.frame = cache(self._read)

    def _read(self, name: str) -> pd.DataFrame:
        return read_table(self.warehouse, name)

    def has(self, name: str) -> bool:
        return name in self.names

    def rows(self, name: str, condition: str | None = None) -> int:
        """Rows of a mart, optionally those matching a pandas query condition."""
        frame = self.frame(name)
        return len(frame.query(condition) if condition else frame)
