"""The dbt semantic layer (models/semantic/, MetricFlow) answers the same numbers as
marts.kpi_values: `mf query --metrics <kpi_id> --group-by metric_time__month,<entity>__<dimension>`
on the sample warehouse, compared row by row with the month rows of kpi_values.

mf reads `<project root>/target/semantic_manifest.json` (the project root is DBT_PROJECT_DIR, else
the working directory) and connects through the dbt profile. So that the test never touches
<checkout>/target, it parses the project into a temporary target and points mf at a temporary
"project root" holding only a copy of dbt_project.yml and that target. The manifest's relations
carry the DuckDB database name (the file's stem), so it is parsed with the warehouse's own
DUCKDB_PATH. mf opens the DuckDB file itself, for writing (dbt-duckdb's connection): so it gets
a copy of the sample warehouse in that root, never the file other test workers are reading.

MetricFlow returns only months that have records; kpi_values' overall series also has the empty
months between the KPI's first month and the as-of month (0 for counts and sums, null for rates).
Those filler rows are the only kpi_values rows allowed to be absent from mf's answer."""

from __future__ import annotations

import csv
import math
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from .conftest import BIN, PROJECT_DIR, SAMPLE_AS_OF, dbt_env, query

# One mf query per entity: the metrics, the kpi_values dimension and its MetricFlow group-by item.
# mf outer-joins the metrics of one query by month and member: a metric without records for a
# member in a month is empty there, exactly where kpi_values has no member row.
MEMBER_QUERIES = [
    (["win_rate"], "region", "deal__region"),  # the query, as is
    (["new_opportunities", "won_revenue", "avg_deal_size", "sales_cycle_days"], "segment", "deal__segment"),
    (["new_leads", "lead_to_customer_rate"], "campaign", "lead__campaign"),
    (["activities_completed"], "rep", "activity__rep"),
    (["mrr", "paying_customers"], "region", "account_month__region"),
]
OVERALL_METRICS = [
    "new_opportunities",
    "deals_won",
    "won_revenue",
    "win_rate",
    "avg_deal_size",
    "sales_cycle_days",
    "new_leads",
    "activities_completed",
    "mrr",
]
# deals_won is 0 (fill_nulls_with) in a month where another metric of the query has a row.
FILLED_WITH_ZERO = {"deals_won"}


def _env(duckdb_path: Path, root: Path) -> dict[str, str]:
    # DBT_PROJECT_DIR overrides the one `make` exports (the checkout): mf must read our target.
    return dbt_env(
        duckdb_path,
        SAMPLE_AS_OF,
        DBT_PROJECT_DIR=str(root),
        DBT_LOG_PATH=str(root / "logs"),
    )


@pytest.fixture(scope="module")
def mf_root(sample_warehouse, tmp_path_factory) -> Path:
    """A project root for mf: dbt_project.yml, a copy of the sample warehouse and
    target/semantic_manifest.json parsed for that copy."""
    root = tmp_path_factory.mktemp("mf_root")
    shutil.copy(PROJECT_DIR / "dbt_project.yml", root / "dbt_project.yml")
    shutil.copy(sample_warehouse, mf_warehouse(root))
    target = root / "target"
    target.mkdir()
    # Reuse the build's partial-parse state when it is next to the warehouse (dbt checks that it
    # is still valid and parses in full otherwise): saves ~20 s.
    built_state = sample_warehouse.parent / "target" / "partial_parse.msgpack"
    if built_state.exists():
        shutil.copy(built_state, target / "partial_parse.msgpack")
    parse = subprocess.run(
        [
            str(BIN / "dbt"),
            "parse",
            "--project-dir",
            str(PROJECT_DIR),
            "--target-path",
            str(target),
            "--log-path",
            str(root / "logs"),
        ],
        cwd=PROJECT_DIR,
        env=_env(mf_warehouse(root), root),
        capture_output=True,
        text=True,
    )
    assert parse.returncode == 0, parse.stdout[-4000:] + parse.stderr[-2000:]
    assert (target / "semantic_manifest.json").exists()
    return root


