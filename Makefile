# Sales-analytics warehouse. Two commands do everything on a fresh machine:
#   make build   - venv from the lock file, load the raw data, dbt build (models + tests) on DuckDB
#   make test    - lint + dbt build with every data/unit test + Great Expectations + pytest
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON       ?= python3
VENV         := .venv
BIN          := $(VENV)/bin
# Two installs into one .venv: what building needs (requirements-build.lock, ~200 MB: dbt, the
# DuckDB adapter, salesdw) for `make build`, and everything testing needs on top (requirements.lock:
# sqlfluff, ruff, pytest, Great Expectations, dbt-postgres, MetricFlow, matplotlib) for the rest.
BUILD_STAMP  := $(VENV)/.build-stamp
STAMP        := $(VENV)/.installed-stamp

# dbt / GX run offline: no anonymous usage stats.
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export GX_ANALYTICS_ENABLED := False
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_PROJECT_DIR := $(CURDIR)

# Inputs. Without CRM_RAW_DIR the committed sample in seeds/crm_sample/ is used, as of its fixed day.
SAMPLE_DIR   := $(CURDIR)/seeds/crm_sample
# The sample's day is kept once, as the dbt var sample_as_of_date.
SAMPLE_AS_OF := $(shell sed -n 's/^  sample_as_of_date: *"\(.*\)"/\1/p' dbt_project.yml)
export CRM_RAW_DIR ?= $(SAMPLE_DIR)
ifeq ($(CRM_RAW_DIR),$(SAMPLE_DIR))
export CRM_AS_OF ?= $(SAMPLE_AS_OF)
endif
# What the folder holds: contract (default), salesforce or hubspot (README "Your CRM"), and an
# optional mapping file of dbt var overrides for the CRM's picklists (CRM_MAPPING).
export CRM_SOURCE ?= contract
MAPPING_VARS = $(if $(CRM_MAPPING),--vars "$$(cat '$(CRM_MAPPING)')")
export DUCKDB_PATH ?= $(CURDIR)/warehouse.duckdb
# The BI file: marts and the PII-free core tables of the published build (point BI tools here).
export BI_DUCKDB_PATH ?= $(dir $(DUCKDB_PATH))bi.duckdb

.PHONY: help venv load build check rollback test lint gx pytest docs docs-serve lock clean benchmark generated-files \
	build-postgres test-postgres postgres-suite postgres-warehouse-tests postgres-own-database-tests \
	pg-start pg-stop venv-spark build-spark test-spark \
	spark-suite lock-spark venv-superset dashboard dashboard-stop dashboard-export test-dashboard \
	lock-superset

help:
	@echo "make build   - build the warehouse (DuckDB) from CRM_RAW_DIR (default: the sample in seeds/crm_sample/)"
	@echo "make test    - sqlfluff lint, dbt build with all tests, Great Expectations, pytest"
	@echo "make check   - lint changed SQL; build + test only what changed since the last build"
	@echo "make docs    - dbt docs generate (target/index.html; the landing page is models/overview.md)"
	@echo "make docs-serve - serve the docs on http://127.0.0.1:\$$DOCS_PORT (default 8080)"
	@echo "make test-postgres / test-spark - the same project on PostgreSQL 15 / Spark, compared with DuckDB"
	@echo "make benchmark BENCH_SCALES='1 10 50' - floor, load, run, test, oracle: wall/CPU/RSS and issue 14's ratios"
	@echo "make generated-files - regenerate what the KPI registry and the contract generate (KPI marts' YAML, kpi_values union, docs/kpi_catalog.md, crm_contract_tables)"
	@echo "make lock    - re-resolve requirements.in into requirements.lock, and requirements-build.in within it into requirements-build.lock"
	@echo "make dashboard / dashboard-stop / dashboard-export - Superset on 127.0.0.1:8088 with the dashboards of dashboards/ (docs/bi.md)"
	@echo "make test-dashboard - start Superset, check every chart's query, screenshot each dashboard"

