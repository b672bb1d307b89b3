"""Atomic marts on Postgres (run by `make test-postgres`, after build-postgres has built and
published the sample): BI (bi_reader) sees the whole old or the whole new set of marts, never a
mix, whether a build is killed (kill -9), partial or complete; publish and rollback are one
schema swap. (`dbt seed` alone on a fresh database: test_postgres_crm_sources.py.)"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Self

import pytest

from salesdw import postgres

from .test_postgres import connect

# postgres_warehouse: these share the marts of the `warehouse` database, one test at a time.
pytestmark = [pytest.mark.postgres, pytest.mark.postgres_warehouse]

psycopg2 = pytest.importorskip("psycopg2")

PROJECT_DIR = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# Three marts read in one statement: the physical table each row comes from (tableoid) tells
# which build BI sees; a mix of builds within one statement would be a half-published state.
PROBE = (
    "select (select tableoid::int from marts.kpi_values limit 1), "
    "(select tableoid::int from marts.kpi_win_rate limit 1), "
    "(select tableoid::int from marts.mart_deal_funnel limit 1)"
)
KILL_AT = 0.4  # share of the build's nodes started when dbt is killed
BUILD_TIMEOUT_S = 1500  # bound of each dbt run in these tests


def bi_password() -> str:
    return os.environ.get("BI_READER_PASSWORD") or os.environ["PGPASSWORD"]


def bi_connection():
    con = connect("bi_reader", bi_password())
    con.autocommit = True
    return con


def builder_connection():
    con = connect(os.environ.get("PGUSER", "dbt"), os.environ["PGPASSWORD"])
    con.autocommit = True
    return con


def fetch(con, sql: str, params=None):
    with con.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def marts_state(con, schema: str = "marts") -> dict:
    """Tables (name -> oid) of schema and a checksum of its kpi_values, as con sees them."""
    tables = dict(
        fetch(
            con,
            "select c.relname, c.oid::int from pg_class c join pg_namespace n "
            "on n.oid = c.relnamespace where n.nspname = %s "
            "and c.relkind in ('r', 'p', 'v', 'm')",
            (schema,),
        )
    )
    checksum = fetch(
        con, f"select md5(string_agg(t::text, '|' order by t::text)), count(*) from {schema}.kpi_values t"
    )[0]
    return {"tables": tables, "kpi_values": checksum}


def dbt_env(**extra: str) -> dict[str, str]:
    env = dict(
        os.environ,
        DBT_TARGET="postgres",
        DBT_PROFILES_DIR=str(PROJECT_DIR),
        DBT_PROJECT_DIR=str(PROJECT_DIR),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    env.update(extra)
    return env


def dbt(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "dbt"), *args],
        check=False,
        cwd=PROJECT_DIR,
        env=dbt_env(**env),
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
    )


def salesdw_pg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "salesdw"), "pg", *args],
        check=False,
        cwd=PROJECT_DIR,
        env=dbt_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


class Poller:
    """A bi_reader session reading PROBE in a loop (every few ms) in a thread: counts what it
    saw (one tuple of table oids per statement) and every error (e.g. marts missing)."""

    def __init__(self) -> None:
        self.seen: Counter = Counter()
        self.errors: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        con = bi_connection()
        try:
            while not self._stop.is_set():
                try:
                    self.seen[fetch(con, PROBE)[0]] += 1
                except psycopg2.Error as exc:
                    self.errors.append(str(exc).strip())
                time.sleep(0.005)
        finally:
            con.close()

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        time.sleep(0.2)
        self._stop.set()
        self._thread.join(timeout=30)


def kill_build_midway(target_path: Path) -> int:
    """Start a full `dbt build` (as make build-postgres does) and SIGKILL its process group
    once KILL_AT of its nodes have started and marts are being built. Returns nodes started."""
    proc = subprocess.Popen(
        [str(BIN / "dbt"), "build", "--target-path", str(target_path)],
        cwd=PROJECT_DIR,
        env=dbt_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    started, total, marts_built = 0, None, 0
    deadline = time.monotonic() + BUILD_TIMEOUT_S
    try:
        for line in proc.stdout:
            match = re.search(r"(\d+) of (\d+) START ", line)
            if match and "hook:" not in line:
                started, total = int(match[1]), int(match[2])
            marts_built += bool(re.search(r"OK created sql table model marts", line))
            if total and started >= KILL_AT * total and marts_built:
                os.killpg(proc.pid, signal.SIGKILL)
                break
            assert time.monotonic() < deadline, "the build did not reach the kill point in time"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, f"dbt ended by itself (rc {proc.returncode})"
    return started


@pytest.fixture()
def bi_reader_con():
    con = bi_connection()
    yield con
    con.close()


@pytest.fixture()
def builder_con():
    con = builder_connection()
    yield con
    con.close()


def test_published_marts_are_tables_readable_by_bi_only(builder_con, bi_reader_con):
    kinds = fetch(
        builder_con,
        "select distinct c.relkind::text from pg_class c join pg_namespace "
        "n on n.oid = c.relnamespace where n.nspname = 'marts'",
    )
    assert kinds == [("r",)], "the marts must be tables: a view would read the in-place layers"
    assert fetch(bi_reader_con, "select count(*) from marts.kpi_values")[0][0] > 1000
    assert fetch(bi_reader_con, "select has_schema_privilege('marts', 'usage')") == [(True,)]


def test_partial_build_is_never_published(builder_con, bi_reader_con):
    before = marts_state(bi_reader_con)
    build = dbt(
        "build",
        "--select",
        "kpi_catalog",
        "--indirect-selection",
        "cautious",
        "--exclude",
        "test_type:unit",
        "--target-path",
        "target/postgres",
    )
    assert build.returncode == 0, build.stdout[-4000:]
    state = fetch(
        builder_con,
        "select obj_description(oid, 'pg_namespace') from pg_namespace where nspname = 'marts__building'",
    )[0][0]
    assert state.startswith("salesdw:partial"), state
    publish = salesdw_pg("publish")
    assert publish.returncode == 2, publish.stdout + publish.stderr
    assert "does not hold a complete build" in publish.stderr
    assert "Traceback" not in publish.stderr
    assert marts_state(bi_reader_con) == before


INCREMENTAL = "base_crm__activities"  # typed rows and their versions


def columns_of(con, relation: str) -> list[tuple[str, str]]:
    return sorted(
        fetch(
            con,
            "select column_name::text, data_type::text from information_schema.columns "
            "where table_name = %s and table_schema not like 'pg_temp%%'",
            (relation,),
        )
    )


def schema_of(con, relation: str) -> str:
    rows = fetch(
        con, "select table_schema::text from information_schema.tables where table_name = %s", (relation,)
    )
    assert len(rows) == 1, rows
    return rows[0][0]


def test_a_run_of_other_code_gives_the_incremental_tables_the_models_columns(builder_con):
    """The incremental models (typed rows and their versions) keep their tables from run to run,
    so a warehouse built by earlier code may hold them with a column the code no longer writes.
    The next run must give them the model's columns and the same rows (on Postgres, which never
    reuses typed rows, they are replaced like a table: config full_refresh), not insert into the
    old columns and fail downstream or drop a value. (The table only gains a column here:
    stg_crm__activities, a view, uses the others, and Postgres refuses to drop or retype those
    under it; the DuckDB test drops and retypes them too.)"""
    expected = columns_of(builder_con, INCREMENTAL)
    relation = f'"{schema_of(builder_con, INCREMENTAL)}"."{INCREMENTAL}"'
    names = [name for name, _ in expected]

    def checksum() -> tuple:
        return fetch(
            builder_con,
            f"select count(*), md5(string_agg(concat_ws('|', {', '.join(names)}), '#' "
            f"order by source_row_number)) from {relation}",
        )[0]

    before = checksum()
    with builder_con.cursor() as cursor:
        cursor.execute(f"alter table {relation} add column retired_column text")
    # The table and everything built from it (views dropped with a replaced table too).
    selection = ("--select", f"{INCREMENTAL}+", "--target-path", "target/postgres")
    run = dbt("run", *selection)
    try:
        assert run.returncode == 0, run.stdout[-4000:]
        assert columns_of(builder_con, INCREMENTAL) == expected
        assert checksum() == before
    finally:
        if run.returncode != 0:  # leave the warehouse as the other tests expect it
            dbt("run", "--full-refresh", *selection)


def test_killed_build_leaves_marts_then_next_build_publishes_atomically(builder_con, bi_reader_con):
    """kill -9 of dbt mid-build: BI keeps exactly the marts of before (same tables, same
    physical tables, same kpi_values) and a concurrent BI session never sees a missing schema
    or a mix; the next complete build of the marts publishes, in one swap, a new set."""
    before = marts_state(bi_reader_con)
    old = fetch(bi_reader_con, PROBE)[0]
    with Poller() as poller:
        started = kill_build_midway(PROJECT_DIR / "target" / "postgres")
        time.sleep(1)
        assert marts_state(bi_reader_con) == before, "the killed build changed what BI reads"
        assert poller.errors == [] and set(poller.seen) == {old}, (poller.errors[:5], poller.seen)
        refused = salesdw_pg("publish")
        assert refused.returncode == 2, refused.stdout + refused.stderr
        assert "does not hold a complete build" in refused.stderr
        # A complete build: the killed one left views of staging/intermediate dropped (dbt drops
        # a replaced table with cascade and was killed before re-creating its views). Unit
        # tests (fixed rows, not the data) ran in build-postgres.
        rebuild = dbt("build", "--exclude", "test_type:unit", "--target-path", "target/postgres")
        assert rebuild.returncode == 0, rebuild.stdout[-4000:]
        assert marts_state(bi_reader_con) == before, "a build changed marts before publish"
        published = salesdw_pg("publish")
    assert started > 0
    assert published.returncode == 0, published.stdout + published.stderr
    new = fetch(bi_reader_con, PROBE)[0]
    after = marts_state(bi_reader_con)
    assert set(after["tables"]) == set(before["tables"])
    assert not set(after["tables"].values()) & set(before["tables"].values()), "not all new"
    assert after["kpi_values"] == before["kpi_values"], "same input, same kpi_values"
    assert poller.errors == [], poller.errors[:5]
    assert set(poller.seen) == {old, new}, poller.seen
    build_id, status = fetch(bi_reader_con, "select dbt_invocation_id, status from marts.build_info")[0]
    assert f"invocation {build_id} " in published.stdout and status == "published"
    assert marts_state(builder_con, "marts__previous") == before, "the old marts are kept"
    assert fetch(bi_reader_con, "select has_schema_privilege('marts__previous', 'usage')") == [(False,)]


def test_rollback_and_publish_swaps_are_atomic(builder_con, bi_reader_con):
    """Twenty swaps of marts and marts__previous under a polling BI session: every statement
    sees one set or the other, whole; the last swap (an even number) restores the start."""
    if not fetch(builder_con, "select 1 from pg_namespace where nspname = 'marts__previous'"):
        pytest.skip("needs marts__previous (made by the killed-build test's publish)")
    current = fetch(bi_reader_con, PROBE)[0]
    schemas = postgres.mart_schemas()
    con = connect(os.environ.get("PGUSER", "dbt"), os.environ["PGPASSWORD"])
    try:
        with Poller() as poller:
            for _ in range(19):
                postgres.rollback(con, schemas)
                time.sleep(0.05)
            cli = salesdw_pg("rollback")
    finally:
        con.close()
    assert cli.returncode == 0, cli.stdout + cli.stderr
    assert "Swapped marts and marts__previous" in cli.stdout
    assert poller.errors == [], poller.errors[:5]
    assert len(poller.seen) == 2 and current in poller.seen, poller.seen
    assert fetch(bi_reader_con, PROBE)[0] == current
