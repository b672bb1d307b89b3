"""The headline table printed by `make build`: latest complete month vs the month before."""
from __future__ import annotations

import re

import duckdb
import pytest

from salesdw.headline import headline_table

COLUMNS = "kpi_id, grain, period_start, dimension, dimension_value, value, unit"


def kpi_values(rows: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    con.execute("create schema marts")
    con.execute("""
        create table marts.kpi_values (
            kpi_id varchar, grain varchar, period_start date, dimension varchar,
            dimension_value varchar, value double, unit varchar
        )
    """)
    if rows.strip():
        con.execute(f"insert into marts.kpi_values select * from (values {rows}) t({COLUMNS})")
    return con


def cells(table: str, label: str) -> list[str]:
    """The cells of the row whose first column is label."""
    for line in table.splitlines():
        if line.startswith(label + "  "):
            return re.split(r"\s{2,}", line.strip())
    raise AssertionError(f"no row {label!r} in:\n{table}")


# As of 2026-09-15 (the snapshot rows): the latest complete month is August 2026.
ROWS = """
    ('pipeline_value', 'snapshot', date '2026-09-15', 'overall', 'all', 9000000.0, 'currency'),
    ('won_revenue', 'month', date '2026-09-01', 'overall', 'all', 5.0, 'currency'),
    ('won_revenue', 'month', date '2026-08-01', 'overall', 'all', 1234567.891, 'currency'),
    ('won_revenue', 'month', date '2026-07-01', 'overall', 'all', 1000000.0, 'currency'),
    ('won_revenue', 'month', date '2026-08-01', 'region', 'EMEA', 7.0, 'currency'),
    ('won_revenue', 'quarter', date '2026-07-01', 'overall', 'all', 8.0, 'currency'),
    ('win_rate', 'month', date '2026-08-01', 'overall', 'all', 0.25, 'ratio'),
    ('win_rate', 'month', date '2026-07-01', 'overall', 'all', 0.2, 'ratio'),
    ('avg_deal_size', 'month', date '2026-08-01', 'overall', 'all', 40000.0, 'currency'),
    ('avg_deal_size', 'month', date '2026-07-01', 'overall', 'all', 50000.0, 'currency'),
    ('sales_cycle_days', 'month', date '2026-08-01', 'overall', 'all', 33.26, 'days'),
    ('sales_cycle_days', 'month', date '2026-07-01', 'overall', 'all', 35.2, 'days'),
    ('pipeline_value', 'month', date '2026-08-01', 'overall', 'all', 7751498.4, 'currency'),
    ('pipeline_value', 'month', date '2026-07-01', 'overall', 'all', 6857223.0, 'currency'),
    ('mrr', 'month', date '2026-08-01', 'overall', 'all', 941806.34, 'currency'),
    ('customer_churn_rate', 'month', date '2026-08-01', 'overall', 'all', null, 'ratio'),
    ('customer_churn_rate', 'month', date '2026-07-01', 'overall', 'all', 0.013, 'ratio'),
    ('nps', 'month', date '2026-08-01', 'overall', 'all', 40.0, 'score'),
    ('nps', 'month', date '2026-07-01', 'overall', 'all', 35.5, 'score')
"""


@pytest.fixture
def table() -> str:
    return headline_table(kpi_values(ROWS))


def test_latest_complete_month_beside_the_month_before(table):
    assert "August 2026" in table and "as of 2026-09-15" in table
    assert cells(table, "KPI") == ["KPI", "Aug 2026", "Jul 2026", "Change"]


def test_formats_by_unit(table):
    assert cells(table, "Won revenue") == ["Won revenue", "1,234,568", "1,000,000", "+234,568 (+23.5%)"]
    assert cells(table, "Win rate") == ["Win rate", "25.0%", "20.0%", "+5.0 pp"]
    assert cells(table, "Average deal size") == ["Average deal size", "40,000", "50,000", "-10,000 (-20.0%)"]
    assert cells(table, "Sales cycle (days)") == ["Sales cycle (days)", "33.3", "35.2", "-1.9"]
    assert cells(table, "Pipeline value") == ["Pipeline value", "7,751,498", "6,857,223", "+894,275 (+13.0%)"]
    assert cells(table, "NPS") == ["NPS", "40.0", "35.5", "+4.5"]


def test_missing_kpis_and_months_show_na(table):
    assert cells(table, "CAC") == ["CAC", "n/a", "n/a", "n/a"]  # not in kpi_values at all
    assert cells(table, "MRR") == ["MRR", "941,806", "n/a", "n/a"]  # no July row


def test_null_values_show_a_dash(table):
    # The row exists, the value is null (a rate with a denominator of 0).
    assert cells(table, "Customer churn rate") == ["Customer churn rate", "-", "1.3%", "-"]


def test_without_snapshot_rows_the_latest_month_is_the_as_of_month():
    con = kpi_values("""
        ('won_revenue', 'month', date '2026-03-01', 'overall', 'all', 10.0, 'currency'),
        ('won_revenue', 'month', date '2026-02-01', 'overall', 'all', 20.0, 'currency'),
        ('won_revenue', 'month', date '2026-01-01', 'overall', 'all', 40.0, 'currency'),
        ('win_rate', 'month', date '2025-12-01', 'overall', 'all', 0.5, 'ratio')
    """)
    table = headline_table(con)
    assert cells(table, "KPI") == ["KPI", "Feb 2026", "Jan 2026", "Change"]
    assert cells(table, "Won revenue") == ["Won revenue", "20", "40", "-20 (-50.0%)"]
    assert cells(table, "Win rate") == ["Win rate", "n/a", "n/a", "n/a"]


def test_year_boundary():
    con = kpi_values("""
        ('pipeline_value', 'snapshot', date '2026-01-10', 'overall', 'all', 1.0, 'currency'),
        ('won_revenue', 'month', date '2025-12-01', 'overall', 'all', 1.0, 'currency'),
        ('won_revenue', 'month', date '2025-11-01', 'overall', 'all', 0.0, 'currency')
    """)
    table = headline_table(con)
    assert cells(table, "KPI") == ["KPI", "Dec 2025", "Nov 2025", "Change"]
    assert cells(table, "Won revenue") == ["Won revenue", "1", "0", "+1"]


def test_empty_kpi_values():
    assert "no monthly rows" in headline_table(kpi_values(""))