# Bytecode: pip installs without compiling (--no-compile: one file after another), then
# COMPILE_VENV compiles the environment's modules on every core (~35 CPU s, ~18 s wall on 2 cores,
# once per environment). Without it, every dbt, salesdw or pytest process compiled what it imports
# from source again (~2.7 CPU s per dbt start): with PYTHONDONTWRITEBYTECODE set, as on this
# project's machines, Python never writes the bytecode it compiles.
PIP_INSTALL  := pip install --quiet --disable-pip-version-check --no-compile
COMPILE_VENV  = $(1)/python -m compileall -q -j 0 "$$($(1)/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"

$(BUILD_STAMP): requirements-build.lock pyproject.toml
	@test -x $(BIN)/python || ($(PYTHON) salesdw/python_check.py && $(PYTHON) -m venv $(VENV))
	$(BIN)/$(PIP_INSTALL) -r requirements-build.lock
	$(BIN)/$(PIP_INSTALL) --no-deps --no-build-isolation -e .
	$(call COMPILE_VENV,$(BIN))
	@touch $@

$(STAMP): requirements.lock requirements-build.lock pyproject.toml
	@test -x $(BIN)/python || ($(PYTHON) salesdw/python_check.py && $(PYTHON) -m venv $(VENV))
	$(BIN)/$(PIP_INSTALL) -r requirements.lock
	$(BIN)/$(PIP_INSTALL) --no-deps --no-build-isolation -e .
	$(call COMPILE_VENV,$(BIN))
	@touch $@ $(BUILD_STAMP)

venv: $(STAMP)
venv-build: $(BUILD_STAMP)

# Load + dbt build (every test) into new files beside the published ones; only a fully green
# build replaces warehouse.duckdb and bi.duckdb (one rename each), then the summary. The typed
# rows of raw tables that only grew by appended rows are reused (README "A day of new data");
# FULL_REFRESH=1 types every row again. The console gets a few lines per phase; the full log
# (dbt's output, the load and rows per table) is target/build.log.
build: $(BUILD_STAMP)
	@$(BIN)/salesdw build --raw-dir "$(CRM_RAW_DIR)" --duckdb "$(DUCKDB_PATH)" --bi-duckdb "$(BI_DUCKDB_PATH)" \
	  $(if $(FULL_REFRESH),--full-refresh)

# The inner loop: lint the changed SQL, then build and test only the models changed since the
# last `make build` and their children, in a copy of the published warehouse (never published).
check: $(STAMP)
	$(BIN)/salesdw check --duckdb "$(DUCKDB_PATH)"

# Back to the previous published build (run again to undo).
rollback: $(BUILD_STAMP)
	$(BIN)/salesdw rollback --duckdb "$(DUCKDB_PATH)" --bi-duckdb "$(BI_DUCKDB_PATH)"

# Developer loop only: load straight into the warehouse file (no publish step).
load: $(BUILD_STAMP)
	$(BIN)/salesdw load --raw-dir "$(CRM_RAW_DIR)" --duckdb "$(DUCKDB_PATH)"

# Files generated from the project's two registries, committed (`make lint` fails while stale):
# the KPI registry (seeds/reference/kpi_definitions.csv) -> the KPI marts' YAML, the kpi_values
# union and docs/kpi_catalog.md (salesdw/kpi_registry.py); the contract
# (models/staging/crm/_crm__sources.yml) -> macros/staging/crm_contract_tables.sql, the columns,
# types, allowed values and keys the base models read (salesdw/contract_macro.py).
generated-files: $(BUILD_STAMP)
	$(BIN)/python -m salesdw.kpi_registry
	$(BIN)/python -m salesdw.contract_macro

# The CRM adapters are enabled only for their CRM: each is linted with its CRM_SOURCE.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m salesdw.kpi_registry --check
	$(BIN)/python -m salesdw.contract_macro --check
	CRM_SOURCE=contract $(BIN)/sqlfluff lint models analyses tests/dbt --processes 2
	CRM_SOURCE=salesforce $(BIN)/sqlfluff lint models/crm_adapters/salesforce tests/dbt/crm_adapters --processes 2
	CRM_SOURCE=hubspot $(BIN)/sqlfluff lint models/crm_adapters/hubspot tests/dbt/crm_adapters --processes 2

gx: $(STAMP)
	$(BIN)/salesdw gx --duckdb "$(DUCKDB_PATH)"

