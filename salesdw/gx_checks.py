"""Great Expectations checks over the marts: `salesdw gx --duckdb FILE` (make gx, make test).

Each mart family has an expectation suite, defined in this module and written into the
file context in gx/ on every run (so gx/expectations/*.json always matches the code), a
validation definition and a checkpoint. The tables are read from DuckDB into pandas
DataFrames and validated through GX's pandas datasource (GX's SQL route through
duckdb-engine reports every expectation as failed without raising, so it is not used).

Families:
  kpi_<family>             rows of marts.kpi_values of one family of the KPI registry
                           (seeds/reference/kpi_definitions.csv: units, dimensions, value
                           bounds); skipped with a note while none of its KPIs is built
  fct_deals, fct_account_mrr_monthly, fct_leads, fct_activities   core fact tables

HTML data docs go to target/gx_docs/ (the site `salesdw_docs` in gx/great_expectations.yml).
"""

from __future__ import annotations

import os

# Before great_expectations is imported: no usage statistics (the build runs offline).
os.environ["GX_ANALYTICS_ENABLED"] = "False"

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import duckdb
import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.checkpoint import UpdateDataDocsAction
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.exceptions import DataContextError
from great_expectations.expectations.row_conditions import Column

from salesdw import kpi_registry

PROJECT_DIR = Path(__file__).resolve().parents[1]
GX_DIR = PROJECT_DIR / "gx"
DATASOURCE = "salesdw_duckdb_frames"
DOCS_SITE = "salesdw_docs"
# Relative to gx/: the docs land in target/gx_docs/ beside dbt's target files.
DOCS_SITE_CONFIG = {
    "class_name": "SiteBuilder",
    "show_how_to_buttons": False,
    "store_backend": {
        "class_name": "TupleFilesystemStoreBackend",
        "base_directory": "../target/gx_docs/",
    },
    # The index lists the latest results only (it reads each one it lists, on every run).
    "site_index_builder": {
        "class_name": "DefaultSiteIndexBuilder",
        "validation_results_limit": 50,
    },
}
NO_PROGRESS_BARS = ProgressBarsConfig(globally=False, metric_calculations=False)

# --- kpi_values -------------------------------------------------------------------------

KPI_TABLE = "marts.kpi_values"
KPI_KEY = ["kpi_id", "grain", "period_start", "dimension", "dimension_value"]
KPI_NOT_NULL = KPI_KEY + ["dimension_label", "unit"]
GRAINS = list(kpi_registry.GRAINS)


@dataclass(frozen=True)
class KpiFamily:
    """The kpi_values rows of one family of the KPI registry, with its KPIs' units, dimensions
    and value bounds (seeds/reference/kpi_definitions.csv)."""

    name: str
    kpis: tuple[kpi_registry.Kpi, ...]

    @property
    def kpi_ids(self) -> tuple[str, ...]:
        return tuple(kpi.kpi_id for kpi in self.kpis)

    @property
    def units(self) -> list[str]:
        return sorted({kpi.unit for kpi in self.kpis})

    @property
    def dimensions(self) -> list[str]:
        return sorted({dimension for kpi in self.kpis for dimension in kpi.dimensions})


def kpi_families() -> list[KpiFamily]:
    """One family per registry family that has derivable KPIs, in the registry's family order."""
    kpis = kpi_registry.kpi_marts(kpi_registry.load())
    families = [
        KpiFamily(family, tuple(kpi for kpi in kpis if kpi.family == family))
        for family in kpi_registry.FAMILIES
    ]
    return [family for family in families if family.kpis]


KPI_FAMILIES = kpi_families()


