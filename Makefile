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
# Relative folders are resolved here: dbt's hook reads them from the project directory.
ifneq ($(strip $(CRM_RAW_DIR)),)
export CRM_RAW_DIR := $(abspath $(CRM_RAW_DIR))
endif
DBT_VARS_FLAG := $(if $(strip $(DBT_VARS)),--vars '$(DBT_VARS)')

.PHONY: help setup build test lint data seeds bench dashboard clean audience

help:
	@echo "make build      set up .venv and build the warehouse ($(CRM_WAREHOUSE))"
	@echo "make test       set up and run every test (lint, dbt parse, pytest)"
	@echo "make data       generate raw Parquet: SCALE=small|medium|large -> data/<scale>/"
	@echo "make bench      benchmark generator and dbt build: SCALE=small|medium|large"
	@echo "make seeds      regenerate the committed demo seeds (seeds/raw/)"
	@echo "make dashboard  serve the Streamlit app"
	@echo "make audience   export a segment: SEGMENT=<name> -> audiences/<name>.csv, .parquet"

$(INSTALLED): pyproject.toml
	$(PYTHON_BOOTSTRAP) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(INSTALLED)

build: $(INSTALLED)
	@mkdir -p $(dir $(CRM_WAREHOUSE)) warehouse/tmp
	$(DBT) build $(DBT_VARS_FLAG)

lint: $(INSTALLED)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests
	$(VENV)/bin/sqlfluff lint $(wildcard models tests/dbt analyses) --processes 2

test: $(INSTALLED) lint
	$(DBT) parse --warn-error --no-partial-parse --quiet
	$(VENV)/bin/pytest

data: $(INSTALLED)
	$(PY) -m crm_warehouse.scales generate $(SCALE)

seeds: $(INSTALLED)
	$(PY) -m crm_warehouse.demo_seeds

bench: $(INSTALLED)
	$(PY) -m crm_warehouse.bench --scale $(SCALE)

audience: $(INSTALLED)
	$(PY) -m crm_warehouse.audience --segment '$(SEGMENT)' --warehouse '$(CRM_WAREHOUSE)'

dashboard: $(INSTALLED)
	@echo "The dashboard is not built yet (issue 9)." >&2; exit 1

clean:
	rm -rf target target_* logs warehouse