# pytest reuses the sample warehouse that `build` just published (when building the sample).
ifeq ($(CRM_RAW_DIR),$(SAMPLE_DIR))
pytest: export SALESDW_SAMPLE_DUCKDB := $(DUCKDB_PATH)
endif
# Two workers, a test file each (module fixtures, e.g. a CRM export's build, stay in one worker).
pytest: $(STAMP)
	$(BIN)/pytest -n 2 --dist loadfile

# The Spark environment (Java, and pyspark: a ~320 MB unpack) installs beside the lint, so that
# the Spark suite starts its build as soon as pytest ends; the Postgres and Spark suites run side
# by side (each compares with the DuckDB build).
test:
	$(MAKE) -j2 --output-sync=target lint venv-spark
	$(MAKE) build gx pytest
	$(MAKE) -j2 --output-sync=target postgres-suite spark-suite

# Floor, load, dbt seed/run/test and the pandas oracle on generated data at several scales (one
# run): wall/CPU seconds, peak RSS, issue 14's ratios and goals -> target/benchmark/ (csv, md, png).
BENCH_SCALES ?= 1 4
benchmark: $(STAMP)
	$(BIN)/python -m salesdw.benchmark --scales $(BENCH_SCALES)

# The docs of the published warehouse (the landing page: models/overview.md). index.html needs a
# web server (make docs-serve); static_index.html holds the manifest and catalog and opens from disk.
DOCS_PORT ?= 8080
docs: $(STAMP)
	$(BIN)/dbt docs generate --static
	@echo "Docs: $(CURDIR)/target/index.html - serve it with 'make docs-serve' and open" \
	  "http://127.0.0.1:$(DOCS_PORT), or open $(CURDIR)/target/static_index.html in a browser (one file)."

# Serves the docs (index.html, manifest.json, catalog.json copied into DOCS_SITE, nothing else of
# target/: no compiled SQL, logs or run results) on 127.0.0.1:DOCS_PORT; generates the docs only
# when they do not exist yet.
DOCS_FROM ?= target
DOCS_SITE ?= $(DOCS_FROM)/docs_site
docs-serve: $(STAMP)
	@test -f $(DOCS_FROM)/catalog.json && test -f $(DOCS_FROM)/manifest.json \
	  || $(MAKE) --no-print-directory docs
	@rm -rf "$(DOCS_SITE)" && mkdir -p "$(DOCS_SITE)" \
	  && cp $(DOCS_FROM)/manifest.json $(DOCS_FROM)/catalog.json "$(DOCS_SITE)/"
	@echo "Serving the docs on http://127.0.0.1:$(DOCS_PORT) (Ctrl-C to stop)"
	$(BIN)/dbt docs serve --target-path "$(DOCS_SITE)" --host 127.0.0.1 --port $(DOCS_PORT) --no-browser

lock:
	$(PYTHON) -m venv /tmp/salesdw-lock && /tmp/salesdw-lock/bin/pip install -q -r requirements.in \
	  && (echo "# Exact pins of every package (generated by 'make lock' from requirements.in)."; \
	      /tmp/salesdw-lock/bin/pip freeze --all | grep -v '^pip==') > requirements.lock
	rm -rf /tmp/salesdw-lock-build && $(PYTHON) -m venv /tmp/salesdw-lock-build \
	  && /tmp/salesdw-lock-build/bin/pip install -q -c requirements.lock -r requirements-build.in \
	  && (echo "# Exact pins of what \`make build\` installs (generated by 'make lock' from requirements-build.in within requirements.lock)."; \
	      /tmp/salesdw-lock-build/bin/pip freeze --all | grep -v '^pip==') > requirements-build.lock

# --- Postgres: a private throwaway PostgreSQL 15 cluster on 127.0.0.1 --------------------
# The cluster folder is per checkout (two checkouts on one host never share one); start refuses
# a busy port, stop/destroy refuse a folder that this checkout's `salesdw pg start` did not make.
PG_PORT ?= 5433
PG_DIR  ?= /tmp/salesdw-pg-$(shell printf '%s' '$(CURDIR)' | sha256sum | cut -c1-12)
PG_ENV = DBT_TARGET=postgres PGHOST=127.0.0.1 PGPORT=$(PG_PORT) PGUSER=$${PGUSER:-dbt} \
	PGDATABASE=$${PGDATABASE:-warehouse}
