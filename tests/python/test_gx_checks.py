"""salesdw gx: the Great Expectations checkpoints pass on good marts and fail on a broken value.

Runs on a small hand-made DuckDB file (only the columns the suites read), not on a built
warehouse, with its own copy of the committed GX config (gx/great_expectations.yml).
"""

from __future__ import annotations

import shutil

import duckdb
import pytest

from salesdw.gx_checks import GX_DIR, run_checkpoint

KPI_COLUMNS = (
    "kpi_id, grain, period_start, dimension, dimension_value, dimension_label, "
    "numerator, denominator, value, unit"
)
# Deals, subscription and NPS KPIs only: the other registry families are "not built yet" and skipped.
KPI_ROWS = """
    ('won_revenue', 'month', date '2026-07-01', 'overall', 'all', 'All', 1000.0, null, 1000.0, 'currency'),
    ('won_revenue', 'month', date '2026-08-01', 'overall', 'all', 'All', 0.0, null, 0.0, 'currency'),
    ('won_revenue', 'month', date '2026-08-01', 'region', 'EMEA', 'EMEA', 0.0, null, 0.0, 'currency'),
    ('deals_won', 'quarter', date '2026-07-01', 'rep', 'U-1', 'Ann Lee', 2.0, null, 2.0, 'count'),
    ('win_rate', 'month', date '2026-07-01', 'overall', 'all', 'All', 1.0, 2.0, 0.5, 'ratio'),
    ('win_rate', 'month', date '2026-08-01', 'overall', 'all', 'All', 0.0, 0.0, null, 'ratio'),
    ('sales_cycle_days', 'year', date '2026-01-01', 'team', 'T01', 'NA Sales', 30.5, 1.0, 30.5, 'days'),
    ('pipeline_value', 'snapshot', date '2026-09-15', 'stage', 'Demo', 'Demo', 500.0, null, 500.0, 'currency'),
    ('sales_velocity', 'month', date '2026-07-01', 'overall', 'all', 'All', null, null, 16.4, 'currency_per_day'),
    ('mrr', 'month', date '2026-08-01', 'overall', 'all', 'All', 900.0, null, 900.0, 'currency'),
    ('customer_churn_rate', 'month', date '2026-08-01', 'segment', 'smb', 'SMB', 1.0, 10.0, 0.1, 'ratio'),
    ('net_revenue_retention', 'month', date '2026-08-01', 'overall', 'all', 'All', 1.2, 1.0, 1.2, 'ratio'),
    ('nps', 'month', date '2026-08-01', 'overall', 'all', 'All', -3.0, 4.0, -75.0, 'score')
"""


def make_warehouse(path):
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute("create schema core")
    con.execute(f"create table marts.kpi_values as select * from (values {KPI_ROWS}) t({KPI_COLUMNS})")
    con.execute("""
        create table core.fct_deals as select * from (values
            ('D-1', 1000.0, 12.5, 'EMEA', 'smb', 'new_business'),
            ('D-2', null, null, 'unknown', 'unknown', 'renewal'),
            ('D-3', 0.0, 0.0, 'NA', 'enterprise', 'upsell')
        ) t(deal_id, amount_reporting, sales_cycle_days, region, segment, deal_type)
    """)
    con.execute("""
        create table core.fct_account_mrr_monthly as select * from (values
            (100.0, 'new'), (0.0, 'churn'), (150.0, 'expansion')
        ) t(mrr, movement_category)
    """)
    con.execute("""
        create table core.fct_leads as select * from (values
            ('L-1', 2.5), ('L-2', null)
        ) t(lead_id, response_hours)
    """)
    con.execute("""
        create table core.fct_activities as select * from (values
            ('A-1', 'completed'), ('A-2', 'no_show')
        ) t(activity_id, status)
    """)
    con.close()
    return path


@pytest.fixture
def warehouse(tmp_path):
    return make_warehouse(tmp_path / "w.duckdb")


@pytest.fixture
def gx_dir(tmp_path):
    """A GX context of its own, started from the committed config."""
    directory = tmp_path / "gx"
    directory.mkdir()
    shutil.copy(GX_DIR / "great_expectations.yml", directory)
    return directory


def break_it(path, sql):
    con = duckdb.connect(str(path))
    con.execute(sql)
    con.close()


def test_good_marts_pass_and_absent_families_are_skipped(warehouse, gx_dir, capsys):
    assert run_checkpoint(warehouse, gx_dir=gx_dir) == 0
    out = capsys.readouterr().out
    assert "kpi_leads_marketing" in out and "skipped" in out
    assert "kpi_deals_pipeline" in out and "FAILED" not in out
    # Suites are written for every family, built or not; the docs land beside gx/.
    assert {p.stem for p in (gx_dir / "expectations").glob("*.json")} >= {
        "kpi_deals_pipeline",
        "kpi_leads_marketing",
        "kpi_activities_team",
        "kpi_subscriptions",
        "kpi_voice_of_customer",
        "kpi_market",
        "fct_deals",
    }
    assert (gx_dir.parent / "target" / "gx_docs" / "index.html").exists()


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (
            "update marts.kpi_values set value = 1.5 where kpi_id = 'win_rate' and value = 0.5",
            "where kpi_id == 'win_rate' -> 1 unexpected, e.g. [1.5]",
        ),
        (
            "insert into marts.kpi_values select * from marts.kpi_values where kpi_id = 'mrr'",
            "marts.kpi_values [kpi_subscriptions]: expect_compound_columns_to_be_unique",
        ),
        (
            "update marts.kpi_values set value = 120 where kpi_id = 'nps'",
            "where kpi_id == 'nps' -> 1 unexpected",
        ),
        (
            "update core.fct_deals set deal_id = 'D-1' where deal_id = 'D-3'",
            "core.fct_deals [fct_deals]: expect_column_values_to_be_unique(column=deal_id)",
        ),
    ],
    ids=["win_rate_above_1", "duplicated_kpi_key", "nps_above_100", "duplicated_deal_id"],
)
def test_a_broken_value_fails_and_is_named(warehouse, gx_dir, capsys, breakage, expected):
    break_it(warehouse, breakage)
    assert run_checkpoint(warehouse, gx_dir=gx_dir) != 0
    assert expected in capsys.readouterr().out


def test_nothing_built_is_an_error(tmp_path, gx_dir, capsys):
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    assert run_checkpoint(empty, gx_dir=gx_dir) != 0
    assert "nothing to validate" in capsys.readouterr().out
