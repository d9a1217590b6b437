"""Data quality the retailer can see: great-expectations suites over the marts, source health
warnings (empty and stale raw tables), results stored in the warehouse, as JSON and as a
self-contained HTML report. Run with `make quality` (python -m crm_warehouse.quality)."""

import os

# Set before any module of this package imports great_expectations: no usage analytics calls
# (the machine may be offline) from a quality run.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
