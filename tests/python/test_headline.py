"""The headline table printed by `make build`: each KPI in its latest complete month with a
value, beside the month before."""

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
    assert "as of 2026-09-15" in table and "up to August 2026" in table
    assert cells(table, "KPI") == ["KPI", "Month", "Value", "Month before", "Change"]
    assert cells(table, "Won revenue")[:2] == ["Won revenue", "Aug 2026"]  # not the as-of month


def test_formats_by_unit(table):
    assert cells(table, "Won revenue") == [
        "Won revenue",
        "Aug 2026",
        "1,234,568",
        "1,000,000",
        "+234,568 (+23.5%)",
    ]
    assert cells(table, "Win rate") == ["Win rate", "Aug 2026", "25.0%", "20.0%", "+5.0 pp"]
    assert cells(table, "Average deal size") == [
        "Average deal size",
        "Aug 2026",
        "40,000",
        "50,000",
        "-10,000 (-20.0%)",
    ]
    assert cells(table, "Sales cycle (days)") == ["Sales cycle (days)", "Aug 2026", "33.3", "35.2", "-1.9"]
    assert cells(table, "Pipeline value") == [
        "Pipeline value",
        "Aug 2026",
        "7,751,498",
        "6,857,223",
        "+894,275 (+13.0%)",
    ]
    assert cells(table, "NPS") == ["NPS", "Aug 2026", "40.0", "35.5", "+4.5"]


def test_missing_kpis_and_months_show_na(table):
    assert cells(table, "CAC") == ["CAC", "n/a", "n/a", "n/a", "n/a"]  # not in kpi_values at all
    assert cells(table, "MRR") == ["MRR", "Aug 2026", "941,806", "n/a", "n/a"]  # no July row


def test_a_null_latest_month_falls_back_to_the_latest_month_with_a_value(table):
    # August's churn rate is null (no paying customer in July): July is the latest value.
    assert cells(table, "Customer churn rate") == ["Customer churn rate", "Jul 2026", "1.3%", "n/a", "n/a"]


def test_nps_without_responses_in_the_latest_months_shows_its_latest_score():
    """The sample's NPS has no response in the latest two complete months (null values)."""
    con = kpi_values("""
        ('pipeline_value', 'snapshot', date '2026-09-15', 'overall', 'all', 1.0, 'currency'),
        ('nps', 'month', date '2026-09-01', 'overall', 'all', 10.0, 'score'),
        ('nps', 'month', date '2026-08-01', 'overall', 'all', null, 'score'),
        ('nps', 'month', date '2026-07-01', 'overall', 'all', null, 'score'),
        ('nps', 'month', date '2026-06-01', 'overall', 'all', 40.0, 'score'),
        ('nps', 'month', date '2026-05-01', 'overall', 'all', 35.5, 'score')
    """)
    assert cells(headline_table(con), "NPS") == ["NPS", "Jun 2026", "40.0", "35.5", "+4.5"]


def test_a_kpi_whose_rows_are_all_null_shows_its_latest_month_with_a_dash():
    con = kpi_values("""
        ('pipeline_value', 'snapshot', date '2026-09-15', 'overall', 'all', 1.0, 'currency'),
        ('win_rate', 'month', date '2026-08-01', 'overall', 'all', null, 'ratio'),
        ('win_rate', 'month', date '2026-07-01', 'overall', 'all', null, 'ratio')
    """)
    assert cells(headline_table(con), "Win rate") == ["Win rate", "Aug 2026", "-", "-", "-"]


# A subscriptions-only (billing) export as of 2026-03-31: no deals, so no snapshot rows;
# sales_forecast rows lie after the as-of month.
BILLING_ROWS = """
    ('mrr', 'month', date '2026-03-01', 'overall', 'all', 130.0, 'currency'),
    ('mrr', 'month', date '2026-02-01', 'overall', 'all', 120.0, 'currency'),
    ('mrr', 'month', date '2026-01-01', 'overall', 'all', 100.0, 'currency'),
    ('customer_churn_rate', 'month', date '2026-03-01', 'overall', 'all', 0.1, 'ratio'),
    ('customer_churn_rate', 'month', date '2026-02-01', 'overall', 'all', 0.0, 'ratio'),
    ('customer_churn_rate', 'month', date '2026-01-01', 'overall', 'all', 0.05, 'ratio'),
    ('sales_forecast', 'month', date '2026-04-01', 'method', 'trend', null, 'currency'),
    ('sales_forecast', 'month', date '2026-05-01', 'method', 'trend', null, 'currency'),
    ('sales_forecast', 'month', date '2026-06-01', 'method', 'trend', null, 'currency')
"""


