"""What a BI tool reads cannot be misread: every table and column of the BI file carries its dbt
description (persist_docs, copied by salesdw/bi_file.py), periods say whether they are complete,
stages sort in funnel order and money names its currency. Checked on the sample build."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from salesdw.bi_file import write_bi_file

from .conftest import SAMPLE_AS_OF, query


@pytest.fixture(scope="module")
def bi_file(sample_warehouse, tmp_path_factory):
    target = tmp_path_factory.mktemp("bi") / "bi.duckdb"
    write_bi_file(sample_warehouse, target)
    return target


def test_every_table_and_column_of_the_bi_file_has_its_description(bi_file):
    con = duckdb.connect(str(bi_file), read_only=True)
    try:
        tables = con.execute(
            "select schema_name || '.' || table_name, coalesce(comment, '') from duckdb_tables() "
            "where not internal"
        ).fetchall()
        columns = con.execute(
            "select schema_name || '.' || table_name || '.' || column_name, coalesce(comment, '') "
            "from duckdb_columns() where not internal"
        ).fetchall()
        executive = dict(
            con.execute(
                "select column_name, comment from duckdb_columns() "
                "where table_name = 'mart_executive_summary'"
            ).fetchall()
        )
    finally:
        con.close()
    assert len(tables) > 100 and len(columns) > 1000
    assert [name for name, comment in tables if not comment.strip()] == []
    assert [name for name, comment in columns if not comment.strip()] == []
    assert "format as %" in executive["win_rate"]  # the docs blocks are rendered, not their Jinja


def _period_start(grain: str, day: date) -> date:
    month = {"month": day.month, "quarter": (day.month - 1) // 3 * 3 + 1, "year": 1}[grain]
    return date(day.year, month, 1)


def test_only_periods_that_ended_before_the_as_of_day_are_complete(sample_warehouse):
    as_of = date.fromisoformat(SAMPLE_AS_OF)
    rows = query(
        sample_warehouse, "select distinct grain, period_start, is_complete_period from marts.kpi_values"
    )
    wrong = [
        row for row in rows if row[2] != (row[0] != "snapshot" and row[1] < _period_start(row[0], as_of))
    ]
    assert wrong == []
    assert {complete for _, _, complete in rows} == {True, False}
    scorecard = query(
        sample_warehouse,
        "select quarter_start_date, bool_and(is_complete_period) "
        "from marts.mart_rep_scorecard_quarterly group by 1",
    )
    assert {start: complete for start, complete in scorecard}[_period_start("quarter", as_of)] is False
    assert all(complete == (start < _period_start("quarter", as_of)) for start, complete in scorecard)


def test_stages_sort_in_funnel_order_in_kpi_values(sample_warehouse):
    stages = query(
        sample_warehouse,
        "select stage_name, stage_order from core.dim_pipeline_stages where pipeline = 'default'",
    )
    funnel = [name for name, _ in sorted(stages, key=lambda stage: stage[1])]
    rows = query(
        sample_warehouse,
        "select kpi_id, dimension_value, dimension_sort_order from marts.kpi_values "
        "where dimension = 'stage' and grain = 'snapshot'",
    )
    assert rows
    for kpi_id in {kpi for kpi, _, _ in rows}:
        ordered = [
            value for _, value, _ in sorted((row for row in rows if row[0] == kpi_id), key=lambda row: row[2])
        ]
        in_default = [stage for stage in ordered if stage in funnel]
        assert in_default == sorted(in_default, key=funnel.index), (kpi_id, ordered)


def test_money_names_its_currency_and_nothing_else_does(sample_warehouse):
    rows = query(sample_warehouse, "select distinct unit, currency_code from marts.kpi_values")
    assert {unit: code for unit, code in rows if unit.startswith("currency")} == {
        "currency": "USD",
        "currency_per_day": "USD",
    }
    assert all(code is None for unit, code in rows if not unit.startswith("currency"))
