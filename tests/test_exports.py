"""Parquet exports of the published marts, read back by two clients, and the README's snippets.

Every file is read back with DuckDB's read_parquet and with pyarrow and compared with its
table in the published file: same columns, same types, EXCEPT ALL empty both ways. A failed
export must leave the previous set as it was. The README's Python snippets for the published
DuckDB file and the Parquet folder run as written (paths pointed at the test's files) and their
totals are checked against the dbt-built warehouse. `dbt docs generate --static` (`make docs`)
catalogues every published mart with its columns and the dashboard's exposures.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

from crm_warehouse import export_parquet as exports
from crm_warehouse.dbt_runner import run_dbt
from crm_warehouse.paths import PROJECT_ROOT
from crm_warehouse.publish import quote_identifier
from tests.conftest import GeneratedData, Warehouse

README = PROJECT_ROOT / "README.md"
# The paths the README's snippets use: those of a default `make build`.
README_PUBLISHED = "warehouse/published/crm.duckdb"
README_PARQUET_DIR = "warehouse/published/crm_parquet"
PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


@pytest.fixture(scope="module")
def exported(published_small_warehouse: Warehouse) -> Path:
    folder = exports.parquet_dir(published_small_warehouse.path)
    exports.export_parquet(published_small_warehouse.path, folder)
    return folder


def published_tables(published: Warehouse) -> list[tuple[str, str]]:
    with duckdb.connect(str(published.path), read_only=True) as connection:
        return connection.execute(exports.EXPORTED_TABLES_SQL).fetchall()


def file_digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*.parquet"))
    }


def rows_differing(connection: duckdb.DuckDBPyConnection, left: str, right: str) -> int:
    """Rows of either relation missing from the other, counting duplicates (EXCEPT ALL)."""
    # fetchall: duckdb 2.0 keeps a result open after fetchone, blocking `unregister`
    counts = [
        connection.execute(f"select count(*) from ({a} except all {b})").fetchall()[0][0]
        for a, b in ((left, right), (right, left))
    ]
    return sum(counts)


def test_every_published_table_has_its_parquet_file(
    published_small_warehouse: Warehouse, exported: Path
) -> None:
    tables = published_tables(published_small_warehouse)
    expected = {exports.parquet_file(exported, schema, table) for schema, table in tables}
    assert set(exported.rglob("*.parquet")) == expected
    marts = {table for schema, table in tables if schema == exports.TOP_LEVEL_SCHEMA}
    assert {"customer_360", "fct_orders", "customer_ltv"} <= marts
    assert {path.stem for path in exported.glob("*.parquet")} == marts
    assert (exported / "publication" / "dbt_results.parquet").exists()
    assert not list(exported.parent.glob(".*exporting")), "staging folder left behind"


@contextmanager
def published_attached(
    published: Warehouse,
) -> Iterator[tuple[duckdb.DuckDBPyConnection, list[tuple[str, str, str]]]]:
    """An in-memory connection with the published file attached, and each published table's
    schema, name and a query of it."""
    with duckdb.connect() as connection:
        connection.execute("attach ? as published (read_only)", [str(published.path)])
        yield (
            connection,
            [
                (
                    schema,
                    table,
                    f"select * from published.{quote_identifier(schema)}.{quote_identifier(table)}",
                )
                for schema, table in published_tables(published)
            ],
        )


def test_duckdb_reads_every_file_back_unchanged(
    published_small_warehouse: Warehouse, exported: Path
) -> None:
    with published_attached(published_small_warehouse) as (connection, sources):
        for schema, table, source in sources:
            parquet = exports.parquet_file(exported, schema, table)
            copy = f"select * from read_parquet('{parquet}')"
            source_columns = connection.execute(f"describe {source}").fetchall()
            copy_columns = connection.execute(f"describe {copy}").fetchall()
            assert [column[:2] for column in copy_columns] == [
                column[:2] for column in source_columns
            ], f"{schema}.{table}"
            assert rows_differing(connection, source, copy) == 0, f"{schema}.{table}"


def test_pyarrow_reads_every_file_back_unchanged(
    published_small_warehouse: Warehouse, exported: Path
) -> None:
    with published_attached(published_small_warehouse) as (connection, sources):
        for schema, table, source in sources:
            from_pyarrow = pq.read_table(exports.parquet_file(exported, schema, table))
            source_schema = connection.sql(source).to_arrow_table().schema
            assert [(field.name, field.type) for field in from_pyarrow.schema] == [
                (field.name, field.type) for field in source_schema
            ], f"{schema}.{table}"
            connection.register("from_pyarrow", from_pyarrow)
            assert rows_differing(connection, source, "select * from from_pyarrow") == 0, (
                f"{schema}.{table}"
            )
            connection.unregister("from_pyarrow")


def test_a_new_export_replaces_the_whole_set(
    published_small_warehouse: Warehouse, tmp_path: Path
) -> None:
    folder = tmp_path / "parquet"
    exports.export_parquet(published_small_warehouse.path, folder)
    first = file_digests(folder)
    (folder / "dropped_mart.parquet").write_bytes(b"a mart an older build had")
    tables = exports.export_parquet(published_small_warehouse.path, folder)
    assert tables == len(first)
    assert set(file_digests(folder)) == set(first)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["parquet"]


def test_a_failed_export_leaves_the_previous_set(
    published_small_warehouse: Warehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "parquet"
    exports.export_parquet(published_small_warehouse.path, folder)
    previous = file_digests(folder)

    not_duckdb = tmp_path / "not_a_database.duckdb"
    not_duckdb.write_bytes(b"half a file copied by hand")
    with pytest.raises(duckdb.Error):
        exports.export_parquet(not_duckdb, folder)
    assert file_digests(folder) == previous

    real_parquet_file = exports.parquet_file
    written: list[Path] = []

    def fail_halfway(folder: Path, schema: str, table: str) -> Path:
        if len(written) == len(previous) // 2:
            raise OSError("No space left on device")
        written.append(real_parquet_file(folder, schema, table))
        return written[-1]

    monkeypatch.setattr(exports, "parquet_file", fail_halfway)
    with pytest.raises(OSError, match="No space left"):
        exports.export_parquet(published_small_warehouse.path, folder)
    assert written, "the simulated failure must come after some files were written"
    assert file_digests(folder) == previous
    assert sorted(path.name for path in tmp_path.iterdir()) == ["not_a_database.duckdb", "parquet"]


def test_parquet_folder_defaults_beside_the_published_file_and_follows_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(exports.PARQUET_DIR_VARIABLE, raising=False)
    published = tmp_path / "published" / "shop.duckdb"
    assert exports.parquet_dir(published) == tmp_path / "published" / "shop_parquet"
    monkeypatch.setenv(exports.PARQUET_DIR_VARIABLE, str(tmp_path / "bi"))
    assert exports.parquet_dir(published) == tmp_path / "bi"


def test_readme_snippets_run_as_written(
    small_warehouse: Warehouse, published_small_warehouse: Warehouse, exported: Path
) -> None:
    snippets = [
        block
        for block in PYTHON_BLOCK.findall(README.read_text())
        if README_PUBLISHED in block or README_PARQUET_DIR in block
    ]
    assert len(snippets) == 2, "README.md shows one snippet for the DuckDB file, one for Parquet"
    names: dict[str, object] = {}
    for snippet in snippets:
        assert "read_only=True" in snippet or README_PUBLISHED not in snippet
        runnable = snippet.replace(README_PUBLISHED, str(published_small_warehouse.path))
        exec(runnable.replace(README_PARQUET_DIR, str(exported)), names)

    revenue_orders = "from marts.fct_orders where is_revenue_order"
    orders = small_warehouse.scalar(f"select count(*) {revenue_orders}")
    revenue = small_warehouse.scalar(f"select sum(net_revenue_cny) {revenue_orders}")
    channel_revenue = names["channel_revenue"]
    assert sum(row[1] for row in channel_revenue) == orders
    assert sum(row[2] for row in channel_revenue) == revenue
    assert names["orders"].num_rows == small_warehouse.scalar(
        "select count(*) from marts.fct_orders"
    )
    assert sum(row[1] for row in names["monthly_revenue"]) == revenue


def static_page_document(page: str, key: str) -> dict[str, Any]:
    """The manifest or catalog JSON that dbt inlines into static_index.html as `key:{...}`."""
    start = page.index(key + ':{"metadata"') + len(key) + 1
    document, _ = json.JSONDecoder().raw_decode(page, start)
    return document


def test_static_docs_page_catalogues_every_mart(
    small_data: GeneratedData,
    small_warehouse: Warehouse,
    published_small_warehouse: Warehouse,
    tmp_path: Path,
) -> None:
    # A copy, so dbt writes its target beside it and not over the fixture's run results.
    warehouse = tmp_path / small_warehouse.path.name
    shutil.copyfile(small_warehouse.path, warehouse)
    # With --no-compile dbt documents the build's manifest instead of compiling every model
    # again (20 s more here, as `make docs` does); the catalog is read from the warehouse.
    (tmp_path / "target").mkdir()
    shutil.copyfile(
        small_warehouse.path.parent / "target" / "manifest.json",
        tmp_path / "target" / "manifest.json",
    )
    run = run_dbt(
        ["docs", "generate", "--static", "--no-compile"],
        warehouse=warehouse,
        raw_dir=small_data.raw_dir,
    )
    assert run.success, run.error
    page = (tmp_path / "target" / "static_index.html").read_text()
    manifest = static_page_document(page, "manifest")
    catalog = static_page_document(page, "catalog")

    catalogued = {
        node["metadata"]["name"]: [column["name"] for column in node["columns"].values()]
        for node in catalog["nodes"].values()
        if node["metadata"]["schema"] == exports.TOP_LEVEL_SCHEMA
    }
    published = published_small_warehouse.query(
        """
        select table_name, list(column_name order by ordinal_position) as columns
        from information_schema.columns
        where table_schema = 'marts'
        group by table_name
        """
    )
    assert catalogued == {
        row.table_name: list(row.columns) for row in published.itertuples(index=False)
    }
    dashboard_pages = {
        exposure["name"]: exposure["depends_on"]["nodes"]
        for exposure in manifest["exposures"].values()
        if exposure["type"] == "dashboard"
    }
    assert "dashboard_overview" in dashboard_pages
    for page_name, nodes in dashboard_pages.items():
        assert nodes, page_name
        assert {node.rsplit(".", 1)[-1] for node in nodes} <= catalogued.keys(), page_name
