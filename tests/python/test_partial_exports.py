"""Partial exports build green and agree with the oracle.

Real exports cover part of the contract: a billing export has subscriptions only, a CRM export
may have deals but no leads, activities or subscriptions. Each shape is derived from a freshly
generated dataset (salesdw.partial), built once (load + dbt build with every data test at its
severity: an error fails the build) and compared row by row with the independent oracle: the
KPIs without records have no rows on either side, the others agree.
"""

from __future__ import annotations

import subprocess

import duckdb
import pandas as pd
import pytest

from salesdw.contract import load_contract
from salesdw.generate import generate
from salesdw.headline import headline_table
from salesdw.partial import SHAPES, partial_export
from salesdw.summary import empty_required_tables

from .conftest import BIN, PROJECT_DIR, build_warehouse, dbt_env, query, query_df, run_dbt
from .test_oracle import FAMILIES, compare

SEED, AS_OF, SCALE = 7, "2026-03-31", 0.2

# KPIs each shape must have (its own records) and must not have (no records at all).
EXPECTED = {
    "billing_subscriptions": (
        {"mrr", "arr", "paying_customers", "customer_churn_rate", "net_revenue_retention"},
        {
            "won_revenue",
            "pipeline_value",
            "new_leads",
            "activities_completed",
            "sales_forecast",
            "nps",
            "cac",
        },
    ),
    "crm_deals_only": (
        {"won_revenue", "win_rate", "pipeline_value", "sales_forecast", "quota_attainment", "nps"},
        {
            "new_leads",
            "lead_to_customer_rate",
            "activities_completed",
            "mrr",
            "arpa",
            "leads_by_status_share",
        },
    ),
}


@pytest.fixture(scope="module")
def complete_export(tmp_path_factory):
    raw = tmp_path_factory.mktemp("complete") / "raw"
    generate(raw, seed=SEED, as_of=AS_OF, scale=SCALE)
    return raw


@pytest.fixture(scope="module")
def partial(tmp_path_factory, complete_export):
    """shape -> (raw folder, built warehouse), each shape cut and built once (a failed build
    too: every test of that shape then fails with its output)."""
    built = {}

    def get(shape: str):
        if shape not in built:
            work = tmp_path_factory.mktemp(shape)
            raw = work / "raw"
            partial_export(complete_export, raw, shape)
            try:
                built[shape] = (raw, build_warehouse(raw, AS_OF, work / "w.duckdb", work))
            except AssertionError as failure:
                built[shape] = f"the {shape} export does not build green:\n{failure}"
        if isinstance(built[shape], str):
            pytest.fail(built[shape])
        return built[shape]

    return get


def test_billing_shape_keeps_subscriptions_only(complete_export, tmp_path):
    written = partial_export(complete_export, tmp_path, "billing_subscriptions")
    contract = load_contract()
    for table, rows in written.items():
        if table in SHAPES["billing_subscriptions"].keep:
            assert rows > 0, table
        elif contract[table].required:
            assert rows == 0 and (tmp_path / f"{table}.csv").read_text().count("\n") == 1, table
        else:
            assert rows is None and not list(tmp_path.glob(f"{table}.*")), table


def test_crm_shape_has_no_leads_activities_or_subscriptions(complete_export, tmp_path):
    written = partial_export(complete_export, tmp_path, "crm_deals_only")
    assert written["leads"] == written["activities"] == 0
    assert written["subscription_periods"] is None
    assert not (tmp_path / "subscription_periods.csv").exists()
    assert all(
        rows > 0
        for table, rows in written.items()
        if table not in ("leads", "activities", "subscription_periods")
    )


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_builds_green_with_every_data_test(partial, shape):
    _, duckdb_path = partial(shape)  # build_warehouse asserts that dbt build succeeded
    assert query(duckdb_path, "select count(*) from marts.kpi_values")[0][0] > 0


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_kpis_with_and_without_records(partial, shape):
    _, duckdb_path = partial(shape)
    built = {kpi for (kpi,) in query(duckdb_path, "select distinct kpi_id from marts.kpi_values")}
    present, absent = EXPECTED[shape]
    assert sorted(present - built) == []
    assert sorted(absent & built) == []


@pytest.mark.parametrize("family", sorted(FAMILIES))
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_matches_the_oracle(partial, shape, family):
    raw, duckdb_path = partial(shape)
    family_kpis, compute = FAMILIES[family]
    oracle = compute(raw, AS_OF)
    warehouse = query_df(duckdb_path, "select * from marts.kpi_values")
    in_oracle = set(oracle["kpi_id"]) & set(family_kpis)
    in_warehouse = set(warehouse["kpi_id"]) & set(family_kpis)
    assert sorted(in_oracle ^ in_warehouse) == [], "KPIs with rows on one side only"
    if in_oracle:
        compare(sorted(in_oracle), oracle, warehouse, require_values=False)


def test_billing_headline_shows_mrr_up_to_the_as_of_month(partial):
    _, duckdb_path = partial("billing_subscriptions")
    con = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        table = headline_table(con)
    finally:
        con.close()
    assert f"as of {AS_OF}" in table and "up to February 2026" in table
    mrr = next(line for line in table.splitlines() if line.startswith("MRR "))
    assert "Feb 2026" in mrr and "n/a" not in mrr
    for month in pd.date_range("2026-03-01", periods=4, freq="MS"):
        assert f"{month:%b %Y}" not in table  # neither the as-of month nor a forecast month


@pytest.mark.parametrize(
    ("shape", "empty"),
    [
        ("billing_subscriptions", [t.name for t in load_contract().values() if t.required]),
        ("crm_deals_only", ["leads", "activities"]),
    ],
)
def test_summary_names_the_empty_required_tables(partial, shape, empty):
    _, duckdb_path = partial(shape)
    con = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        lines = empty_required_tables(con)
    finally:
        con.close()
    assert [line.split(":")[0] for line in lines] == empty
    assert all(": 0 rows: " in line for line in lines)


def test_a_missing_rate_is_named_by_the_failing_test(complete_export, tmp_path):
    """The CRM shape without EUR rates: its marketing expenses in EUR cannot be converted and,
    without leads, their lead-funnel rows have neither leads nor spend. The failing error-level
    test says what the input lacks, in a column of its failing rows."""
    test_name = "mart_lead_funnel_monthly_row_has_leads_or_spend"
    raw = tmp_path / "raw"
    partial_export(complete_export, raw, "crm_deals_only")
    rates = (raw / "fx_rates.csv").read_text().splitlines(keepends=True)
    (raw / "fx_rates.csv").write_text("".join(line for line in rates if ",EUR," not in line))
    duckdb_path = tmp_path / "w.duckdb"
    env = dbt_env(duckdb_path, AS_OF)
    subprocess.run(
        [str(BIN / "salesdw"), "load", "--raw-dir", str(raw), "--duckdb", str(duckdb_path)],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        capture_output=True,
    )
    build = run_dbt(
        ["build", "--select", f"+{test_name}", "--indirect-selection", "empty", "--store-failures"],
        env,
        tmp_path,
    )
    assert build.returncode == 1 and f"Failure in test {test_name}" in build.stdout, build.stdout[-3000:]
    missing = query(duckdb_path, f"select distinct missing_input from dbt_test__audit.{test_name}")
    assert [text.split(":")[0] for (text,) in missing] == [
        "fx_rates has no rate to convert EUR into the reporting currency USD"
    ]
