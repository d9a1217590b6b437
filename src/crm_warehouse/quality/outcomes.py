"""One checked expectation, whatever produced it (a great-expectations suite or a source check)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Outcome:
    suite: str
    mart: str
    expectation: str
    column_name: str | None
    severity: Severity
    success: bool
    observed_value: str | None
    details: str

    def as_row(self) -> dict[str, Any]:
        return asdict(self)


def to_json_text(value: Any) -> str | None:
    """JSON text of an observed value or details (numpy scalars, dates and sets included)."""
    if value is None:
        return None
    return json.dumps(value, default=str, sort_keys=True)


def failed_errors(outcomes: list[Outcome]) -> list[Outcome]:
    return [o for o in outcomes if o.severity == "error" and not o.success]


def warnings(outcomes: list[Outcome]) -> list[Outcome]:
    return [o for o in outcomes if o.severity == "warning" and not o.success]
