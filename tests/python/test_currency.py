"""Reporting in a currency other than the fx_rates' base: every converted record is the USD
amount times the USD-to-EUR cross rate of its event date, computed here from the raw fx file
(not from the SQL); a reporting currency without rates stops the build before any model; an
amount without a rate is reported, never a silent 0."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from salesdw.summary import print_summary

from .conftest import BIN, PROJECT_DIR, SAMPLE_AS_OF, SAMPLE_DIR, build_warehouse, dbt_env, query_df, run_dbt

# (table, key, event date column, amount in the reporting currency) of every converted record.
CONVERTED = {
    "deals": (
        "select deal_id as record_id, amount_event_date as event_date, amount_reporting as amount"
        " from core.fct_deals"
    ),
    "deal_line_items": (
        "select line_items.line_item_id as record_id, deals.amount_event_date as event_date,"
        " line_items.net_amount_reporting as amount from core.fct_deal_line_items as line_items"
        " inner join core.fct_deals as deals on line_items.deal_id = deals.deal_id"
    ),
    "quotas": (
        "select quota_id as record_id, month_start_date as event_date,"
        " quota_amount_reporting as amount from core.fct_quotas"
    ),
    "expenses": (
        "select expense_id as record_id, expense_date as event_date, amount_reporting as amount"
        " from core.fct_expenses"
    ),
    "subscription_months": (
        "select subscription_month_id as record_id, snapshot_date as event_date,"
        " mrr_reporting as amount from intermediate.int_subscription_mrr_monthly"
    ),
}


@pytest.fixture(scope="module")
def eur_sample(tmp_path_factory) -> tuple[Path, Path]:
    """The sample built in EUR: (warehouse file, dbt target folder)."""
    work = tmp_path_factory.mktemp("eur")
    duckdb_path = build_warehouse(
        SAMPLE_DIR, SAMPLE_AS_OF, work / "w.duckdb", work, CRM_REPORTING_CURRENCY="EUR"
    )
    return duckdb_path, work / "target"


def usd_to_eur(event_dates: pd.Series) -> np.ndarray:
    """1 USD in EUR on each day: 1 / (USD per EUR) of the latest EUR rate_date <= the day,
    else the first EUR rate (the catalog's rule), read from the raw file."""
    fx = pd.read_csv(SAMPLE_DIR / "fx_rates.csv", dtype=str)
    eur = (
        fx[fx["currency"] == "EUR"]
        .assign(
            rate_date=lambda f: pd.to_datetime(f["rate_date"]),
            rate=lambda f: f["rate_to_reporting"].astype(float),
        )
        .sort_values("rate_date")
    )
    days = pd.to_datetime(event_dates).to_numpy()
    position = np.searchsorted(eur["rate_date"].to_numpy(), days, side="right") - 1
    return 1.0 / eur["rate"].to_numpy()[np.clip(position, 0, None)]


@pytest.mark.parametrize("table", sorted(CONVERTED))
def test_eur_amount_is_usd_amount_times_cross_rate(sample_warehouse, eur_sample, table):
    usd = query_df(sample_warehouse, CONVERTED[table])
    eur = query_df(eur_sample[0], CONVERTED[table])
    both = usd.merge(eur, on="record_id", suffixes=("_usd", "_eur"), validate="one_to_one")
    assert len(both) == len(usd) == len(eur) > 0
    assert (both["event_date_usd"] == both["event_date_eur"]).all()
    converted = both[both["amount_usd"].notna()]
    assert converted["amount_eur"].notna().all(), "an amount lost its conversion in EUR"
    expected = converted["amount_usd"].to_numpy() * usd_to_eur(converted["event_date_usd"])
    np.testing.assert_allclose(converted["amount_eur"].to_numpy(), expected, rtol=1e-9)


def test_eur_build_has_no_fx_warnings_and_nothing_unconverted(eur_sample):
    duckdb_path, target = eur_sample
    results = json.loads((target / "run_results.json").read_text())["results"]
    fx_problems = [
        r["unique_id"]
        for r in results
        if "fx_rate" in r["unique_id"] and r["status"] not in ("pass", "success")
    ]
    assert fx_problems == []
    assert query_df(duckdb_path, "select * from marts.dq_unconverted_amounts").empty


def test_reporting_currency_without_rates_stops_the_load(tmp_path):
    env = dbt_env(tmp_path / "w.duckdb", SAMPLE_AS_OF, CRM_REPORTING_CURRENCY="JPY")
    load = subprocess.run(
        [str(BIN / "salesdw"), "load", "--raw-dir", str(SAMPLE_DIR), "--duckdb", str(tmp_path / "w.duckdb")],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert load.returncode == 2
    assert str(SAMPLE_DIR / "fx_rates.csv") in load.stderr
    assert "reporting currency JPY" in load.stderr and "CRM_FX_BASE" in load.stderr
    assert "Traceback" not in load.stderr


def test_reporting_currency_without_rates_stops_dbt_before_any_model(sample_warehouse, tmp_path):
    """A dbt user whose raw tables were landed by another tool gets the same stop."""
    copy = tmp_path / "w.duckdb"
    shutil.copy(sample_warehouse, copy)
    run = run_dbt(
        ["run", "-s", "int_fx_rate_periods"],
        dbt_env(copy, SAMPLE_AS_OF, CRM_REPORTING_CURRENCY="JPY"),
        tmp_path,
    )
    assert run.returncode != 0
    assert "The reporting currency JPY" in run.stdout and "has no rate" in run.stdout
    assert "1 of 1 START" not in run.stdout


def test_summary_lists_amounts_without_a_rate(tmp_path, capsys):
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute(
        "create table marts.dq_unconverted_amounts as select 'expenses' as table_name, "
        "'JPY' as currency, 'EUR' as reporting_currency, 3 as row_count, 1500.0 as amount"
    )
    con.close()
    assert print_summary(path, tmp_path / "no_target") == 0
    out = capsys.readouterr().out
    assert "Amounts without an exchange rate to EUR" in out
    assert "expenses" in out and "JPY" in out and "3 rows" in out and "1,500.00" in out
