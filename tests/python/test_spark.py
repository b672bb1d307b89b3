"""The same project on Apache Spark (dbt-spark, session mode), run by `make test-spark` in its
own environment (requirements-spark.lock): after `python -m salesdw.spark load` and
`dbt build --target spark` on the sample, the Spark warehouse must hold what DuckDB's holds:
the raw rows (with the load rejects), the quarantine, and kpi_values row by row.

Needs the DuckDB build of the same sample (SALESDW_SAMPLE_DUCKDB, made by `make dbt-build`)
and the Spark catalog of the build (SALESDW_SPARK_DIR; one JVM at a time: run after dbt)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

# Only the Spark environment has pyspark: elsewhere the module is skipped before any mark.
pytest.importorskip("pyspark")
duckdb = pytest.importorskip("duckdb")

pytestmark = pytest.mark.spark

KEY = ["kpi_id", "grain", "period_start", "dimension", "dimension_value"]


@pytest.fixture(scope="module")
def spark():
    from salesdw.spark import session

    spark = session()
    if not spark.catalog.tableExists("marts.kpi_values"):
        pytest.fail(
            "no marts.kpi_values in the Spark catalog: run `make test-spark` "
            "(load + dbt build --target spark) first"
        )
    yield spark
    spark.stop()


@pytest.fixture(scope="module")
def duck():
    path = os.environ.get("SALESDW_SAMPLE_DUCKDB")
    if not path or not Path(path).exists():
        pytest.fail("SALESDW_SAMPLE_DUCKDB must name the DuckDB build of the same sample (make dbt-build)")
    con = duckdb.connect(path, read_only=True)
    yield con
    con.close()


def spark_frame(spark, sql: str) -> pd.DataFrame:
    from salesdw.spark import to_pandas

    return to_pandas(spark.sql(sql))


def test_raw_tables_hold_the_same_rows(spark, duck):
    # raw._build_settings is what `salesdw build` (DuckDB) records for reusing typed rows, not
    # loaded data: the Spark build has no such step.
    tables = [
        r[0]
        for r in duck.execute(
            "select table_name from information_schema.tables where table_schema = 'raw' "
            "and table_name <> '_build_settings'"
        ).fetchall()
    ]
    assert "_load_rejects" in tables
    for table in tables:
        expected = duck.execute(f'select count(*) from raw."{table}"').fetchone()[0]
        assert spark.sql(f"select count(*) from raw.`{table}`").first()[0] == expected, table


def test_every_raw_column_is_text_but_the_row_number(spark):
    for table in ("deals", "_load_rejects"):
        for field in spark.table(f"raw.`{table}`").schema.fields:
            numbers = ("_source_row_number", "line_number", "raw_line_length")
            expected = "bigint" if field.name in numbers else "string"
            assert field.dataType.simpleString() == expected, (table, field.name)


def test_a_rejected_line_reaches_spark(spark, tmp_path):
    """Spark ignores folders whose name starts with '_': raw._load_rejects must still be read."""
    from salesdw.spark import load_spark

    from .conftest import SAMPLE_DIR

    for path in SAMPLE_DIR.glob("*.csv"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with (tmp_path / "teams.csv").open("a", encoding="utf-8") as handle:
        handle.write('T99,"unterminated quote\n')
    try:
        load_spark(tmp_path, spark, schema="raw_rejects_check")
        rejects = spark.sql("select table_name, line_number from raw_rejects_check._load_rejects")
        assert [tuple(row) for row in rejects.collect()] == [("teams", 7)]
    finally:
        spark.sql("drop database if exists raw_rejects_check cascade")


def test_seeds_equal_duckdb(spark, duck):
    """Seed text with quotes and apostrophes loads unchanged (macros/spark/spark__seeds.sql)."""
    sql = "select * from main.kpi_definitions order by kpi_id"
    left = duck.execute(sql).df()
    right = spark_frame(spark, sql)
    assert list(left.columns) == list(right.columns)
    pd.testing.assert_frame_equal(left.astype(str), right.astype(str), check_dtype=False)


def test_quarantine_equals_duckdb(spark, duck):
    sql = "select table_name, source_row_number, quarantine_reason from quarantine.quarantine_crm_rows"
    left = duck.execute(sql).df()
    right = spark_frame(spark, sql)
    key = ["table_name", "source_row_number"]
    merged = left.merge(right, on=key, how="outer", suffixes=("_duckdb", "_spark"), indicator=True)
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"].head(20)
    differs = merged["quarantine_reason_duckdb"] != merged["quarantine_reason_spark"]
    assert not differs.any(), merged[differs].head(20)


def test_kpi_values_equal_duckdb(spark, duck):
    spark_kpis = spark_frame(spark, "select * from marts.kpi_values")
    duck_kpis = duck.execute("select * from marts.kpi_values").df()
    for frame in (spark_kpis, duck_kpis):
        frame["period_start"] = pd.to_datetime(frame["period_start"])
    assert not spark_kpis.duplicated(KEY).any()
    merged = duck_kpis.merge(spark_kpis, on=KEY, how="outer", suffixes=("_duckdb", "_spark"), indicator=True)
    missing = merged[merged["_merge"] != "both"]
    assert missing.empty, missing[KEY + ["_merge"]].head(20)
    for column in ("numerator", "denominator", "value"):
        left = merged[f"{column}_duckdb"].astype(float)
        right = merged[f"{column}_spark"].astype(float)
        same = (left.isna() == right.isna()) & np.isclose(
            left.fillna(0), right.fillna(0), rtol=1e-9, atol=1e-9
        )
        assert same.all(), merged.loc[~same, KEY + [f"{column}_duckdb", f"{column}_spark"]].head(20)
    for column in ("dimension_label", "unit", "currency_code", "is_complete_period", "dimension_sort_order"):
        same = merged[f"{column}_duckdb"].fillna("").astype(str) == merged[f"{column}_spark"].fillna(
            ""
        ).astype(str)
        assert same.all(), merged.loc[~same, KEY + [f"{column}_duckdb", f"{column}_spark"]].head(20)
    assert len(merged) > 1000


UNIT_CHECK_TESTS = """
unit_tests:
  - name: right_rows
    model: tens
    given:
      - input: ref('answers')
        rows: [{answer: 1}, {answer: 2}]
    expect:
      rows: [{tens: 10}, {tens: 20}]
  - name: wrong_value
    model: tens
    given:
      - input: ref('answers')
        rows: [{answer: 1}, {answer: 2}]
    expect:
      rows: [{tens: 10}, {tens: 30}]
  - name: missing_row
    model: tens
    given:
      - input: ref('answers')
        rows: [{answer: 1}, {answer: 2}]
    expect:
      rows: [{tens: 10}]
