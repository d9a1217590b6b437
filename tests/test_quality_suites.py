"""The great-expectations suites pass on a correct warehouse, catch a broken mart, and store
their results in the warehouse, as JSON and as a self-contained HTML report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from crm_warehouse.quality.__main__ import main
from crm_warehouse.quality.contract_suites import mart_specs
from crm_warehouse.quality.outcomes import Outcome, failed_errors
from crm_warehouse.quality.run import run_quality

from .conftest import Warehouse


@pytest.fixture(scope="module")
def warehouse_copy(small_warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy the quality run may write its results into; the session warehouse stays as built."""
    copy = tmp_path_factory.mktemp("quality_wh") / "crm.duckdb"
    shutil.copy(small_warehouse.path, copy)
    return copy


def break_mart(warehouse: Path, statements: list[str]) -> Path:
    broken = warehouse.with_name("broken.duckdb")
    shutil.copy(warehouse, broken)
    with duckdb.connect(str(broken)) as connection:
        for statement in statements:
            connection.execute(statement)
    return broken


def failures(outcomes: list[Outcome]) -> set[tuple[str, str, str | None]]:
    return {(o.mart, o.expectation, o.column_name) for o in failed_errors(outcomes)}


def test_every_mart_suite_passes_on_the_built_warehouse(warehouse_copy: Path) -> None:
    exit_code = main(["--warehouse", str(warehouse_copy)])
    out = warehouse_copy.parent / "quality"
    results = json.loads((out / "results.json").read_text())["results"]
    failed = [r for r in results if r["severity"] == "error" and not r["success"]]
    assert failed == [], failed
    assert exit_code == 0
    checked = {r["mart"] for r in results if r["severity"] == "error"}
    assert checked == set(mart_specs()), "every mart of the marts YAML has a suite"
    with duckdb.connect(str(warehouse_copy), read_only=True) as connection:
        stored = connection.execute(
            "select count(*), count(distinct run_id) from quality.latest_expectation_results"
        ).fetchone()
    assert stored == (len(results), 1)
    report = (out / "report.html").read_text()
    assert "<script" not in report and "<link" not in report  # renders offline
    assert f"{len(results) - len(failed)} passed" in report


def test_a_broken_mart_fails_its_expectations(warehouse_copy: Path) -> None:
    broken = break_mart(
        warehouse_copy,
        [
            # a probability above one, and a person scored twice
            "update marts.customer_360 set p_alive = 1.5 "
            "where person_id = (select min(person_id) from marts.customer_360)",
            "insert into marts.customer_rfm select * from marts.customer_rfm limit 1",
            # an identifier that joins someone lost its person
            "update marts.identity_map set person_id = null where identifier = "
            "(select min(identifier) from marts.identity_map where not is_shared)",
        ],
    )
    specs = {
        name: spec
        for name, spec in mart_specs().items()
        if name in ("customer_360", "customer_rfm", "identity_map")
    }
    run = run_quality(broken, specs=specs)
    assert {
        ("customer_360", "expect_column_values_to_be_between", "p_alive"),
        ("customer_rfm", "expect_column_values_to_be_unique", "person_id"),
        ("identity_map", "expect_column_values_to_not_be_null", "person_id"),
    } <= failures(run.outcomes)
    assert main(["--warehouse", str(broken)]) == 1