def test_subscriptions_only_export_shows_its_kpis_not_the_forecast_months():
    table = headline_table(kpi_values(BILLING_ROWS))
    assert "as of 2026-03-01" in table and "up to February 2026" in table
    assert cells(table, "MRR") == ["MRR", "Feb 2026", "120", "100", "+20 (+20.0%)"]
    assert cells(table, "Customer churn rate") == [
        "Customer churn rate",
        "Feb 2026",
        "0.0%",
        "5.0%",
        "-5.0 pp",
    ]
    assert cells(table, "Won revenue") == ["Won revenue", "n/a", "n/a", "n/a", "n/a"]
    for month in ("Apr 2026", "May 2026", "Jun 2026", "Mar 2026"):
        assert month not in table


def test_the_as_of_day_of_dim_dates_wins():
    """With the built warehouse's core.dim_dates the as-of day is known exactly, even
    without snapshot rows."""
    con = kpi_values(BILLING_ROWS)
    con.execute("create schema core")
    con.execute("""
        create table core.dim_dates as
        select cast(range as date) as date_day, cast(range as date) = date '2026-03-31' as is_as_of_date
        from range(date '2026-01-01', date '2027-04-01', interval 1 day)
    """)
    table = headline_table(con)
    assert "as of 2026-03-31" in table
    assert cells(table, "MRR") == ["MRR", "Feb 2026", "120", "100", "+20 (+20.0%)"]


def test_each_kpi_in_its_own_latest_month():
    con = kpi_values("""
        ('pipeline_value', 'snapshot', date '2026-09-15', 'overall', 'all', 1.0, 'currency'),
        ('won_revenue', 'month', date '2026-08-01', 'overall', 'all', 3.0, 'currency'),
        ('won_revenue', 'month', date '2026-07-01', 'overall', 'all', 2.0, 'currency'),
        ('mrr', 'month', date '2026-05-01', 'overall', 'all', 7.0, 'currency'),
        ('mrr', 'month', date '2026-04-01', 'overall', 'all', 5.0, 'currency')
    """)
    table = headline_table(con)
    assert cells(table, "Won revenue") == ["Won revenue", "Aug 2026", "3", "2", "+1 (+50.0%)"]
    assert cells(table, "MRR") == ["MRR", "May 2026", "7", "5", "+2 (+40.0%)"]


def test_without_snapshot_rows_the_latest_month_is_the_as_of_month():
    con = kpi_values("""
        ('won_revenue', 'month', date '2026-03-01', 'overall', 'all', 10.0, 'currency'),
        ('won_revenue', 'month', date '2026-02-01', 'overall', 'all', 20.0, 'currency'),
        ('won_revenue', 'month', date '2026-01-01', 'overall', 'all', 40.0, 'currency'),
        ('win_rate', 'month', date '2025-12-01', 'overall', 'all', 0.5, 'ratio')
    """)
    table = headline_table(con)
    assert "as of 2026-03-01" in table and "up to February 2026" in table
    assert cells(table, "Won revenue") == ["Won revenue", "Feb 2026", "20", "40", "-20 (-50.0%)"]
    assert cells(table, "Win rate") == ["Win rate", "Dec 2025", "50.0%", "n/a", "n/a"]


def test_year_boundary():
    con = kpi_values("""
        ('pipeline_value', 'snapshot', date '2026-01-10', 'overall', 'all', 1.0, 'currency'),
        ('won_revenue', 'month', date '2025-12-01', 'overall', 'all', 1.0, 'currency'),
        ('won_revenue', 'month', date '2025-11-01', 'overall', 'all', 0.0, 'currency')
    """)
    table = headline_table(con)
    assert "up to December 2025" in table
    assert cells(table, "Won revenue") == ["Won revenue", "Dec 2025", "1", "0", "+1"]


def test_empty_kpi_values():
    assert "no monthly rows" in headline_table(kpi_values(""))
