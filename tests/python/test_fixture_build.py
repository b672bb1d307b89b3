"""Build the hand-made fixture through CRM_RAW_DIR-style loading and check facts computed by
hand (see fixtures.py for the data), row reconciliation, quarantine and the as-of rules."""

from __future__ import annotations

import csv
import io

import pytest

from .conftest import build_warehouse, query
from .fixtures import AS_OF, TABLES, write_fixture


@pytest.fixture(scope="module")
def fixture_warehouse(tmp_path_factory):
    work = tmp_path_factory.mktemp("fixture")
    raw = write_fixture(work / "raw")
    return build_warehouse(raw, AS_OF, work / "w.duckdb", work)


def rows_in_file(table: str) -> int:
    return sum(1 for _ in csv.DictReader(io.StringIO(TABLES[table])))


@pytest.mark.parametrize("table", sorted(TABLES))
def test_rows_read_equal_rows_staged_plus_quarantined(fixture_warehouse, table):
    staged = query(fixture_warehouse, f"select count(*) from staging.stg_crm__{table}")[0][0]
    superseded = query(
        fixture_warehouse,
        f"select count(*) from staging.base_crm__{table} "
        "where quarantine_reason is null and not is_current_version",
    )[0][0]
    quarantined = query(
        fixture_warehouse,
        f"select count(*) from quarantine.quarantine_crm_rows where table_name = '{table}'",
    )[0][0]
    assert rows_in_file(table) == staged + superseded + quarantined


def test_quarantine_reasons(fixture_warehouse):
    reasons = dict(
        ((table, key), reason)
        for table, key, reason in query(
            fixture_warehouse,
            "select table_name, record_key, quarantine_reason from quarantine.quarantine_crm_rows "
            "where record_key is not null",
        )
    )
    assert reasons[("users", "u3")] == "end before start: terminated_date < hired_date"
    assert reasons[("leads", "l2")] == "value outside allowed set: lead_source"
    assert reasons[("leads", "l3")] == "unparseable timestamp: created_at"
    assert reasons[("deals", "d4")] == "negative amount: amount"
    assert reasons[("deals", "d5")] == "conflicting versions with the same key and updated_at"
    broken = query(
        fixture_warehouse,
        "select count(*) from quarantine.quarantine_crm_rows "
        "where table_name = 'activities' and quarantine_reason like 'unparseable CSV line%'",
    )[0][0]
    assert broken == 1


def test_quarantined_rows_keep_their_raw_values(fixture_warehouse):
    """raw_row: the trimmed raw values as `column=value` pairs in the raw file's column order (an
    empty value shows as nothing), for a row broken on its own (l3, an incremental table) and
    for both rows of a conflicting key (d5, valid each on its own)."""
    raw_rows = dict(
        ((table, source_row_number), raw_row)
        for table, source_row_number, raw_row in query(
            fixture_warehouse,
            "select table_name, source_row_number, raw_row from quarantine.quarantine_crm_rows "
            "where table_name in ('leads', 'deals')",
        )
    )
    assert raw_rows[("leads", 3)] == (
        "lead_id=l3 | created_at=yesterday | lead_source=organic | campaign_id= | owner_id=u2 | "
        "company_name=Y | email=y@y.com | country=DE | region=EMEA | status=new | mql_at= | sql_at= | "
        "converted_at= | converted_account_id= | converted_deal_id= | is_deleted=false | "
        "updated_at=2024-02-10T00:00:00Z"
    )
    conflicting = (
        "deal_id=d5 | deal_name={name} | account_id=a1 | owner_id=u1 | lead_id= | pipeline=default | "
        "deal_type=upsell | stage=demo | amount={amount} | currency=USD | created_at=2024-03-05T00:00:00Z | "
        "expected_close_date= | closed_at= | is_closed=false | is_won=false | lost_reason= | competitor= | "
        "is_deleted=false | updated_at=2024-03-05T00:00:00Z"
    )
    assert raw_rows[("deals", 5)] == conflicting.format(name="Conf", amount="5")
    assert raw_rows[("deals", 6)] == conflicting.format(name="Conf2", amount="6")


