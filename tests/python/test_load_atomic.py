"""`salesdw load` replaces the raw tables in one transaction: killed (SIGKILL) while it writes,
it leaves every raw table exactly as it was; it is never half old, half new."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from salesdw.generate import generate
from salesdw.load import load

from .conftest import BIN, PROJECT_DIR
from .fixtures import AS_OF, write_fixture

LARGE_AS_OF = "2026-09-15"


@pytest.fixture(scope="module")
def large_raw(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("large") / "raw"
    generate(raw, seed=8, as_of=LARGE_AS_OF, scale=2)
    return raw


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> Path:
    """A warehouse with the hand-made fixture loaded (the state a kill must leave intact)."""
    work = tmp_path_factory.mktemp("loaded")
    duckdb_path = work / "w.duckdb"
    load(write_fixture(work / "raw"), duckdb_path, as_of=AS_OF)
    return duckdb_path


def checksum_sql(table: str) -> str:
    """Row count and md5 of the sorted rows (the load's time left out of _load_info: it differs
    from one run of the same load to the next)."""
    rows = f'raw."{table}"'
    if table == "_load_info":
        rows = f"(select * exclude (loaded_at) from {rows})"
    return (
        f"select count(*), md5(coalesce(string_agg(r::varchar, chr(10) order by r::varchar), "
        f"'')) from {rows} r"
    )


def raw_state(duckdb_path: Path) -> dict[str, tuple[int, str]]:
    """Row count and content checksum of every table of the raw schema."""
    con = duckdb.connect(str(duckdb_path))  # read-write: a WAL left by the kill is replayed
    try:
        tables = [
            t
            for (t,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'raw' order by 1"
            ).fetchall()
        ]
        return {table: con.execute(checksum_sql(table)).fetchone() for table in tables}
    finally:
        con.close()


def start_load(raw: Path, duckdb_path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(BIN / "salesdw"),
            "load",
            "--raw-dir",
            str(raw),
            "--duckdb",
            str(duckdb_path),
            "--as-of",
            LARGE_AS_OF,
        ],
        cwd=PROJECT_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def writing_starts(process: subprocess.Popen, duckdb_path: Path) -> float:
    """Wait until the load holds the warehouse file open (it is landing the tables); the
    seconds since it started, or the end of the process when it never did."""
    started, target = time.monotonic(), os.path.realpath(duckdb_path)
    fd_dir = Path(f"/proc/{process.pid}/fd")
    while process.poll() is None:
        try:
            if any(os.path.realpath(fd) == target for fd in fd_dir.iterdir()):
                break
        except OSError:  # a descriptor closed while being read
            pass
        time.sleep(0.005)
    return time.monotonic() - started


def test_kill_9_mid_load_leaves_every_raw_table_as_before(loaded, large_raw, tmp_path):
    before = raw_state(loaded)
    finished = tmp_path / "finished.duckdb"
    shutil.copy(loaded, finished)
    started = time.monotonic()
    process = start_load(large_raw, finished)
    opened = writing_starts(process, finished)
    assert process.wait() == 0
    writing = time.monotonic() - started - opened  # seconds from opening the file to the end
    after = raw_state(finished)
    assert after["activities"][0] > before["activities"][0]
    # killed while it writes the raw tables (the first ~1 s into the load), then later and later
    outcomes = []
    for fraction in (0.3, 0.6, 0.8, 0.95):
        copy = tmp_path / f"killed-{fraction}.duckdb"
        shutil.copy(loaded, copy)
        process = start_load(large_raw, copy)
        writing_starts(process, copy)
        time.sleep(fraction * writing)
        killed = process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = raw_state(copy)
        assert state in (before, after), f"killed {fraction:.0%} into its writing: half a load"
        outcomes.append((fraction, killed, state == before))
    assert outcomes[0] == (0.3, True, True), outcomes
