"""dbt's cross-database macros (`dbt.type_string()`, `dbt.datediff(...)`) for sqlfluff's jinja
templater: each renders a stand-in of the right shape, since lint reads structure, not values."""

from __future__ import annotations

from collections.abc import Callable

TYPES = {
    "type_string": "varchar",
    "type_int": "integer",
    "type_bigint": "bigint",
    "type_numeric": "numeric",
    "type_float": "double",
    "type_timestamp": "timestamp",
    "type_boolean": "boolean",
}


def __getattr__(name: str) -> Callable[..., str]:
    rendered = TYPES.get(name, "varchar") if name.startswith("type_") else "null"
    return lambda *_args, **_kwargs: rendered
