"""What a BI tool reads cannot be misread: every table and column of the BI file carries its dbt
description (persist_docs, copied by salesdw/bi_file.py), periods say whether they are complete,
stages sort in funnel order and money names its currency. Checked on the sample build."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest
import yaml

from salesdw.bi_file import write_bi_file

from .conftest import PROJECT_DIR, SAMPLE_AS_OF, query


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


def _staging_references() -> list[tuple[str, str, str, str, str | None]]:
    """Every relationships test of the staging YAML: (model, column, referenced model, its
    column, the test's where), read from the files, not from dbt's graph as the model does."""
    references = []
    for path in sorted((PROJECT_DIR / "models/staging/crm").glob("stg_crm__*.yml")):
        for model in yaml.safe_load(path.read_text())["models"]:
            for column in model.get("columns", []):
                for test in column.get("data_tests", []) or []:
                    if isinstance(test, dict) and "relationships" in test:
                        spec = test["relationships"]
                        to = spec["arguments"]["to"].split("'")[1]
                        where = (spec.get("config") or {}).get("where")
                        references.append(
                            (model["name"], column["name"], to, spec["arguments"]["field"], where)
                        )
    return references


def test_orphan_keys_count_every_reference_the_staging_tests_check(sample_warehouse):
    """dq_orphan_keys has a row for each relationships test of staging, and its counts equal an
    independent count on the staging views (rows with a key; those naming no referenced row)."""
    references = _staging_references()
    assert len(references) >= 25
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        expected = {}
        for model, column, to, field, where in references:
            rows = con.execute(
                f"select {column} from staging.{model} where {column} is not null"
                + (f" and ({where})" if where else "")
            ).fetchall()
            known = {key for (key,) in con.execute(f"select {field} from staging.{to}").fetchall()}
            orphans = [key for (key,) in rows if key not in known]
            table = model.removeprefix("stg_crm__")
            expected[(table, column)] = (
                to.removeprefix("stg_crm__"),
                field,
                len(rows),
                len(orphans),
                len(set(orphans)),
                min(orphans, default=None),
            )
        found = {
            (table, column): tuple(rest)
            for table, column, *rest in con.execute(
                "select table_name, column_name, referenced_table_name, referenced_column_name, "
                "checked_rows, orphan_rows, orphan_keys, example_orphan_key from marts.dq_orphan_keys"
            ).fetchall()
        }
    finally:
        con.close()
    assert found == expected
    # the sample has broken references (its README says which): the table is not all zeros
    assert sum(counts[3] for counts in found.values()) > 0