# Throwaway passwords, made per run unless given: no secret lives in the repo.
ifndef PGPASSWORD
PGPASSWORD := $(shell python3 -c 'import secrets; print(secrets.token_hex(16))')
endif
ifndef BI_READER_PASSWORD
BI_READER_PASSWORD := $(shell python3 -c 'import secrets; print(secrets.token_hex(16))')
endif
export PGPASSWORD BI_READER_PASSWORD

pg-start: $(STAMP)
	@command -v runuser >/dev/null && test -d /usr/lib/postgresql || \
	  (apt-get update -qq && apt-get install -y -qq postgresql >/dev/null)
	$(BIN)/salesdw pg start --cluster-dir $(PG_DIR) --port $(PG_PORT)

pg-stop:
	$(BIN)/salesdw pg destroy --cluster-dir $(PG_DIR)

# Loads CRM_RAW_DIR with COPY, runs the full dbt build (models + all tests) with the marts in the
# side schema marts__building, and only when it succeeded swaps them in as `marts` in one
# transaction (salesdw pg publish): BI never sees a half-built or untested set of marts.
build-postgres: pg-start
	$(BIN)/salesdw pg load --port $(PG_PORT) --raw-dir "$(CRM_RAW_DIR)"
	$(PG_ENV) $(BIN)/dbt build --target-path target/postgres $(MAPPING_VARS)
	$(PG_ENV) $(BIN)/salesdw pg publish

# build-postgres, then the cross-engine, BI-role, publish and tooling tests; the cluster is
# removed afterwards. The DuckDB build to compare with is the prerequisite (made once when run
# from `make test`).
test-postgres: build
	$(MAKE) postgres-suite

# Two pytest processes side by side: the tests of the `warehouse` database (marked
# postgres_warehouse: they build, publish and read its marts) one at a time, and the CRM-export
# tests, each in a database of its own. Not pytest-xdist's loadgroup: with pytest 9 it does not
# keep a group on one worker (tests/python/conftest.py holds a lock per warehouse test).
postgres-suite: $(STAMP)
	$(MAKE) build-postgres; status=$$?; \
	if [ $$status -eq 0 ]; then \
	  $(MAKE) -j2 --output-sync=target postgres-warehouse-tests postgres-own-database-tests; \
	  status=$$?; fi; \
	$(MAKE) pg-stop; exit $$status

postgres-warehouse-tests postgres-own-database-tests: $(STAMP)
	$(PG_ENV) SALESDW_PG_DIR=$(PG_DIR) SALESDW_SAMPLE_DUCKDB=$(DUCKDB_PATH) $(BIN)/pytest \
	  -m "postgres and $(if $(filter postgres-warehouse-tests,$@),,not )postgres_warehouse"

# --- Spark: dbt-spark in session mode (pyspark in the dbt process, Java 17) -----------------
# Its own environment (pyspark is ~320 MB): .venv-spark from requirements-spark.lock.
SPARK_VENV  := .venv-spark
SPARK_BIN   := $(SPARK_VENV)/bin
SPARK_STAMP := $(SPARK_VENV)/.installed-stamp
# The local catalog (Derby metastore + warehouse folder), made afresh by every Spark build.
export SALESDW_SPARK_DIR ?= $(CURDIR)/.spark

$(SPARK_STAMP): requirements-spark.lock pyproject.toml
	@command -v java >/dev/null || (apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null)
	@test -x $(SPARK_BIN)/python || ($(PYTHON) salesdw/python_check.py && $(PYTHON) -m venv $(SPARK_VENV))
	$(SPARK_BIN)/$(PIP_INSTALL) -r requirements-spark.lock
	$(SPARK_BIN)/$(PIP_INSTALL) --no-deps --no-build-isolation -e .
	$(call COMPILE_VENV,$(SPARK_BIN))
	@touch $@

venv-spark: $(SPARK_STAMP)

# Land CRM_RAW_DIR in Spark's raw database and run the full dbt build (all tests) on Spark,
# in one process (the Derby metastore admits one JVM at a time).
build-spark: $(SPARK_STAMP)
	rm -rf "$(SALESDW_SPARK_DIR)"
	$(SPARK_BIN)/python -m salesdw.spark build --raw-dir "$(CRM_RAW_DIR)" --target-path target/spark

