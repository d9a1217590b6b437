# The public interface of the warehouse (see README.md). Every target sets itself up.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_BOOTSTRAP := $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
DBT := $(VENV)/bin/dbt
INSTALLED := $(VENV)/.installed

SCALE ?= small
DBT_VARS ?=
export CRM_WAREHOUSE ?= warehouse/crm.duckdb
# What the app and BI tools read: a copy of the marts made after each successful build.
export CRM_PUBLISHED ?= $(dir $(CRM_WAREHOUSE))published/$(notdir $(CRM_WAREHOUSE))
# Relative folders are resolved here: dbt's hook reads them from the project directory.
ifneq ($(strip $(CRM_RAW_DIR)),)
export CRM_RAW_DIR := $(abspath $(CRM_RAW_DIR))
endif
DBT_VARS_FLAG := $(if $(strip $(DBT_VARS)),--vars '$(DBT_VARS)')

.PHONY: help setup build test lint browser data seeds bench dashboard clean audience quality docs \
	build-postgres test-postgres postgres

help:
	@echo "make build      set up .venv and build the warehouse ($(CRM_WAREHOUSE))"
	@echo "make test       set up and run every test (lint, dbt parse, pytest)"
	@echo "make quality    expectation suites and source health -> warehouse/quality/report.html"
	@echo "make data       generate raw Parquet: SCALE=small|medium|large -> data/<scale>/"
	@echo "make bench      benchmark generator and dbt build: SCALE=small|medium|large"
	@echo "make seeds      regenerate the committed demo seeds (seeds/raw/)"
	@echo "make dashboard  serve the Streamlit app"
	@echo "make docs       dbt docs as one self-contained page -> target/static_index.html"
	@echo "make audience   export a segment: SEGMENT=<name> -> audiences/<name>.csv, .parquet"
	@echo "make build-postgres  start a local PostgreSQL if none is configured, load and build there"
	@echo "make test-postgres   the PostgreSQL build against the DuckDB one, and the BI role's rights"

$(INSTALLED): pyproject.toml
	$(PYTHON_BOOTSTRAP) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(INSTALLED)

build: $(INSTALLED)
	@mkdir -p $(dir $(CRM_WAREHOUSE)) warehouse/tmp
	$(DBT) build $(DBT_VARS_FLAG)
	$(PY) -m crm_warehouse.publish
	$(PY) -m crm_warehouse.export_parquet

# PostgreSQL (serving BI tools): a local server on 127.0.0.1 unless CRM_PG_HOST names one; the
# raw tables copied in (CRM_RAW_DIR's Parquet files, else the demo seeds); dbt, the LTV fit
# (dbt-postgres runs no Python models), dbt again. Artifacts in target_postgres/.
postgres: $(INSTALLED)
	$(PY) -m crm_warehouse.postgres_server ensure

build-postgres: $(INSTALLED)
	DBT_TARGET_PATH=target_postgres DBT_LOG_PATH=target_postgres/logs \
		$(PY) -m crm_warehouse.postgres_build $(if $(strip $(DBT_VARS)),--vars '$(DBT_VARS)')

test-postgres: $(INSTALLED)
	$(VENV)/bin/pytest -m postgres

lint: $(INSTALLED)
	$(VENV)/bin/ruff check src tests dashboards
	$(VENV)/bin/ruff format --check src tests dashboards
	$(VENV)/bin/sqlfluff lint $(wildcard models tests/dbt analyses) --processes 2

# The browser test drives Debian's Chromium; a CJK font draws the Chinese labels.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@command -v chromium >/dev/null 2>&1 && test -d /usr/share/fonts/truetype/wqy || { \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install \
			-y -qq --no-install-recommends chromium fonts-wqy-zenhei; }

test: $(INSTALLED) lint browser
	$(DBT) parse --warn-error --no-partial-parse --quiet
	$(VENV)/bin/pytest

# Stale sources only warn: dbt source freshness exits non-zero on error_after, the report
# shows it. The results are published (the app's quality page reads them) and then a failed
# expectation fails the target.
quality: $(INSTALLED)
	@rm -f "$${DBT_TARGET_PATH:-target}/sources.json"
	$(DBT) source freshness $(DBT_VARS_FLAG) --quiet || true
	$(PY) -m crm_warehouse.quality --warehouse '$(CRM_WAREHOUSE)' \
		--freshness "$${DBT_TARGET_PATH:-target}/sources.json"; \
	status=$$?; $(PY) -m crm_warehouse.publish && exit $$status

data: $(INSTALLED)
	$(PY) -m crm_warehouse.scales generate $(SCALE)

seeds: $(INSTALLED)
	$(PY) -m crm_warehouse.demo_seeds

bench: $(INSTALLED)
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) -m crm_warehouse.bench --scale $(SCALE)

audience: $(INSTALLED)
	$(PY) -m crm_warehouse.audience --segment '$(SEGMENT)' --warehouse '$(CRM_WAREHOUSE)'

# The catalogue reads column types from the built warehouse.
docs: $(INSTALLED)
	@test -f '$(CRM_WAREHOUSE)' || $(MAKE) build
	$(DBT) docs generate --static $(DBT_VARS_FLAG)

dashboard: $(INSTALLED)
	@test -f '$(CRM_PUBLISHED)' || $(MAKE) build
	$(VENV)/bin/streamlit run dashboards/app.py

clean:
	rm -rf target target_* logs warehouse