def kpi_expectations(family: KpiFamily) -> list[gxe.Expectation]:
    checks: list[gxe.Expectation] = [gxe.ExpectTableRowCountToBeBetween(min_value=1)]
    checks += [gxe.ExpectColumnValuesToNotBeNull(column=column) for column in KPI_NOT_NULL]
    checks += [
        gxe.ExpectColumnValuesToBeInSet(column="grain", value_set=GRAINS),
        gxe.ExpectColumnValuesToBeInSet(column="dimension", value_set=family.dimensions),
        gxe.ExpectColumnValuesToBeInSet(column="unit", value_set=family.units),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=KPI_KEY),
    ]
    # Value ranges from the registry, one expectation per bounded KPI so that a failure names
    # it. Nulls (a rate whose denominator is 0) are not checked.
    for kpi in family.kpis:
        if kpi.min_value is not None or kpi.max_value is not None:
            checks.append(_value_between(kpi.kpi_id, kpi.min_value, kpi.max_value))
    return checks


def _value_between(kpi_id: str, low: float | None, high: float | None) -> gxe.Expectation:
    return gxe.ExpectColumnValuesToBeBetween(
        column="value", min_value=low, max_value=high, row_condition=Column("kpi_id") == kpi_id
    )


# --- core fact tables -------------------------------------------------------------------

REGIONS = ["NA", "EMEA", "APAC", "LATAM", "unknown"]
SEGMENTS = ["smb", "mid_market", "enterprise", "unknown"]
DEAL_TYPES = ["new_business", "upsell", "cross_sell", "renewal", "unknown"]
MRR_MOVEMENTS = ["new", "reactivation", "expansion", "contraction", "churn", "unchanged"]
ACTIVITY_STATUSES = ["completed", "scheduled", "cancelled", "no_show"]


def fct_deals_expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectTableRowCountToBeBetween(min_value=1),
        gxe.ExpectColumnValuesToNotBeNull(column="deal_id"),
        gxe.ExpectColumnValuesToBeUnique(column="deal_id"),
        gxe.ExpectColumnValuesToBeBetween(column="amount_reporting", min_value=0),
        gxe.ExpectColumnValuesToBeBetween(column="sales_cycle_days", min_value=0),
        gxe.ExpectColumnValuesToBeInSet(column="region", value_set=REGIONS),
        gxe.ExpectColumnValuesToBeInSet(column="segment", value_set=SEGMENTS),
        gxe.ExpectColumnValuesToBeInSet(column="deal_type", value_set=DEAL_TYPES),
    ]


def fct_account_mrr_monthly_expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToBeBetween(column="mrr", min_value=0),
        gxe.ExpectColumnValuesToBeInSet(column="movement_category", value_set=MRR_MOVEMENTS),
    ]


def fct_leads_expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="lead_id"),
        gxe.ExpectColumnValuesToBeUnique(column="lead_id"),
        gxe.ExpectColumnValuesToBeBetween(column="response_hours", min_value=0),
    ]


def fct_activities_expectations() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="activity_id"),
        gxe.ExpectColumnValuesToBeUnique(column="activity_id"),
        gxe.ExpectColumnValuesToBeInSet(column="status", value_set=ACTIVITY_STATUSES),
    ]


@dataclass(frozen=True)
class Family:
    """One expectation suite, validation definition and checkpoint, all named `name`."""

    name: str
    table: str
    expectations: Callable[[], list[gxe.Expectation]]
    # kpi_values families validate the rows of these KPIs only.
    kpi_ids: tuple[str, ...] = ()


FAMILIES = [
    *(
        Family(f"kpi_{kpi.name}", KPI_TABLE, partial(kpi_expectations, kpi), kpi.kpi_ids)
        for kpi in KPI_FAMILIES
    ),
    Family("fct_deals", "core.fct_deals", fct_deals_expectations),
    Family(
        "fct_account_mrr_monthly",
        "core.fct_account_mrr_monthly",
        fct_account_mrr_monthly_expectations,
    ),
    Family("fct_leads", "core.fct_leads", fct_leads_expectations),
    Family("fct_activities", "core.fct_activities", fct_activities_expectations),
]


# --- running ----------------------------------------------------------------------------


