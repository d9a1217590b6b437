"""dbt's `target` for sqlfluff's jinja templater: lint renders the default DuckDB target."""

name = "duckdb"
type = "duckdb"
schema = "main"