def test_deal_facts(fixture_warehouse):
    deals = {
        row[0]: row[1:]
        for row in query(
            fixture_warehouse,
            "select deal_id, owner_id, team_id, region, segment, amount_reporting, is_won, is_lost, "
            "is_open, round(sales_cycle_days, 6), closed_at is null from core.fct_deals",
        )
    }
    assert sorted(deals) == ["d1", "d2", "d3", "d6", "d7"]
    # d1: won in USD; (2024-03-01 12:00 - 2024-02-04 00:00) = 26.5 days
    assert deals["d1"] == ("u1", "t1", "NA", "smb", 1000.0, True, False, False, 26.5, False)
    # d2: lost, EUR at the close date 2024-03-10 -> rate of 2024-03-01 = 1.2; latest account version
    assert deals["d2"][2:8] == ("EMEA", "enterprise", pytest.approx(2400.0), False, True, False)
    # d3: orphan owner and deleted account -> unknown; open, EUR at as_of -> 1.2
    assert deals["d3"][:6] == ("unknown", "unknown", "unknown", "unknown", pytest.approx(600.0), False)
    # d6: closed 2024-01-15, before the first EUR rate (2024-02-01) -> the first rate 1.1
    assert deals["d6"][4] == pytest.approx(110.0)
    # d7: closed after as_of -> open at as_of, no close
    assert deals["d7"][5:8] == (False, False, True) and deals["d7"][9] is True


def test_stage_transitions(fixture_warehouse):
    rows = {
        (deal, number): rest
        for deal, number, *rest in query(
            fixture_warehouse,
            "select deal_id, entry_number, from_stage_name, to_stage_name, is_skip, is_regression, "
            "days_in_stage from core.fct_deal_stage_transitions",
        )
    }
    assert rows[("d1", 1)] == [None, "prospecting", False, False, 6.0]
    assert rows[("d1", 2)][:4] == ["prospecting", "negotiation", True, False]
    assert rows[("d2", 3)][:4] == ["demo", "prospecting", False, True]
    assert rows[("d1", 3)][4] is None  # still in closed_won: no exit


def test_mrr_movements(fixture_warehouse):
    rows = query(
        fixture_warehouse,
        "select account_id, cast(month_start_date as varchar), round(mrr, 6), movement_category "
        "from core.fct_account_mrr_monthly order by 1, 2",
    )
    assert rows == [
        ("a1", "2024-03-01", 100.0, "new"),
        ("a1", "2024-04-01", 100.0, "unchanged"),
        ("a1", "2024-05-01", 150.0, "expansion"),
        ("a1", "2024-06-01", 150.0, "unchanged"),
        # 50 EUR at the 2024-03-31 snapshot (rate 1.2); ended 2024-04-10; back on 2024-06-01
        ("a2", "2024-03-01", 60.0, "new"),
        ("a2", "2024-04-01", 0.0, "churn"),
        ("a2", "2024-06-01", 60.0, "reactivation"),
    ]


def test_leads_and_accounts(fixture_warehouse):
    leads = query(
        fixture_warehouse,
        "select lead_id, response_hours, is_converted_to_won_deal, has_positive_reply from core.fct_leads",
    )
    assert leads == [("l1", 2.0, True, True)]
    accounts = dict(query(fixture_warehouse, "select account_id, first_won_deal_id from core.dim_accounts"))
    assert "a3" not in accounts  # deleted
    assert accounts["a1"] == "d1" and accounts["a2"] == "d6" and accounts["unknown"] is None


def test_pii_is_masked_in_core(fixture_warehouse):
    columns = query(
        fixture_warehouse,
        "select table_name, column_name from information_schema.columns "
        "where table_schema in ('core', 'marts') and column_name in ('email', 'phone', 'first_name', "
        "'last_name', 'comment')",
    )
    assert columns == []
    emails = query(fixture_warehouse, "select email_hash from core.dim_users where user_id = 'u1'")
    assert emails[0][0] and "@" not in emails[0][0]


def test_kpis_on_the_fixture(fixture_warehouse):
    values = dict(
        ((kpi, grain, period, dim, member), value)
        for kpi, grain, period, dim, member, value in query(
            fixture_warehouse,
            "select kpi_id, grain, cast(period_start as varchar), dimension, dimension_value, value "
            "from marts.kpi_values",
        )
    )
    assert values[("win_rate", "month", "2024-03-01", "overall", "all")] == 0.5
    assert values[("won_revenue", "month", "2024-01-01", "overall", "all")] == pytest.approx(110.0)
    assert values[("won_revenue", "month", "2024-02-01", "overall", "all")] == 0.0
    assert values[("pipeline_value", "snapshot", AS_OF, "overall", "all")] == pytest.approx(900.0)
    assert values[("pipeline_value", "snapshot", AS_OF, "rep", "unknown")] == pytest.approx(600.0)
