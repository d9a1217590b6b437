"""dbt's `model` context variable for sqlfluff's jinja templater: the node's config (as a
mapping), read by macros that need the model's custom schema at parse time
(incremental_relation)."""

from __future__ import annotations

config: dict[str, str] = {"schema": "this_schema"}
