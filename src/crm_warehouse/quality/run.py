"""One quality run over a warehouse: every mart declared in the marts YAML gets its contract
expectations and, where written, its business expectations; source health adds warnings."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

from crm_warehouse.quality.business_suites import BUSINESS_SUITES
from crm_warehouse.quality.contract_suites import MartSpec, contract_expectations, mart_specs
from crm_warehouse.quality.frames import MartFrames
from crm_warehouse.quality.outcomes import Outcome, to_json_text
from crm_warehouse.quality.source_health import empty_table_outcomes, freshness_outcomes
from crm_warehouse.quality.store import Run
from crm_warehouse.quality.validate import SuiteRunner


def _missing_mart(spec: MartSpec) -> Outcome:
    return Outcome(
        suite=spec.name,
        mart=spec.name,
        expectation="mart_exists",
        column_name=None,
        severity="error",
        success=False,
        observed_value=None,
        details=to_json_text({"area": spec.area, "message": "declared in YAML, not built"}) or "",
    )


def validate_marts(frames: MartFrames, specs: dict[str, MartSpec]) -> list[Outcome]:
    runner = SuiteRunner()
    outcomes: list[Outcome] = []
    for name, spec in sorted(specs.items()):
        if not frames.has(name):
            outcomes.append(_missing_mart(spec))
            continue
        expectations = contract_expectations(spec)
        if name in BUSINESS_SUITES:
            expectations += BUSINESS_SUITES[name](frames)
        outcomes += runner.run(name, frames.frame(name), expectations)
    return outcomes


def run_quality(
    warehouse: Path,
    freshness: Path | None = None,
    specs: dict[str, MartSpec] | None = None,
) -> Run:
    run_at = datetime.now(UTC).replace(tzinfo=None)
    frames = MartFrames(warehouse)
    outcomes = validate_marts(frames, specs if specs is not None else mart_specs())
    if frames.has("raw_table_reconciliation"):
        outcomes += empty_table_outcomes(frames.frame("raw_table_reconciliation"))
    if freshness is not None and freshness.exists():
        outcomes += freshness_outcomes(freshness)
    return Run(run_id=uuid.uuid4().hex, run_at=run_at, outcomes=outcomes)
