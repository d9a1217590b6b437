"""The dbt sources declare exactly the raw contract of contract.py (names, order and types)."""

from __future__ import annotations

import csv
from pathlib import Path

import jinja2
import yaml

from crm_warehouse.contract import ENUMS, QUARANTINE_REASONS, RAW_TABLES
from crm_warehouse.paths import PROJECT_ROOT


def declared_sources() -> dict[str, list[tuple[str, str]]]:
    declared: dict[str, list[tuple[str, str]]] = {}
    for path in Path(PROJECT_ROOT / "models" / "staging").rglob("_*__sources.yml"):
        for source in yaml.safe_load(path.read_text())["sources"]:
            assert source.get("schema") == "raw", f"{path}: source {source['name']} not in raw"
            for table in source["tables"]:
                declared[table["name"]] = [
                    (column["name"], column["data_type"]) for column in table["columns"]
                ]
    return declared


def test_every_contract_table_is_declared_with_its_columns_and_types() -> None:
    declared = declared_sources()
    assert sorted(declared) == sorted(table.name for table in RAW_TABLES)
    for table in RAW_TABLES:
        assert declared[table.name] == list(table.sql_types().items()), table.name


def test_every_contract_table_has_a_demo_seed_with_its_header() -> None:
    for table in RAW_TABLES:
        seed = PROJECT_ROOT / "seeds" / "raw" / f"{table.name}.csv"
        with seed.open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert header == table.column_names, table.name


def test_demo_seeds_are_typed_as_the_contract() -> None:
    seeds_yml = yaml.safe_load((PROJECT_ROOT / "seeds" / "raw" / "_raw__seeds.yml").read_text())
    typed = {seed["name"]: seed["config"]["column_types"] for seed in seeds_yml["seeds"]}
    assert typed == {table.name: table.sql_types() for table in RAW_TABLES}


class MacroReturnError(Exception):
    """dbt macros hand back values with `return(...)`; here it ends the render with the value."""

    def __init__(self, value: object) -> None:
        self.value = value


def call_staging_macro(name: str, *args: str) -> object:
    def give_back(value: object) -> None:
        raise MacroReturnError(value)

    macro = (PROJECT_ROOT / "macros" / "staging" / f"{name}.sql").read_text()
    environment = jinja2.Environment(extensions=["jinja2.ext.do"])
    template = environment.from_string(macro + "{{ " + name + "(*args) }}")
    try:
        template.render(args=args, **{"return": give_back})
    except MacroReturnError as returned:
        return returned.value
    raise AssertionError(f"macro {name} returned nothing")


def test_staging_macros_repeat_the_contract_enums_and_reasons() -> None:
    for (table, column), values in ENUMS.items():
        assert call_staging_macro("staging_accepted_values", table, column) == list(values)
    assert call_staging_macro("staging_quarantine_reasons") == list(QUARANTINE_REASONS)


def staging_accepted_values_tests() -> list[tuple[str, str, list[str]]]:
    found = []
    for path in Path(PROJECT_ROOT / "models" / "staging").rglob("_*__models.yml"):
        for model in yaml.safe_load(path.read_text())["models"]:
            for column in model.get("columns", []):
                for test in column.get("data_tests", []):
                    if isinstance(test, dict) and "accepted_values" in test:
                        values = test["accepted_values"]["arguments"]["values"]
                        found.append((model["name"], column["name"], values))
    return found


def test_staging_yaml_accepted_values_repeat_the_contract() -> None:
    raw_table_of = {
        f"{prefix}_{table.system}__{table.name.removeprefix(table.system + '_')}": table.name
        for table in RAW_TABLES
        for prefix in ("stg", "base")
    }
    checked = 0
    for model, column, values in staging_accepted_values_tests():
        if column == "quarantine_reason":
            assert sorted(values) == list(QUARANTINE_REASONS), model
            checked += 1
        elif (raw_table_of[model], column) in ENUMS:
            assert values == list(ENUMS[(raw_table_of[model], column)]), (model, column)
            checked += 1
    assert checked >= len(RAW_TABLES)
