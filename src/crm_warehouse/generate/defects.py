"""Injects the defects of real exports (contract.DEFECT_HANDLING) into clean rows and records
each one in truth/defects.parquet.

Every row gets at most one defect: each applicable kind takes its own `rate`-wide slice of one
uniform draw per row, so P(row has kind k | k applies to the row) = rate exactly and tests can
attribute every anomaly to one recorded defect.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crm_warehouse.contract import ENUMS, RAW_TABLES_BY_NAME, TIMESTAMP_TEXT
from crm_warehouse.generate import text
from crm_warehouse.generate.context import NS_MISSING_ORDER
from crm_warehouse.generate.text import (
    EPOCH_MILLIS,
    ISO_OFFSET,
    LOCAL_UTC_OFFSET_SECONDS,
    NAIVE_LOCAL,
    TIMESTAMP_STYLES,
    UTC_Z,
)

DEFECTS_SCHEMA = pa.schema(
    [
        ("table_name", pa.string()),
        ("row_key", pa.string()),
        ("column_name", pa.string()),
        ("defect_kind", pa.string()),
        ("true_value", pa.string()),
    ]
)
EXPOSURE_SCHEMA = pa.schema(
    [
        ("table_name", pa.string()),
        ("defect_kind", pa.string()),
        ("applicable_rows", pa.int64()),
    ]
)
GARBAGE_TIMESTAMPS = (
    "N/A",
    "2024-13-45 99:00",
    "0000-00-00 00:00:00",
    "TBD",
    "31/02/2024 25:61",
    "null",
    "#VALUE!",
)
INVALID_PHONES = ("12345", "unknown", "000", "n/a", "1380013")
AMOUNT_COLUMNS = {
    "shop_orders": ("paid_amount", "gross_amount"),
    "shop_order_items": ("unit_price",),
    "shop_refunds": ("amount",),
}
PHONE_TABLES = ("shop_customers", "social_accounts")
PLACEHOLDER_DIGITS = ("13800000000", "00000000")
# Tables other tables reference by key: a quarantined row would cascade, so they only get the
# defects that keep every row.
REFERENCED_TABLES = ("shop_products", "marketing_campaigns", "community_events")
KINDS_OF_REFERENCED_TABLES = ("duplicate_row", "timestamp_format")
SECONDS_PER_YEAR = 365 * 86_400


@dataclass
class DefectLog:
    tables: list[pa.Table] = field(default_factory=list)
    exposure: dict[tuple[str, str], int] = field(default_factory=dict)

    def record(
        self,
        table_name: str,
        row_key: pa.Array,
        column: str | None | list,
        kind: str,
        true_value: pa.Array | None = None,
    ) -> None:
        n = len(row_key)
        if n == 0:
            return
        columns = column if isinstance(column, list) else [column] * n
        self.tables.append(
            pa.table(
                {
                    "table_name": pa.array([table_name] * n, pa.string()),
                    "row_key": row_key,
                    "column_name": pa.array(columns, pa.string()),
                    "defect_kind": pa.array([kind] * n, pa.string()),
                    "true_value": true_value if true_value is not None else text.null_strings(n),
                },
                schema=DEFECTS_SCHEMA,
            )
        )

    def count(self, table_name: str, kind: str, applicable: int) -> None:
        key = (table_name, kind)
        self.exposure[key] = self.exposure.get(key, 0) + applicable

    def take_recorded(self) -> pa.Table:
        """The defects recorded since the last call (written chunk by chunk, memory bounded)."""
        recorded = pa.concat_tables(self.tables) if self.tables else DEFECTS_SCHEMA.empty_table()
        self.tables = []
        return recorded

    def exposure_table(self) -> pa.Table:
        keys = sorted(self.exposure)
        return pa.table(
            {
                "table_name": [k[0] for k in keys],
                "defect_kind": [k[1] for k in keys],
                "applicable_rows": [self.exposure[k] for k in keys],
            },
            schema=EXPOSURE_SCHEMA,
        )


def row_keys(table: pa.Table, table_name: str, rows: np.ndarray) -> pa.Array:
    key_columns = RAW_TABLES_BY_NAME[table_name].key
    parts = [
        pc.fill_null(pc.cast(table.column(c).take(pa.array(rows)), pa.string()), "")
        for c in key_columns
    ]
    if len(parts) == 1:
        return parts[0].combine_chunks() if isinstance(parts[0], pa.ChunkedArray) else parts[0]
    return pc.binary_join_element_wise(*parts, "|")


def parse_timestamps(values: list[str], style: str) -> np.ndarray:
    """Epoch seconds of timestamps written in `style` (only for the few rows a defect touches)."""
    seconds = []
    for value in values:
        if style == EPOCH_MILLIS:
            seconds.append(int(value) // 1000)
            continue
        if style == UTC_Z:
            parsed = dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
            offset = 0
        elif style == ISO_OFFSET:
            parsed = dt.datetime.strptime(value[:19], "%Y-%m-%dT%H:%M:%S")
            offset = LOCAL_UTC_OFFSET_SECONDS
        else:
            parsed = dt.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
            offset = LOCAL_UTC_OFFSET_SECONDS
        epoch = parsed.replace(tzinfo=dt.UTC).timestamp()
        seconds.append(int(epoch) - offset)
    return np.array(seconds, dtype=np.int64)


def _phone_variant(e164: str, pick: random.Random) -> str:
    if e164.startswith("+852"):
        digits = e164[4:]
        return pick.choice(
            [
                f"(852) {digits[:4]} {digits[4:]}",
                f"+852 {digits[:4]}-{digits[4:]}",
                f"852-{digits}",
                f" {digits[:4]} {digits[4:]} ",
            ]
        )
    digits = e164[3:]
    return pick.choice(
        [
            f"+86 {digits[:3]}-{digits[3:7]}-{digits[7:]}",
            f"86-{digits}",
            f"{digits[:3]} {digits[3:7]} {digits[7:]}",
            f"+86{digits} ",
            f"(+86) {digits}",
        ]
    )


def _to_e164(phone: str) -> str:
    """E.164 of a phone in a table's usual format (E.164 already, or national digits)."""
    if phone.startswith("+"):
        return phone
    return ("+852" if len(phone) == 8 else "+86") + phone


