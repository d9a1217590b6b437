"""A self-contained HTML report of one run (inline CSS, no scripts, no CDN): renders offline."""

from __future__ import annotations

import html
from collections import defaultdict
from pathlib import Path

from crm_warehouse.quality.outcomes import Outcome, failed_errors, warnings
from crm_warehouse.quality.store import Run

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.5rem; text-align: left;
         vertical-align: top; }
th { background: #f4f4f4; }
.pass { color: #1b7f3b; } .fail { color: #b00020; font-weight: bold; }
.warn { color: #a15c00; font-weight: bold; }
.summary span { margin-right: 1.5rem; }
code { font-size: 0.8rem; word-break: break-all; }
"""


def _status(outcome: Outcome) -> tuple[str, str]:
    if outcome.success:
        return "pass", "pass"
    return ("warn", "warning") if outcome.severity == "warning" else ("fail", "FAIL")


def _row(outcome: Outcome) -> str:
    css, label = _status(outcome)
    cells = [
        f'<td class="{css}">{label}</td>',
        f"<td>{html.escape(outcome.mart)}</td>",
        f"<td>{html.escape(outcome.expectation)}</td>",
        f"<td>{html.escape(outcome.column_name or '')}</td>",
        f"<td><code>{html.escape(outcome.observed_value or '')}</code></td>",
        f"<td><code>{html.escape(outcome.details)}</code></td>",
    ]
    return "<tr>" + "".join(cells) + "</tr>"


def render(run: Run) -> str:
    by_suite: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in run.outcomes:
        by_suite[outcome.suite].append(outcome)
    failed, warned = failed_errors(run.outcomes), warnings(run.outcomes)
    passed = sum(o.success for o in run.outcomes)
    sections = []
    header = (
        "<tr><th>status</th><th>table</th><th>expectation</th><th>column</th>"
        "<th>observed</th><th>details</th></tr>"
    )
    # failures and warnings first, so a reader sees them without scrolling
    ordered = sorted(by_suite.items(), key=lambda item: (all(o.success for o in item[1]), item[0]))
    for suite, outcomes in ordered:
        suite_failed = sum(not o.success for o in outcomes)
        rows = "".join(_row(o) for o in sorted(outcomes, key=lambda o: o.success))
        sections.append(
            f"<h2>{html.escape(suite)} — {len(outcomes) - suite_failed}/{len(outcomes)} passed"
            f"</h2><table>{header}{rows}</table>"
        )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Data quality {html.escape(run.run_at.isoformat())}</title>"
        f"<style>{STYLE}</style></head><body>"
        f"<h1>Data quality report</h1><p>Run {html.escape(run.run_id)} at "
        f"{html.escape(run.run_at.isoformat(timespec='seconds'))} UTC</p>"
        f"<p class='summary'><span class='pass'>{passed} passed</span>"
        f"<span class='fail'>{len(failed)} failed</span>"
        f"<span class='warn'>{len(warned)} warnings</span></p>"
        + "".join(sections)
        + "</body></html>"
    )


def write_report(path: Path, run: Run) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(run), encoding="utf-8")