# build-spark, then raw rows, quarantine, seeds and kpi_values Spark == DuckDB.
test-spark: build
	$(MAKE) spark-suite

spark-suite: build-spark
	SALESDW_SAMPLE_DUCKDB=$(DUCKDB_PATH) $(SPARK_BIN)/pytest -m spark tests/python/test_spark.py

lock-spark:
	$(PYTHON) -m venv /tmp/salesdw-lock-spark && /tmp/salesdw-lock-spark/bin/pip install -q -r requirements-spark.in \
	  && (echo "# Exact pins of every package of the Spark environment (generated by 'make lock-spark' from requirements-spark.in)."; \
	      /tmp/salesdw-lock-spark/bin/pip freeze --all | grep -v '^pip==') > requirements-spark.lock

# --- Superset: the dashboards of dashboards/ on the BI file (docs/bi.md) ---------------------
# Its own environment (~900 MB, its own Flask/SQLAlchemy 1.4 stack): .venv-superset from
# requirements-superset.lock. Superset's home (metadata DB, secret key, admin password, logs,
# pid file) is git-ignored: SUPERSET_HOME. Nothing secret is committed.
SUPERSET_VENV  := .venv-superset
SUPERSET_BIN   := $(SUPERSET_VENV)/bin
SUPERSET_STAMP := $(SUPERSET_VENV)/.installed-stamp
export SUPERSET_HOME ?= $(CURDIR)/target/superset
export SUPERSET_PORT ?= 8088
export SUPERSET_CONFIG_PATH := $(CURDIR)/superset_config.py

$(SUPERSET_STAMP): requirements-superset.lock pyproject.toml
	@test -x $(SUPERSET_BIN)/python || $(PYTHON) -m venv $(SUPERSET_VENV)
	$(SUPERSET_BIN)/$(PIP_INSTALL) -r requirements-superset.lock
	$(SUPERSET_BIN)/$(PIP_INSTALL) --no-deps --no-build-isolation -e .
	$(call COMPILE_VENV,$(SUPERSET_BIN))
	@touch $@

venv-superset: $(SUPERSET_STAMP)

# Initialise Superset's home (once), start it in the background on 127.0.0.1:$(SUPERSET_PORT),
# connect the BI file read-only and import the dashboards; prints the URL and the login.
dashboard: $(SUPERSET_STAMP)
	$(SUPERSET_BIN)/python -m salesdw.dashboard start --bi-duckdb "$(BI_DUCKDB_PATH)"

# The project's dashboards as edited in the running Superset, back into dashboards/ (same
# file per UUID; the database URI back to its placeholder). Review with git diff.
dashboard-export: $(SUPERSET_STAMP)
	$(SUPERSET_BIN)/python -m salesdw.dashboard export

dashboard-stop:
	@if test -x $(SUPERSET_BIN)/python; then $(SUPERSET_BIN)/python -m salesdw.dashboard stop; \
	  else echo "Superset is not installed (.venv-superset): nothing to stop."; fi

# Not part of `make test` (CI's time budget): starts Superset like `make dashboard`, checks every
# chart's data query through the REST API, screenshots each dashboard in headless Chromium
# (target/dashboards/<slug>.png) and stops what it started, also on failure.
test-dashboard: $(SUPERSET_STAMP)
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  (echo "Installing Debian's chromium and chromium-driver (headless screenshots) with apt-get..." && \
	   apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null)
	$(SUPERSET_BIN)/python -m salesdw.dashboard test --bi-duckdb "$(BI_DUCKDB_PATH)" --out target/dashboards

lock-superset:
	$(PYTHON) -m venv /tmp/salesdw-lock-superset && /tmp/salesdw-lock-superset/bin/pip install -q -r requirements-superset.in \
	  && (echo "# Exact pins of every package of the Superset environment (generated by 'make lock-superset' from requirements-superset.in)."; \
	      /tmp/salesdw-lock-superset/bin/pip freeze --all | grep -v '^pip==') > requirements-superset.lock

clean:
	rm -rf target logs .spark .warehouse.duckdb.state
	rm -f warehouse*.duckdb warehouse*.duckdb.wal bi*.duckdb bi*.duckdb.wal .warehouse.duckdb.* .bi.duckdb.*