def run_checkpoint(duckdb_path: Path, gx_dir: Path = GX_DIR) -> int:
    """Validate the marts of duckdb_path: 0 when every family present passes, else non-zero."""
    started = time.monotonic()
    duckdb_path = Path(duckdb_path)
    if not duckdb_path.exists():
        print(f"salesdw gx: no DuckDB file at {duckdb_path}")
        return 2
    tables = read_tables(duckdb_path, sorted({family.table for family in FAMILIES}))

    context = _get_context(Path(gx_dir))
    datasource = _get_or_add_datasource(context)
    run_id = RunIdentifier(run_name=f"salesdw-gx-{duckdb_path.stem}", run_time=datetime.now(UTC))
    failures: list[str] = []
    validated = 0
    for family in FAMILIES:
        # Every suite is written, validated or not, so gx/ always matches this module.
        checkpoint = _checkpoint(context, datasource, family)
        frame = _family_rows(family, tables)
        if frame is None:
            continue
        result = checkpoint.run(batch_parameters={"dataframe": frame}, run_id=run_id)
        validated += 1
        failed = _failed_expectations(result)
        if not result.success and not failed:
            failed = ["the checkpoint failed"]
        status = "ok" if result.success else f"FAILED: {len(failed)} expectation(s)"
        print(f"  {family.name:<26} {family.table:<30} {len(frame):>8,} rows  {status}")
        failures += [f"{family.table} [{family.name}]: {line}" for line in failed]
    _note_uncovered_kpis(tables.get(KPI_TABLE))

    docs = Path(gx_dir) / DOCS_SITE_CONFIG["store_backend"]["base_directory"] / "index.html"
    print(f"GX: {validated} checkpoints in {time.monotonic() - started:.1f} s")
    print(f"Data docs: {docs.resolve()}")
    if failures:
        print("GX expectations failed:")
        for line in failures:
            print(f"  {line}")
        return 1
    if validated == 0:
        print("salesdw gx: nothing to validate (are the marts built?)")
        return 1
    return 0


