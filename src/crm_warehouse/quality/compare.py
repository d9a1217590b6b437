"""Compare the marts of two warehouses row for row (as multisets), e.g. two builds of the same
raw data. Columns that record the build itself differ by design and are left out; doubles are
compared to a relative 1e-9, since a parallel sum may add in a different order."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from crm_warehouse.quality.warehouse import existing_tables, read_table

# Build timestamps and timings by design: when and how fast the LTV models were fitted.
BUILD_TIME_COLUMNS: dict[str, tuple[str, ...]] = {
    "ltv_model_params": ("fitted_at", "fit_seconds"),
}
RELATIVE_TOLERANCE = 1e-9


def _canonical(frame: pd.DataFrame, ignored: tuple[str, ...]) -> pd.DataFrame:
    kept = frame.drop(columns=[c for c in ignored if c in frame.columns])
    kept = kept[sorted(kept.columns)]
    exact = [c for c in kept.columns if not pd.api.types.is_float_dtype(kept[c])]
    return kept.sort_values(exact + [c for c in kept.columns if c not in exact]).reset_index(
        drop=True
    )


def frame_difference(
    left: pd.DataFrame, right: pd.DataFrame, ignored: tuple[str, ...] = ()
) -> str | None:
    """None when both frames hold the same rows, else what differs."""
    if set(left.columns) != set(right.columns):
        return f"columns differ: {sorted(set(left.columns) ^ set(right.columns))}"
    if len(left) != len(right):
        return f"{len(left)} rows against {len(right)}"
    a, b = _canonical(left, ignored), _canonical(right, ignored)
    for column in a.columns:
        x, y = a[column], b[column]
        if pd.api.types.is_float_dtype(x):
            same = np.isclose(x, y, rtol=RELATIVE_TOLERANCE, atol=0, equal_nan=True)
        else:
            same = (x == y) | (x.isna() & y.isna())
        if not bool(np.all(same)):
            first = int(np.argmin(np.asarray(same)))
            return (
                f"column {column}, sorted row {first}: {x.iloc[first]!r} against {y.iloc[first]!r}"
            )
    return None


def mart_differences(left: Path, right: Path) -> dict[str, str]:
    """Every mart whose rows differ between two warehouses, with what differs."""
    in_left, in_right = existing_tables(left), existing_tables(right)
    differences = {}
    for name in sorted(in_left | in_right):
        if name not in in_left or name not in in_right:
            differences[name] = "built in one warehouse only"
            continue
        found = frame_difference(
            read_table(left, name), read_table(right, name), BUILD_TIME_COLUMNS.get(name, ())
        )
        if found:
            differences[name] = found
    return differences
