"""The project's consolidated generic test can fail: `column_values_valid`, one query per model,
names the column and rule a planted null, an out-of-range or unknown value, a repeated primary
key, a repeated alternate (natural) key, a row-level expression or an orphan foreign key
breaks; and it reads the model's column rules in one scan."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import duckdb

from .conftest import SAMPLE_AS_OF, dbt_env, run_dbt


def test_column_values_valid_fails_on_a_planted_null_and_a_repeated_alternate_key(sample_warehouse, tmp_path):
    """A null segment in dim_accounts and, in fct_deal_stage_transitions, a copy of a deal's first
    entry under a new surrogate key (the surrogate key stays unique, the natural key deal_id +
    entry_number does not) each make the model's one test fail, with one row naming the column
    or the key."""
    copy = _copy(sample_warehouse, tmp_path)
    con = duckdb.connect(str(copy))
    con.execute(
        "update core.dim_accounts set segment = null "
        "where account_id = (select min(account_id) from core.dim_accounts)"
    )
    deal_id = con.execute("select min(deal_id) from core.fct_deal_stage_transitions").fetchone()[0]
    con.execute(
        "insert into core.fct_deal_stage_transitions "
        "select * replace (stage_transition_id || ':copy' as stage_transition_id) "
        "from core.fct_deal_stage_transitions where deal_id = ? and entry_number = 1",
        [deal_id],
    )
    con.close()
    failing = _failing_tests(copy, ["dim_accounts", "fct_deal_stage_transitions"], tmp_path)
    assert any("column_values_valid_dim_accounts" in line for line in failing), failing
    assert any("column_values_valid_fct_deal_stage" in line for line in failing), failing
    accounts = _stored_failures(copy, "column_values_valid_dim_acc", order_by="column_name")
    transitions = _stored_failures(copy, "column_values_valid_fct_deal_s", order_by="column_name")
    assert accounts == [("segment", "not null", 1, None)]
    assert transitions == [("deal_id, entry_number", "unique alternate key", 2, f"{deal_id} | 1")]
    # The model is scanned once for all its column rules: the one row of counts is read once
    # (Spark inlines a CTE at every read, so a read per rule was a scan per rule).
    (compiled,) = (tmp_path / "target" / "compiled").rglob("column_values_valid_dim_acc*.sql")
    assert compiled.read_text().count("from broken_rules") == 1, compiled


def test_column_values_valid_fails_on_planted_values_and_names_column_and_rule(sample_warehouse, tmp_path):
    """One query per model checks every range and accepted-values rule: a negative budget and
    an unknown channel planted in dim_campaigns make it fail with one row per broken rule. A KPI
    mart's one test also holds its not-null columns and key: a null label and a repeated row
    planted in kpi_mrr are named as such."""
    copy = _copy(sample_warehouse, tmp_path)
    con = duckdb.connect(str(copy))
    first_row = "(select min(dimension_value) from marts.kpi_mrr where dimension = 'region')"
    con.execute(f"insert into marts.kpi_mrr select * from marts.kpi_mrr where dimension_value = {first_row}")
    con.execute(
        "update marts.kpi_mrr set dimension_label = null "
        "where dimension = 'overall' and grain = 'month' "
        "and period_start = (select min(period_start) from marts.kpi_mrr where grain = 'month')"
    )
    con.execute(
        "update core.dim_campaigns set budget = -5 "
        "where campaign_id = (select min(campaign_id) from core.dim_campaigns)"
    )
    con.execute(
        "update core.dim_campaigns set channel = 'carrier_pigeon' "
        "where campaign_id = (select max(campaign_id) from core.dim_campaigns)"
    )
    con.close()
    failing = _failing_tests(copy, ["dim_campaigns", "kpi_mrr"], tmp_path)
    assert any("column_values_valid_dim_campaigns" in line for line in failing), failing
    rows = _stored_failures(copy, "column_values_valid_dim_camp", order_by="column_name")
    kpi_rows = _stored_failures(copy, "column_values_valid_kpi_mrr", order_by="rule")
    con = duckdb.connect(str(copy), read_only=True)
    try:
        repeated = con.execute(
            f"select count(*), min(dimension_value) from marts.kpi_mrr where dimension_value = {first_row}"
        ).fetchone()
    finally:
        con.close()
    assert len(kpi_rows) == 2, kpi_rows
    assert kpi_rows[0] == ("dimension_label", "not null", 1, None), kpi_rows
    key, rule, rows_breaking, example = kpi_rows[1]
    assert (key, rule) == ("kpi_id, grain, period_start, dimension, dimension_value", "unique key")
    assert rows_breaking == repeated[0] and example.startswith("mrr | ") and repeated[1] in example
    assert rows[0][:3] == ("budget", "range 0..", 1) and float(rows[0][3]) == -5
    assert rows[1][0] == "channel" and rows[1][1].startswith("one of paid_ads, organic")
    assert rows[1][2:] == (1, "carrier_pigeon")


def _copy(sample_warehouse: Path, tmp_path: Path) -> Path:
    """A copy of the sample warehouse to plant faults in."""
    copy = tmp_path / "w.duckdb"
    shutil.copy(sample_warehouse, copy)
    return copy


def _failing_tests(warehouse: Path, models: list[str], tmp_path: Path) -> list[str]:
    """`dbt test --store-failures` of the models on the planted warehouse: it must fail; its
    FAIL lines."""
    run = run_dbt(["test", "-s", *models, "--store-failures"], dbt_env(warehouse, SAMPLE_AS_OF), tmp_path)
    assert run.returncode == 1, run.stdout[-3000:]
    return [line for line in run.stdout.splitlines() if "FAIL" in line]


def _stored_failures(warehouse: Path, test_prefix: str, order_by: str) -> list[tuple]:
    """The failure rows `--store-failures` kept in the warehouse for the one column_values_valid
    test whose table name starts with test_prefix."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        ((schema, table),) = con.execute(
            "select table_schema, table_name from information_schema.tables where table_name like ?",
            [test_prefix + "%"],
        ).fetchall()
        columns = "column_name, rule, rows_breaking, example_value"
        return con.execute(f'select {columns} from "{schema}"."{table}" order by {order_by}').fetchall()
    finally:
        con.close()