"""


def test_unit_tests_on_spark_fail_on_a_wrong_row(spark, tmp_path, monkeypatch):
    """macros/spark/spark__unit_tests.sql replaces dbt's unit materialization and fixture SQL on
    Spark: in a two-model project using it, the right expected rows pass, a wrong value and a
    missing row fail, and the fixture is the `values` table."""
    from dbt.cli.main import dbtRunner

    from salesdw.contract import PROJECT_DIR

    project = tmp_path / "spark_unit_check"
    (project / "models").mkdir(parents=True)
    (project / "macros").mkdir()
    (project / "dbt_project.yml").write_text(
        "name: spark_unit_check\nversion: '1.0'\nprofile: sales_warehouse\n"
        "models:\n  spark_unit_check:\n    +materialized: table\n",
        encoding="utf-8",
    )
    (project / "macros" / "spark__unit_tests.sql").write_text(
        (PROJECT_DIR / "macros" / "spark" / "spark__unit_tests.sql").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    (project / "models" / "answers.sql").write_text("select 1 as answer\n", encoding="utf-8")
    (project / "models" / "tens.sql").write_text(
        "select answer * 10 as tens from {{ ref('answers') }}\n", encoding="utf-8"
    )
    (project / "models" / "unit_tests.yml").write_text(UNIT_CHECK_TESTS, encoding="utf-8")
    monkeypatch.setenv("SALESDW_SPARK_SCHEMA", "spark_unit_check")
    args = [
        "--target",
        "spark",
        "--project-dir",
        str(project),
        "--profiles-dir",
        str(PROJECT_DIR),
        "--target-path",
        str(tmp_path / "target"),
        "--log-path",
        str(tmp_path / "logs"),
    ]
    try:
        assert dbtRunner().invoke(["run", "--select", "answers", *args]).success
        run = dbtRunner().invoke(["test", "--select", "test_type:unit", *args])
    finally:
        spark.sql("drop database if exists spark_unit_check cascade")
    statuses = {result.node.name: str(result.status) for result in run.result}
    assert statuses["right_rows"] == "pass", statuses
    assert statuses["wrong_value"] == statuses["missing_row"] == "fail", statuses
    compiled = next(result.node.compiled_code for result in run.result if result.node.name == "right_rows")
    assert "from values" in compiled, compiled
