"""The dbt sources declare exactly the raw contract of contract.py (names, order and types)."""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

from crm_warehouse.contract import RAW_TABLES
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
