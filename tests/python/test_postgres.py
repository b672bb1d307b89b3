"""The same project on Postgres (run by `make test-postgres`, which starts the throwaway
cluster, loads the sample with COPY and builds it): KPI values equal DuckDB's, and the BI role
reads the marts and nothing else."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

from .conftest import query_df

# postgres_warehouse: these share the marts of the `warehouse` database, one test at a time.
pytestmark = [pytest.mark.postgres, pytest.mark.postgres_warehouse]

psycopg2 = pytest.importorskip("psycopg2")

KEY = ["kpi_id", "grain", "period_start", "dimension", "dimension_value"]


def connect(user: str, password: str, dbname: str | None = None):
    return psycopg2.connect(
        host=os.environ.get("PGHOST", "127.0.0.1"),
        port=int(os.environ.get("PGPORT", "5433")),
        dbname=dbname or os.environ.get("PGDATABASE", "warehouse"),
        user=user,
        password=password,
    )


@pytest.fixture(scope="module")
def builder():
    con = connect(os.environ.get("PGUSER", "dbt"), os.environ["PGPASSWORD"])
    yield con
    con.close()


@pytest.fixture()
def bi_reader():
    con = connect("bi_reader", os.environ.get("BI_READER_PASSWORD", os.environ["PGPASSWORD"]))
    con.autocommit = True
    yield con
    con.close()


def test_kpi_values_equal_duckdb(builder, sample_warehouse):
    postgres = pd.read_sql("select * from marts.kpi_values", builder)
    duckdb = query_df(sample_warehouse, "select * from marts.kpi_values")
    for frame in (postgres, duckdb):
        frame["period_start"] = pd.to_datetime(frame["period_start"])
    merged = duckdb.merge(postgres, on=KEY, how="outer", suffixes=("_duckdb", "_postgres"), indicator=True)
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"][KEY].head(20)
    for column in ("numerator", "denominator", "value"):
        left, right = merged[f"{column}_duckdb"], merged[f"{column}_postgres"]
        assert (
            (left.isna() == right.isna()) & np.isclose(left.fillna(0), right.fillna(0), rtol=1e-9, atol=1e-9)
        ).all(), column
    for column in ("dimension_label", "unit", "currency_code", "is_complete_period", "dimension_sort_order"):
        same = merged[f"{column}_duckdb"].fillna("").astype(str) == merged[f"{column}_postgres"].fillna(
            ""
        ).astype(str)
        assert same.all(), merged.loc[~same, KEY + [f"{column}_duckdb", f"{column}_postgres"]].head(20)
    assert len(merged) > 1000


def test_bi_reader_reads_the_marts(bi_reader):
    with bi_reader.cursor() as cursor:
        cursor.execute("select count(*) from marts.kpi_values")
        assert cursor.fetchone()[0] > 0
        cursor.execute("select count(*) from marts.kpi_win_rate")
        assert cursor.fetchone()[0] > 0


@pytest.mark.parametrize(
    "relation",
    [
        "raw.users",
        "raw.contacts",
        "staging.stg_crm__contacts",
        "staging.base_crm__users",
        "quarantine.quarantine_crm_rows",
        "core.dim_users",
        "intermediate.int_deals_as_of",
    ],
)
def test_bi_reader_cannot_read_raw_staging_or_pii(bi_reader, relation):
    with bi_reader.cursor() as cursor, pytest.raises(psycopg2.errors.InsufficientPrivilege):
        cursor.execute(f"select * from {relation} limit 1")


def test_bi_reader_cannot_write_to_the_marts(bi_reader):
    with bi_reader.cursor() as cursor, pytest.raises(psycopg2.errors.InsufficientPrivilege):
        cursor.execute("delete from marts.kpi_values")


def test_every_mart_and_column_has_its_description_in_the_catalog(bi_reader):
    """persist_docs: what Metabase/Superset show next to the data, read as the BI role sees it."""
    with bi_reader.cursor() as cursor:
        cursor.execute(
            "select cls.relname, attr.attname, obj_description(cls.oid, 'pg_class'), "
            "col_description(cls.oid, attr.attnum) "
            "from pg_class as cls inner join pg_namespace as nsp on cls.relnamespace = nsp.oid "
            "inner join pg_attribute as attr on attr.attrelid = cls.oid "
            "where nsp.nspname = 'marts' and cls.relkind = 'r' and attr.attnum > 0 "
            "and not attr.attisdropped"
        )
        rows = cursor.fetchall()
    tables = {table for table, *_ in rows}
    assert {"kpi_values", "mart_executive_summary", "mart_rep_scorecard_quarterly"} <= tables
    assert [table for table, _, comment, _ in rows if not comment] == []
    assert [(table, column) for table, column, _, comment in rows if not comment] == []
    kpi_value = {column: comment for table, column, _, comment in rows if table == "kpi_values"}
    assert kpi_value["is_complete_period"].startswith("True when the period ended before the as-of day")