def mf_warehouse(root: Path) -> Path:
    return root / "warehouse.duckdb"


def mf_query(root: Path, metrics: list[str], group_by: list[str]) -> list[dict]:
    """Run the mf CLI and return its rows (CSV output: every value as text, '' = null)."""
    out = root / f"{'-'.join(metrics)}__{'-'.join(group_by)}.csv"
    run = subprocess.run(
        [
            str(BIN / "mf"),
            "query",
            "--metrics",
            ",".join(metrics),
            "--group-by",
            ",".join(group_by),
            "--csv",
            str(out),
            "--quiet",
        ],
        cwd=root,
        env=_env(mf_warehouse(root), root),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0 and out.exists(), run.stdout[-4000:] + run.stderr[-2000:]
    with out.open(newline="") as handle:
        return list(csv.DictReader(handle))


def month_of(cell: str) -> date:
    assert cell, "mf returned a row without metric_time"
    return date.fromisoformat(cell[:10])


def number(cell: str | None) -> float | None:
    return None if cell in (None, "") else float(cell)


def same(left: float | None, right: float | None) -> bool:
    if left is None or right is None:
        return left is None and right is None
    return math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-9)


def kpi_month_rows(sample_warehouse: Path, kpi_id: str, dimension: str) -> dict[tuple, float | None]:
    rows = query(
        sample_warehouse,
        "select period_start, dimension_value, value from marts.kpi_values "
        f"where kpi_id = '{kpi_id}' and grain = 'month' and dimension = '{dimension}'",
    )
    return {(period_start, member): value for period_start, member, value in rows}


def compare(
    duckdb_path: Path, metric: str, dimension: str, answer: list[dict], group_by: str | None
) -> list[tuple]:
    """(metric, dimension, (month, member), mf, kpi_values) wherever mf and kpi_values disagree."""
    expected = kpi_month_rows(duckdb_path, metric, dimension)
    assert len(expected) > 10, f"kpi_values has too few {metric} month rows by {dimension}"
    got: dict[tuple, float | None] = {}
    for row in answer:
        member = row[group_by] if group_by else "all"
        assert member, f"mf returned a row without a {dimension} member: {row}"
        key = (month_of(row["metric_time__month"]), member)
        assert key not in got, f"mf returned {key} twice"
        value = number(row[metric])
        if value is None or (value == 0 and key not in expected and metric in FILLED_WITH_ZERO):
            continue
        got[key] = value
    assert len(got) > 10, f"mf answered too few {metric} rows by {dimension}"
    problems = [
        (key, value, expected.get(key, "no row"))
        for key, value in sorted(got.items())
        if key not in expected or not same(value, expected[key])
    ]
    for key, value in sorted(expected.items()):
        # Members have a row exactly where they have records. The overall series also has the
        # months without records (0 or null) between the first month and the as-of month.
        if key not in got and not (dimension == "overall" and value in (None, 0)):
            problems.append((key, None, value))
    assert max(month for month, _ in expected) <= date.fromisoformat(SAMPLE_AS_OF)
    return [(metric, dimension) + problem for problem in problems]


@pytest.mark.parametrize(("metrics", "dimension", "group_by"), MEMBER_QUERIES)
def test_metrics_by_month_and_member_equal_kpi_values(
    sample_warehouse, mf_root, metrics, dimension, group_by
):
    answer = mf_query(mf_root, metrics, ["metric_time__month", group_by])
    problems = [
        problem
        for metric in metrics
        for problem in compare(sample_warehouse, metric, dimension, answer, group_by)
    ]
    assert problems == [], f"(metric, dimension, (month, member), mf, kpi_values) {problems[:10]}"


def test_overall_series_equal_kpi_values(sample_warehouse, mf_root):
    answer = mf_query(mf_root, OVERALL_METRICS, ["metric_time__month"])
    problems = [
        problem
        for metric in OVERALL_METRICS
        for problem in compare(sample_warehouse, metric, "overall", answer, None)
    ]
    assert problems == [], f"(metric, dimension, (month, member), mf, kpi_values) {problems[:10]}"
