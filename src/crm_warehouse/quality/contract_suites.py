"""Expectations every mart owes its contract, read from its dbt YAML
(models/marts/*/_*__models.yml): the exact column set, not-null constraints, unique and
unique-combination keys, accepted values. A test limited by a dbt `where` clause (SQL) is
left to dbt."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import great_expectations.expectations as gxe
import yaml

from crm_warehouse.paths import PROJECT_ROOT

MARTS_DIR = PROJECT_ROOT / "models" / "marts"


@dataclass(frozen=True)
class MartSpec:
    name: str
    area: str
    columns: list[str]
    not_null: list[str] = field(default_factory=list)
    unique: list[str] = field(default_factory=list)
    unique_combinations: list[list[str]] = field(default_factory=list)
    accepted_values: dict[str, list[Any]] = field(default_factory=dict)


def _test_name_and_arguments(test: str | dict[str, Any]) -> tuple[str, dict[str, Any], bool]:
    """(name, arguments, is_conditional) of one entry of a `data_tests:` list."""
    if isinstance(test, str):
        return test, {}, False
    name, body = next(iter(test.items()))
    body = body or {}
    conditional = "where" in (body.get("config") or {})
    return name, body.get("arguments") or {}, conditional


def _spec(model: dict[str, Any], area: str) -> MartSpec:
    spec = MartSpec(name=model["name"], area=area, columns=[])
    for test in model.get("data_tests") or []:
        name, arguments, conditional = _test_name_and_arguments(test)
        if name == "unique_combination_of_columns" and not conditional:
            spec.unique_combinations.append(list(arguments["combination_of_columns"]))
    for column in model.get("columns") or []:
        column_name = column["name"]
        spec.columns.append(column_name)
        constraints = {c.get("type") for c in column.get("constraints") or []}
        for test in column.get("data_tests") or []:
            name, arguments, conditional = _test_name_and_arguments(test)
            if conditional:
                continue
            if name == "not_null":
                constraints.add("not_null")
            elif name == "unique":
                spec.unique.append(column_name)
            elif name == "accepted_values":
                spec.accepted_values[column_name] = list(arguments["values"])
        if "not_null" in constraints or "primary_key" in constraints:
            spec.not_null.append(column_name)
    return spec


def mart_specs(marts_dir: Path = MARTS_DIR) -> dict[str, MartSpec]:
    """Every mart declared in a marts YAML file, by name."""
    specs: dict[str, MartSpec] = {}
    for path in sorted(marts_dir.glob("*/_*__models.yml")):
        document = yaml.safe_load(path.read_text()) or {}
        for model in document.get("models") or []:
            specs[model["name"]] = _spec(model, path.parent.name)
    return specs


def contract_expectations(spec: MartSpec) -> list[gxe.Expectation]:
    expectations: list[gxe.Expectation] = [
        gxe.ExpectTableColumnsToMatchSet(column_set=spec.columns, exact_match=True),
    ]
    expectations += [gxe.ExpectColumnValuesToNotBeNull(column=c) for c in spec.not_null]
    expectations += [gxe.ExpectColumnValuesToBeUnique(column=c) for c in spec.unique]
    expectations += [
        gxe.ExpectCompoundColumnsToBeUnique(column_list=columns, ignore_row_if="never")
        for columns in spec.unique_combinations
    ]
    expectations += [
        gxe.ExpectColumnValuesToBeInSet(column=c, value_set=values)
        for c, values in spec.accepted_values.items()
    ]
    return expectations
