"""Vectorised string building: ids, numbers, timestamps and phones as Arrow string arrays.

Strings dominate the generator's cost, so every column is built from fixed-width byte matrices
(one row per value) that become an Arrow string array without a Python loop, or with
pyarrow.compute kernels for variable-width text.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

SECONDS_PER_DAY = 86_400
LOCAL_UTC_OFFSET_SECONDS = 8 * 3600  # Asia/Shanghai and Hong Kong: no daylight saving time

_HEX_DIGITS = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_ASCII_ZERO = ord("0")

# How each source system writes its timestamps (RAW_DATA.md: four formats in the wild).
NAIVE_LOCAL = "naive_local"  # 2024-05-01 09:30:00 (Asia/Shanghai wall clock)
ISO_OFFSET = "iso_offset"  # 2024-05-01T09:30:00+08:00
UTC_Z = "utc_z"  # 2024-05-01T01:30:00Z
EPOCH_MILLIS = "epoch_millis"  # 1714527000000
TIMESTAMP_STYLES = (NAIVE_LOCAL, ISO_OFFSET, UTC_Z, EPOCH_MILLIS)


def _validity_buffer(valid: np.ndarray | None) -> tuple[pa.Buffer | None, int]:
    if valid is None or valid.all():
        return None, 0
    bits = np.packbits(valid.astype(np.uint8), bitorder="little")
    return pa.py_buffer(bits.tobytes()), int((~valid).sum())


def from_byte_matrix(matrix: np.ndarray, valid: np.ndarray | None = None) -> pa.StringArray:
    """One string per row of a (n, width) uint8 matrix of ASCII bytes; invalid rows are null."""
    n, width = matrix.shape
    offsets = np.arange(n + 1, dtype=np.int32) * width
    data = np.ascontiguousarray(matrix, dtype=np.uint8)
    nulls, null_count = _validity_buffer(valid)
    return pa.StringArray.from_buffers(
        n, pa.py_buffer(offsets.tobytes()), pa.py_buffer(data.tobytes()), nulls, null_count
    )


def _prefix_matrix(prefix: str, n: int) -> np.ndarray:
    raw = np.frombuffer(prefix.encode("ascii"), dtype=np.uint8)
    return np.broadcast_to(raw, (n, raw.size))


# Two ASCII characters packed in one little-endian uint16, so one gather writes both.
_TWO_DIGITS = np.array(
    [ord(a) | ord(b) << 8 for a in "0123456789" for b in "0123456789"], dtype="<u2"
)
_HEX_PAIRS = np.array(
    [ord(a) | ord(b) << 8 for a in "0123456789abcdef" for b in "0123456789abcdef"], dtype="<u2"
)


def decimal_digits(values: np.ndarray, width: int) -> np.ndarray:
    """(n, width) matrix of the zero-padded decimal digits of non-negative integers."""
    values = np.asarray(values, dtype=np.int64)
    pairs = (width + 1) // 2
    packed = np.empty((len(values), pairs), dtype="<u2")
    rest = values.copy()
    for pair in range(pairs - 1, -1, -1):
        packed[:, pair] = _TWO_DIGITS.take(rest % 100)
        rest //= 100
    return packed.view(np.uint8)[:, 2 * pairs - width :]


def hex_digits(values: np.ndarray, width: int) -> np.ndarray:
    """(n, width) matrix of the lowest `width` hex digits (width even, at most 16)."""
    big_endian = np.asarray(values, dtype=np.uint64).astype(">u8").view(np.uint8)
    return _HEX_PAIRS.take(big_endian).view(np.uint8).reshape(-1, 16)[:, 16 - width :]


def mix64(values: np.ndarray) -> np.ndarray:
    """A bijection of uint64 (splitmix64's finaliser): distinct inputs give distinct outputs."""
    x = np.asarray(values, dtype=np.uint64).copy()
    with np.errstate(over="ignore"):
        x ^= x >> np.uint64(30)
        x *= np.uint64(0xBF58476D1CE4E5B9)
        x ^= x >> np.uint64(27)
        x *= np.uint64(0x94D049BB133111EB)
        x ^= x >> np.uint64(31)
    return x


def opaque_ids(prefix: str, namespace: int, chunk: int, local: np.ndarray) -> pa.StringArray:
    """Random-looking, globally unique ids: prefix + 16 hex digits of a bijection of
    (namespace, chunk, i). The namespace keeps id families apart; a chunk holds < 2**32 rows."""
    key = (np.uint64(namespace) << np.uint64(56)) | (np.uint64(chunk) << np.uint64(32))
    mixed = mix64(key | np.asarray(local, dtype=np.uint64))
    return from_byte_matrix(np.hstack([_prefix_matrix(prefix, len(mixed)), hex_digits(mixed, 16)]))


def numbered_ids(
    prefix: str, numbers: np.ndarray, width: int, valid: np.ndarray | None = None
) -> pa.StringArray:
    """Readable sequential ids such as P0000042 (prefix + zero-padded decimal)."""
    numbers = np.asarray(numbers, dtype=np.int64)
    matrix = np.hstack([_prefix_matrix(prefix, len(numbers)), decimal_digits(numbers, width)])
    return from_byte_matrix(matrix, valid)


def digits_string(
    prefix: str, numbers: np.ndarray, width: int, suffix: str = "", valid: np.ndarray | None = None
) -> pa.StringArray:
    numbers = np.asarray(numbers, dtype=np.int64)
    parts = [_prefix_matrix(prefix, len(numbers)), decimal_digits(numbers, width)]
    if suffix:
        parts.append(_prefix_matrix(suffix, len(numbers)))
    return from_byte_matrix(np.hstack(parts), valid)


def civil_from_days(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month, day of days since 1970-01-01 (H. Hinnant's proleptic Gregorian algorithm)."""
    z = np.asarray(days, dtype=np.int64) + 719_468
    era = np.floor_divide(z, 146_097)
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    year = yoe + era * 400 + (month <= 2)
    return year, month, day


def days_from_civil(year: int, month: int, day: int) -> int:
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146_097 + doe - 719_468


_DATETIME_LAYOUT = np.dtype(
    [
        ("date", "V10"),
        ("separator", "u1"),
        ("hour", "<u2"),
        ("colon1", "u1"),
        ("minute", "<u2"),
        ("colon2", "u1"),
        ("second", "<u2"),
    ]
)


def _datetime_matrix(seconds: np.ndarray, separator: bytes) -> np.ndarray:
    """(n, 19) 'YYYY-MM-DD?HH:MM:SS' of epoch seconds (already shifted to the wanted zone)."""
    seconds = np.asarray(seconds, dtype=np.int64)
    n = len(seconds)
    packed = np.empty(n, dtype=_DATETIME_LAYOUT)
    if n == 0:
        return packed.view(np.uint8).reshape(0, 19)
    days = np.floor_divide(seconds, SECONDS_PER_DAY)
    second_of_day = seconds - days * SECONDS_PER_DAY
    # Few distinct days: format each once, then gather.
    first_day = int(days.min())
    day_range = np.arange(first_day, int(days.max()) + 1)
    year, month, day = civil_from_days(day_range)
    date_table = np.empty((len(day_range), 10), dtype=np.uint8)
    date_table[:, 0:4] = decimal_digits(np.clip(year, 0, 9999), 4)
    date_table[:, 4] = date_table[:, 7] = ord("-")
    date_table[:, 5:7] = _TWO_DIGITS[month].view(np.uint8).reshape(-1, 2)
    date_table[:, 8:10] = _TWO_DIGITS[day].view(np.uint8).reshape(-1, 2)
    packed["date"] = date_table.view("V10").ravel().take(days - first_day)
    packed["separator"] = separator[0]
    packed["colon1"] = packed["colon2"] = ord(":")
    packed["hour"] = _TWO_DIGITS.take(second_of_day // 3600)
    packed["minute"] = _TWO_DIGITS.take(second_of_day // 60 % 60)
    packed["second"] = _TWO_DIGITS.take(second_of_day % 60)
    return packed.view(np.uint8).reshape(n, 19)


def format_timestamps(
    seconds: np.ndarray,
    style: str,
    valid: np.ndarray | None = None,
    millis: np.ndarray | None = None,
) -> pa.StringArray:
    """Text of UTC epoch seconds in one of the four export styles (see TIMESTAMP_STYLES)."""
    seconds = np.asarray(seconds, dtype=np.int64)
    if style == EPOCH_MILLIS:
        epoch_ms = seconds * 1000 + (0 if millis is None else millis)
        mask = None if valid is None else pa.array(~valid)
        return pc.cast(pa.array(epoch_ms, mask=mask), pa.string())
    if style == UTC_Z:
        matrix = np.hstack([_datetime_matrix(seconds, b"T"), _prefix_matrix("Z", len(seconds))])
    elif style == ISO_OFFSET:
        local = _datetime_matrix(seconds + LOCAL_UTC_OFFSET_SECONDS, b"T")
        matrix = np.hstack([local, _prefix_matrix("+08:00", len(seconds))])
    elif style == NAIVE_LOCAL:
        matrix = _datetime_matrix(seconds + LOCAL_UTC_OFFSET_SECONDS, b" ")
    else:
        raise ValueError(f"unknown timestamp style {style!r}")
    return from_byte_matrix(matrix, valid)


def format_utc_truth(seconds: np.ndarray) -> pa.StringArray:
    """'YYYY-MM-DD HH:MM:SS' in UTC: how truth/defects.parquet states a true instant."""
    return from_byte_matrix(_datetime_matrix(seconds, b" "))


def format_dates(days: np.ndarray, valid: np.ndarray | None = None) -> pa.StringArray:
    return from_byte_matrix(
        _datetime_matrix(np.asarray(days) * SECONDS_PER_DAY, b" ")[:, :10], valid
    )


def pick(
    choices: list[str] | tuple[str, ...], codes: np.ndarray, valid: np.ndarray | None = None
) -> pa.Array:
    """Strings by index into a small vocabulary (via a dictionary array, decoded to plain)."""
    indices = pa.array(
        np.asarray(codes, dtype=np.int32), mask=None if valid is None else ~np.asarray(valid)
    )
    dictionary = pa.DictionaryArray.from_arrays(indices, pa.array(list(choices), pa.string()))
    return dictionary.cast(pa.string())


def join(*parts: pa.Array | str) -> pa.Array:
    """Element-wise concatenation; a null part makes the result null."""
    return pc.binary_join_element_wise(*parts, "")


def null_strings(n: int) -> pa.Array:
    return pa.nulls(n, pa.string())


def amounts(values: np.ndarray) -> np.ndarray:
    """Money rounded to cents."""
    return np.round(np.asarray(values, dtype=np.float64), 2)