def _email_variant(email: str, pick: random.Random) -> str:
    local, _, domain = email.partition("@")
    mixed = ".".join(part.capitalize() for part in local.split("."))
    return pick.choice(
        [
            f"  {mixed}@{domain.upper()} ",
            f"{mixed}@{domain}",
            f" {email}",
            f"{email.upper()}",
            f"{local}@{domain.capitalize()}  ",
        ]
    )


def _bad_enum(value: str) -> str:
    return value.replace("_", "") if "_" in value else f"{value.upper()}?"


@dataclass
class _Edit:
    column: str
    rows: np.ndarray
    values: pa.Array


@dataclass
class _Finding:
    rows: np.ndarray
    column: str | None
    kind: str
    true_value: pa.Array | None = None


class Injector:
    """Chooses the defective rows of a table, edits them and logs one finding per defect.

    Kind handlers only describe edits; all edits of a column are applied in one pass (cheap on
    millions of rows) and the row keys are read afterwards, as written in the raw file.
    """

    def __init__(
        self,
        rate: float,
        end_s: int,
        shop_opened_s: int,
        chunk: int,
        rng: np.random.Generator,
        log: DefectLog,
    ) -> None:
        self.rate = rate
        self.end_s = end_s
        self.shop_opened_s = shop_opened_s
        self.chunk = chunk
        self.rng = rng
        self.log = log
        self.pick = random.Random(int(rng.integers(0, 2**63)))

    def inject(
        self,
        table_name: str,
        table: pa.Table,
        style: str,
        protected: np.ndarray | None = None,
        refund_order_paid: np.ndarray | None = None,
    ) -> pa.Table:
        n = table.num_rows
        clean = np.ones(n, bool) if protected is None else ~protected
        applicable = self._applicability(table_name, table, clean)
        draw = self.rng.random(n)
        edits: list[_Edit] = []
        findings: list[_Finding] = []
        duplicates = np.zeros(0, np.int64)
        for slot, (kind, mask) in enumerate(applicable.items()):
            self.log.count(table_name, kind, int(mask.sum()))
            rows = np.flatnonzero(
                mask & (draw >= slot * self.rate) & (draw < (slot + 1) * self.rate)
            )
            if kind == "duplicate_row":
                duplicates = rows
            elif len(rows):
                handler = getattr(self, f"_{kind}")
                handler(table_name, table, rows, style, refund_order_paid, edits, findings)
        table = self._apply(table, edits)
        for finding in findings:
            self.log.record(
                table_name,
                row_keys(table, table_name, finding.rows),
                finding.column,
                finding.kind,
                finding.true_value,
            )
        if len(duplicates):
            # Re-delivered copies arrive after the batch (appending avoids copying the table).
            table = pa.concat_tables([table, table.take(pa.array(duplicates))])
            self.log.record(
                table_name,
                row_keys(table, table_name, n + np.arange(len(duplicates))),
                None,
                "duplicate_row",
            )
        return table

    @staticmethod
    def _apply(table: pa.Table, edits: list[_Edit]) -> pa.Table:
        for column in dict.fromkeys(edit.column for edit in edits):
            mine = [edit for edit in edits if edit.column == column]
            index = table.schema.get_field_index(column)
            field_type = table.schema.field(index).type
            rows = np.concatenate([edit.rows for edit in mine])
            values = pa.concat_arrays([edit.values.cast(field_type) for edit in mine])
            order = np.argsort(rows, kind="stable")
            mask = np.zeros(table.num_rows, bool)
            mask[rows] = True
            current = table.column(column).combine_chunks()
            # replace_with_mask cannot insert nulls; null the rows first, then fill the rest.
            nulls = np.zeros(table.num_rows, bool)
            nulls[rows[~values.is_valid().to_numpy(zero_copy_only=False)]] = True
            if nulls.any():
                current = pc.if_else(pa.array(nulls), pa.scalar(None, field_type), current)
            filled = values.take(pa.array(order)).drop_null()
            if len(filled):
                updated_mask = mask & ~nulls
                current = pc.replace_with_mask(current, pa.array(updated_mask), filled)
            table = table.set_column(index, column, current)
        return table

    def _applicability(
        self, table_name: str, table: pa.Table, clean: np.ndarray
    ) -> dict[str, np.ndarray]:
        raw = RAW_TABLES_BY_NAME[table_name]
        ts_columns = [name for name, kind in raw.columns if kind == TIMESTAMP_TEXT]
        has_ts = np.zeros(table.num_rows, bool)
        for column in ts_columns:
            has_ts |= _valid(table.column(column))
        result = {"duplicate_row": clean}
        if table_name in REFERENCED_TABLES:
            result["timestamp_format"] = clean & has_ts
            return result
        result["missing_key"] = clean
        for kind in (
            "invalid_timestamp",
            "future_timestamp",
            "before_shop_opened",
            "timestamp_format",
        ):
            result[kind] = clean & has_ts
        if table_name in AMOUNT_COLUMNS:
            positive = np.zeros(table.num_rows, bool)
            for column in AMOUNT_COLUMNS[table_name]:
                positive |= _true(pc.greater(table.column(column), 0))
            result["negative_amount"] = clean & positive
        if table_name == "shop_order_items":
            result["invalid_quantity"] = clean
        enum_columns = [c for (t, c) in ENUMS if t == table_name]
        if enum_columns:
            has_enum = np.zeros(table.num_rows, bool)
            for column in enum_columns:
                has_enum |= _valid(table.column(column))
            result["unknown_enum"] = clean & has_enum
        if table_name in ("shop_order_items", "shop_refunds"):
            result["orphan_order"] = clean
        if table_name in PHONE_TABLES:
            phone = table.column("phone")
            placeholder = pc.is_in(
                phone, pa.array(["+8613800000000", "+85200000000", *PLACEHOLDER_DIGITS])
            )
            real_phone = clean & _valid(phone) & ~_true(placeholder)
            result["phone_format"] = real_phone
            result["invalid_phone"] = real_phone
        if table_name == "shop_customers":
            result["email_format"] = clean & _valid(table.column("email"))
        if table_name == "shop_refunds":
            result["refund_exceeds_order"] = clean
        if table_name == "web_events":
            result["unknown_sku"] = clean & _valid(table.column("sku"))
            result["orphan_purchase_event"] = clean & _true(
                pc.equal(table.column("event_name"), "purchase")
            )
        return result

    def _timestamp_column_per_row(
        self, table_name: str, table: pa.Table, rows: np.ndarray
    ) -> dict[str, np.ndarray]:
        """A random non-null timestamp column of each row, as {column: rows}."""
        raw = RAW_TABLES_BY_NAME[table_name]
        columns = [name for name, kind in raw.columns if kind == TIMESTAMP_TEXT]
        valid = np.stack([_valid(table.column(c).take(pa.array(rows))) for c in columns], axis=1)
        choice = np.argmax(valid * self.rng.random(valid.shape), axis=1)
        return {columns[i]: rows[choice == i] for i in range(len(columns)) if (choice == i).any()}

    def _set_timestamps(self, table_name, table, rows, style, kind, values_for, edits, findings):
        for column, picked in self._timestamp_column_per_row(table_name, table, rows).items():
            original = table.column(column).take(pa.array(picked)).to_pylist()
            edits.append(_Edit(column, picked, values_for(len(picked))))
            findings.append(
                _Finding(
                    picked, column, kind, text.format_utc_truth(parse_timestamps(original, style))
                )
            )

    # --- kinds (dispatched by name from inject) ----------------------------------------------

    def _missing_key(self, table_name, table, rows, style, _, edits, findings):
        column = RAW_TABLES_BY_NAME[table_name].key[-1 if table_name == "social_accounts" else 0]
        original = table.column(column).take(pa.array(rows))
        edits.append(_Edit(column, rows, pa.nulls(len(rows), table.schema.field(column).type)))
        findings.append(_Finding(rows, column, "missing_key", _as_text(original)))

    def _invalid_timestamp(self, table_name, table, rows, style, _, edits, findings):
        def values(k: int) -> pa.Array:
            return pa.array([self.pick.choice(GARBAGE_TIMESTAMPS) for _ in range(k)])

        self._set_timestamps(
            table_name, table, rows, style, "invalid_timestamp", values, edits, findings
        )

    def _future_timestamp(self, table_name, table, rows, style, _, edits, findings):
        def values(k: int) -> pa.Array:
            ten_years_on = self.end_s + 10 * SECONDS_PER_YEAR + 7 * 86_400
            return text.format_timestamps(
                ten_years_on + self.rng.integers(0, 5 * SECONDS_PER_YEAR, k), style
            )

        self._set_timestamps(
            table_name, table, rows, style, "future_timestamp", values, edits, findings
        )

    def _before_shop_opened(self, table_name, table, rows, style, _, edits, findings):
        def values(k: int) -> pa.Array:
            epoch_start = -LOCAL_UTC_OFFSET_SECONDS  # 1970-01-01 00:00 local, a classic
            earlier = self.rng.integers(0, self.shop_opened_s - 86_400 * 365, k)
            return text.format_timestamps(
                np.where(self.rng.random(k) < 0.5, epoch_start, earlier), style
            )

        self._set_timestamps(
            table_name, table, rows, style, "before_shop_opened", values, edits, findings
        )

    def _timestamp_format(self, table_name, table, rows, style, _, edits, findings):
        others = [s for s in TIMESTAMP_STYLES if s != style]
        for column, picked in self._timestamp_column_per_row(table_name, table, rows).items():
            original = table.column(column).take(pa.array(picked)).to_pylist()
            seconds = parse_timestamps(original, style)
            chosen = self.rng.integers(0, len(others), len(picked))
            for index, other in enumerate(others):
                mine = chosen == index
                if mine.any():
                    edits.append(
                        _Edit(column, picked[mine], text.format_timestamps(seconds[mine], other))
                    )
                    findings.append(
                        _Finding(
                            picked[mine],
                            column,
                            "timestamp_format",
                            text.format_utc_truth(seconds[mine]),
                        )
                    )

    def _negative_amount(self, table_name, table, rows, style, _, edits, findings):
        candidates = AMOUNT_COLUMNS[table_name]
        values = np.stack(
            [_numbers(table.column(c).take(pa.array(rows))) for c in candidates], axis=1
        )
        # A random positive amount of the row.
        choice = np.argmax((values > 0) * self.rng.random(values.shape), axis=1)
        for index, column in enumerate(candidates):
            mine = choice == index
            if mine.any():
                edits.append(_Edit(column, rows[mine], pa.array(-values[mine, index])))
                findings.append(
                    _Finding(
                        rows[mine],
                        column,
                        "negative_amount",
                        pa.array([f"{v:.2f}" for v in values[mine, index]], pa.string()),
                    )
                )

    def _invalid_quantity(self, table_name, table, rows, style, _, edits, findings):
        original = table.column("quantity").take(pa.array(rows))
        edits.append(_Edit("quantity", rows, pa.array(self.rng.integers(-3, 1, len(rows)))))
        findings.append(_Finding(rows, "quantity", "invalid_quantity", _as_text(original)))

    def _unknown_enum(self, table_name, table, rows, style, _, edits, findings):
        columns = [c for (t, c) in ENUMS if t == table_name]
        valid = np.stack([_valid(table.column(c).take(pa.array(rows))) for c in columns], axis=1)
        choice = np.argmax(valid * self.rng.random(valid.shape), axis=1)
        for index, column in enumerate(columns):
            picked = rows[choice == index]
            if len(picked) == 0:
                continue
            original = table.column(column).take(pa.array(picked)).to_pylist()
            edits.append(_Edit(column, picked, pa.array([_bad_enum(v) for v in original])))
            findings.append(
                _Finding(picked, column, "unknown_enum", pa.array(original, pa.string()))
            )

    def _orphan(self, kind, table, rows, edits, findings):
        original = table.column("order_id").take(pa.array(rows)).combine_chunks()
        missing = text.opaque_ids("SO", NS_MISSING_ORDER, self.chunk, rows)
        edits.append(_Edit("order_id", rows, missing))
        findings.append(_Finding(rows, "order_id", kind, original))

    def _orphan_order(self, table_name, table, rows, style, _, edits, findings):
        self._orphan("orphan_order", table, rows, edits, findings)

    def _orphan_purchase_event(self, table_name, table, rows, style, _, edits, findings):
        self._orphan("orphan_purchase_event", table, rows, edits, findings)

    def _phone_format(self, table_name, table, rows, style, _, edits, findings):
        original = table.column("phone").take(pa.array(rows)).to_pylist()
        e164 = [_to_e164(phone) for phone in original]
        edits.append(_Edit("phone", rows, pa.array([_phone_variant(v, self.pick) for v in e164])))
        findings.append(_Finding(rows, "phone", "phone_format", pa.array(e164, pa.string())))

    def _invalid_phone(self, table_name, table, rows, style, _, edits, findings):
        original = table.column("phone").take(pa.array(rows)).to_pylist()
        edits.append(
            _Edit("phone", rows, pa.array([self.pick.choice(INVALID_PHONES) for _ in rows]))
        )
        findings.append(
            _Finding(
                rows,
                "phone",
                "invalid_phone",
                pa.array([_to_e164(v) for v in original], pa.string()),
            )
        )

    def _email_format(self, table_name, table, rows, style, _, edits, findings):
        original = table.column("email").take(pa.array(rows)).to_pylist()
        edits.append(
            _Edit("email", rows, pa.array([_email_variant(v, self.pick) for v in original]))
        )
        findings.append(
            _Finding(
                rows,
                "email",
                "email_format",
                pa.array([v.strip().lower() for v in original], pa.string()),
            )
        )

    def _refund_exceeds_order(
        self, table_name, table, rows, style, refund_order_paid, edits, findings
    ):
        paid = refund_order_paid[rows]
        exceeds = np.round(paid * self.rng.uniform(1.1, 2.0, len(rows)) + 1.0, 2)
        edits.append(_Edit("amount", rows, pa.array(exceeds)))
        findings.append(
            _Finding(
                rows,
                "amount",
                "refund_exceeds_order",
                pa.array([f"{v:.2f}" for v in paid], pa.string()),
            )
        )

    def _unknown_sku(self, table_name, table, rows, style, _, edits, findings):
        original = table.column("sku").take(pa.array(rows))
        unknown = text.numbered_ids("SKU9", self.rng.integers(0, 100_000, len(rows)), 5)
        edits.append(_Edit("sku", rows, unknown))
        findings.append(_Finding(rows, "sku", "unknown_sku", _as_text(original)))


def _as_text(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    combined = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    return pc.cast(combined, pa.string())


def _valid(column: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(column.is_valid().to_numpy(zero_copy_only=False), dtype=bool)


def _true(condition: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(pc.fill_null(condition, False).to_numpy(zero_copy_only=False), dtype=bool)


def _numbers(column: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(pc.fill_null(column, 0).to_numpy(zero_copy_only=False), dtype=np.float64)


STYLE_OF_SYSTEM = {
    "shop": NAIVE_LOCAL,
    "web": EPOCH_MILLIS,
    "social": ISO_OFFSET,
    "marketing": UTC_Z,
    "loyalty": ISO_OFFSET,
    "service": NAIVE_LOCAL,
}


def style_of(table_name: str) -> str:
    """The timestamp format a table's source system writes (RAW_DATA.md: four in the wild)."""
    return STYLE_OF_SYSTEM[RAW_TABLES_BY_NAME[table_name].system]