def test_column_values_valid_fails_on_a_broken_row_expression(sample_warehouse, tmp_path):
    """The models' row-level invariants are expressions of their one column_values_valid test
    (85 expression_is_true nodes before): a scorecard row that wins more deals than it closed,
    and a snapshot KPI row dated a day before the as-of day (an expression with jinja, rendered
    to the as-of day), are each named with the rule and the key of the row that breaks it."""
    copy = _copy(sample_warehouse, tmp_path)
    con = duckdb.connect(str(copy))
    rep_month_id = con.execute("select min(rep_month_id) from marts.mart_rep_scorecard_monthly").fetchone()[0]
    con.execute(
        "update marts.mart_rep_scorecard_monthly set deals_won = deals_closed + 1 where rep_month_id = ?",
        [rep_month_id],
    )
    snapshot = con.execute(
        "select kpi_id, dimension, dimension_value from marts.kpi_values where grain = 'snapshot' "
        "order by kpi_id, dimension, dimension_value limit 1"
    ).fetchone()
    con.execute(
        "update marts.kpi_values set period_start = period_start - interval 1 day "
        "where grain = 'snapshot' and kpi_id = ? and dimension = ? and dimension_value = ?",
        list(snapshot),
    )
    con.close()
    failing = _failing_tests(copy, ["mart_rep_scorecard_monthly", "kpi_values"], tmp_path)
    assert any("column_values_valid_kpi_values" in line for line in failing), failing
    scorecard = _stored_failures(copy, "column_values_valid_mart_rep_s_", order_by="column_name")
    kpi_values = _stored_failures(copy, "column_values_valid_kpi_values", order_by="column_name")
    assert scorecard == [("won_deals_are_closed_deals", "row expression", 1, rep_month_id)]
    (kpi_id, dimension, dimension_value) = snapshot
    day_before = (date.fromisoformat(SAMPLE_AS_OF) - timedelta(days=1)).isoformat()
    assert kpi_values == [
        (
            "snapshot_is_as_of_day",
            "row expression",
            1,
            f"{kpi_id} | snapshot | {day_before} | {dimension} | {dimension_value}",
        )
    ]


def test_column_values_valid_fails_on_an_orphan_foreign_key(sample_warehouse, tmp_path):
    """The error-level relationships of core, KPI and reporting models are foreign keys of the
    model's one test (40 relationships nodes before): a deal owned by a user and a team that
    are not in their dimensions is named once per column, with the model and field it should
    reference and the orphan value; the unknown member and nulls are not orphans."""
    copy = _copy(sample_warehouse, tmp_path)
    con = duckdb.connect(str(copy))
    first_deal, last_deal = con.execute("select min(deal_id), max(deal_id) from core.fct_deals").fetchone()
    con.execute("update core.fct_deals set owner_id = 'ghost_user' where deal_id = ?", [first_deal])
    con.execute(
        "update core.fct_deals set team_id = 'ghost_team' where deal_id in (?, ?)", [first_deal, last_deal]
    )
    first_user = "(select min(user_id) from core.dim_users)"
    con.execute(f"update core.dim_users set team_id = 'unknown' where user_id = {first_user}")
    con.close()
    failing = _failing_tests(copy, ["fct_deals", "dim_users"], tmp_path)
    assert any("column_values_valid_fct_deals" in line for line in failing), failing
    assert not any("column_values_valid_dim_users" in line for line in failing), failing
    deals = _stored_failures(copy, "column_values_valid_fct_deals", order_by="column_name")
    assert deals == [
        ("owner_id", "references dim_users.user_id", 1, "ghost_user"),
        ("team_id", "references dim_teams.team_id", 2, "ghost_team"),
    ]