def read_tables(duckdb_path: Path, tables: list[str]) -> dict[str, pd.DataFrame]:
    """The tables that exist in the file, as DataFrames; the file is closed again at once."""
    con = _connect_read_only(duckdb_path)
    try:
        existing = {
            f"{schema}.{name}"
            for schema, name in con.execute(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
        }
        return {table: con.execute(f"select * from {table}").df() for table in tables if table in existing}
    finally:
        con.close()


def _connect_read_only(duckdb_path: Path, attempts: int = 30) -> duckdb.DuckDBPyConnection:
    """Open read-only; while another process holds the write lock (a dbt build), wait."""
    for _ in range(attempts - 1):
        try:
            return duckdb.connect(str(duckdb_path), read_only=True)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            print(f"salesdw gx: {duckdb_path} is locked by another process, waiting ...")
            time.sleep(2)
    return duckdb.connect(str(duckdb_path), read_only=True)


def _family_rows(family: Family, tables: dict[str, pd.DataFrame]) -> pd.DataFrame | None:
    """The family's DataFrame, or None (with a note) while its table or KPI rows are absent."""
    frame = tables.get(family.table)
    if frame is None:
        print(f"  {family.name:<26} skipped: {family.table} does not exist (not built yet)")
        return None
    if not family.kpi_ids:
        return frame
    rows = frame[frame["kpi_id"].isin(family.kpi_ids)].reset_index(drop=True)
    if rows.empty:
        print(f"  {family.name:<26} skipped: none of its KPIs is in {family.table} (not built yet)")
        return None
    return rows


def _note_uncovered_kpis(kpi_values: pd.DataFrame | None) -> None:
    if kpi_values is None:
        return
    covered = {kpi_id for family in FAMILIES for kpi_id in family.kpi_ids}
    others = sorted(set(kpi_values["kpi_id"].dropna()) - covered)
    if others:
        print(f"  note: KPIs in {KPI_TABLE} that no GX family checks: {', '.join(others)}")


def _get_context(gx_dir: Path):
    """The file context in gx_dir, with the docs site and settings this module expects."""
    context = gx.get_context(mode="file", project_root_dir=gx_dir.parent)
    settings = context.variables
    if (
        settings.data_docs_sites != {DOCS_SITE: DOCS_SITE_CONFIG}
        or settings.progress_bars != NO_PROGRESS_BARS
        or settings.analytics_enabled is not False
    ):
        settings.data_docs_sites = {DOCS_SITE: DOCS_SITE_CONFIG}
        settings.progress_bars = NO_PROGRESS_BARS
        settings.analytics_enabled = False
        settings.save()
    return context


def _get_or_add_datasource(context):
    """The pandas datasource, reused when it exists so that gx/great_expectations.yml and the
    validation definitions keep their ids from run to run."""
    try:
        return context.data_sources.get(DATASOURCE)
    except KeyError:
        return context.data_sources.add_pandas(DATASOURCE)


def _checkpoint(context, datasource, family: Family) -> gx.Checkpoint:
    """Write the family's suite, validation definition and checkpoint (add or update)."""
    try:
        asset = datasource.get_asset(family.name)
    except LookupError:
        asset = datasource.add_dataframe_asset(family.name)
    try:
        batch_definition = asset.get_batch_definition(family.name)
    except KeyError:
        batch_definition = asset.add_batch_definition_whole_dataframe(family.name)

    suite = gx.ExpectationSuite(name=family.name, expectations=family.expectations())
    _keep_expectation_ids(context, suite)
    validation = gx.ValidationDefinition(name=family.name, data=batch_definition, suite=suite)
    checkpoint = gx.Checkpoint(
        name=family.name,
        validation_definitions=[validation],
        actions=[UpdateDataDocsAction(name="update_data_docs", site_names=[DOCS_SITE])],
    )
    return context.checkpoints.add_or_update(checkpoint)


def _keep_expectation_ids(context, suite: gx.ExpectationSuite) -> None:
    """Give unchanged expectations the id they already have in gx/expectations/*.json.

    suites.add_or_update is documented to do this, but in GX 1.24 it compares expectations
    including their id (None on a freshly built one), so without this every run would write
    new ids and dirty the committed JSON.
    """
    try:
        existing = context.suites.get(suite.name)
    except DataContextError:
        return
    ids = {_expectation_key(expectation): expectation.id for expectation in existing.expectations}
    for expectation in suite.expectations:
        expectation.id = ids.get(_expectation_key(expectation))


def _expectation_key(expectation: gxe.Expectation) -> str:
    config = expectation.configuration
    return json.dumps([config.type, config.kwargs], sort_keys=True, default=str)


def _failed_expectations(result) -> list[str]:
    """One line per failed expectation: what was expected and what was found."""
    lines = []
    for validation in result.run_results.values():
        for outcome in validation.results:
            if not outcome.success:
                lines.append(f"{_describe(outcome.expectation_config)} -> {_found(outcome)}")
    return lines


def _describe(config) -> str:
    kwargs = {k: v for k, v in config.kwargs.items() if k != "batch_id" and v is not None}
    condition = kwargs.pop("row_condition", None)
    text = f"{config.type}({', '.join(f'{k}={v}' for k, v in kwargs.items())})"
    if isinstance(condition, dict) and "operator" in condition:  # Column("kpi_id") == "x"
        column, operator = condition["column"]["name"], condition["operator"]
        text += f" where {column} {operator} {condition['parameter']!r}"
    elif condition:
        text += f" where {condition}"
    return text


def _found(outcome) -> str:
    # exception_info is either one {"raised_exception": ...} dict or one such dict per metric.
    info = outcome.exception_info or {}
    errors = [info] if "raised_exception" in info else list(info.values())
    messages = sorted({e["exception_message"] for e in errors if e.get("raised_exception")})
    if messages:
        return "error: " + "; ".join(messages)
    details = outcome.result or {}
    if "unexpected_count" in details:
        sample = details.get("partial_unexpected_list") or []
        return f"{details['unexpected_count']} unexpected, e.g. {sample[:3]}"
    return f"observed {details.get('observed_value')}"
