"""`salesdw pg` on a shared host (run by `make test-postgres`): it never stops or removes a
cluster folder it did not create, refuses a busy port, and keeps its password files private
from the instant they exist. The last two tests need the running cluster (SALESDW_PG_DIR); the
last one also checks that a throwaway test database is dropped while autovacuum works in it."""

from __future__ import annotations

import json
import os
import re
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from salesdw import postgres

from .pg_throwaway import build_role_connection, throwaway_database
from .test_postgres import connect

# postgres_warehouse: these share the marts of the `warehouse` database, one test at a time.
pytestmark = [pytest.mark.postgres, pytest.mark.postgres_warehouse]

PROJECT_DIR = Path(__file__).resolve().parents[2]
SALESDW = str(Path(sys.executable).parent / "salesdw")


def salesdw_pg(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [SALESDW, "pg", *args],
        check=False,
        env=dict(os.environ, **env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def someone_elses_cluster(tmp_path: Path) -> Path:
    folder = tmp_path / "salesdw-pg"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "PG_VERSION").write_text("15\n")
    return folder


@pytest.mark.parametrize("action", ["stop", "destroy", "start"])
def test_stop_destroy_and_start_refuse_a_folder_without_the_marker(tmp_path, action):
    folder = someone_elses_cluster(tmp_path)
    done = salesdw_pg(action, "--cluster-dir", str(folder), PGPASSWORD="x")
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"refusing to {action} {folder}" in done.stderr
    assert postgres.MARKER in done.stderr and "Traceback" not in done.stderr
    assert (folder / "data" / "PG_VERSION").read_text() == "15\n"


def test_destroy_refuses_a_cluster_of_another_checkout(tmp_path):
    folder = someone_elses_cluster(tmp_path)
    (folder / postgres.MARKER).write_text(json.dumps({"checkout": "/home/someone/salesdw"}))
    done = salesdw_pg("destroy", "--cluster-dir", str(folder))
    assert done.returncode == 2
    assert "created from the checkout /home/someone/salesdw" in done.stderr
    assert (folder / "data" / "PG_VERSION").exists()


def test_destroy_removes_its_own_folder_and_tolerates_none(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / postgres.MARKER).write_text(json.dumps({"checkout": str(postgres.CHECKOUT)}))
    assert salesdw_pg("destroy", "--cluster-dir", str(folder)).returncode == 0
    assert not folder.exists()
    again = salesdw_pg("destroy", "--cluster-dir", str(folder))
    assert again.returncode == 0 and "nothing to destroy" in again.stdout


def test_start_refuses_a_busy_port(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = salesdw_pg(
            "start", "--cluster-dir", str(tmp_path / "new"), "--port", str(port), PGPASSWORD="x"
        )
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"port {port} on 127.0.0.1 is already in use" in done.stderr
    assert "PG_PORT=" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "new").exists(), "nothing is created before the port check"


def test_secret_files_are_0600_before_anything_is_written(tmp_path, monkeypatch):
    seen = []
    real_fdopen = os.fdopen

    def watching_fdopen(descriptor, *args, **kwargs):
        info = os.fstat(descriptor)
        seen.append((stat.S_IMODE(info.st_mode), info.st_size))
        return real_fdopen(descriptor, *args, **kwargs)

    monkeypatch.setattr(postgres.os, "fdopen", watching_fdopen)
    secret = tmp_path / "pw"
    secret.write_text("old, world-readable\n")
    secret.chmod(0o644)
    old_umask = os.umask(0)  # a plain write would now make a 0666 file
    try:
        postgres.write_secret(secret, "s3cret\n")
    finally:
        os.umask(old_umask)
    assert seen == [(0o600, 0)]
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert secret.read_text() == "s3cret\n"


def test_default_cluster_dir_is_per_checkout_and_the_same_in_make_and_python():
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PG_DIR")}
    dry = subprocess.run(
        ["make", "-n", "pg-stop"],
        check=False,
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    made = re.search(r"--cluster-dir (\S+)", dry.stdout)
    assert made, dry.stdout + dry.stderr
    assert Path(made[1]) == postgres.default_cluster_dir()
    assert postgres.default_cluster_dir() != postgres.default_cluster_dir(Path("/elsewhere"))


def test_build_suffix_default_is_the_dbt_var_default():
    project = (PROJECT_DIR / "dbt_project.yml").read_text()
    assert (
        f"marts_build_suffix: \"{{{{ env_var('SALESDW_PUBLISH_SCHEMA_SUFFIX', "
        f"'{postgres.DEFAULT_BUILD_SUFFIX}') }}}}\""
    ) in project


def test_running_cluster_files_are_private():
    folder = os.environ.get("SALESDW_PG_DIR")
    if not folder:
        pytest.skip("SALESDW_PG_DIR is set by make test-postgres")
    folder = Path(folder)
    for name in (postgres.SUPERUSER_PASSWORD_FILE, postgres.PGPASS_FILE):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600, name
    superuser = (folder / postgres.SUPERUSER_PASSWORD_FILE).read_text().strip()
    assert len(superuser) >= 32 and superuser != os.environ["PGPASSWORD"]
    assert superuser not in (folder / postgres.PGPASS_FILE).read_text()
    marker = json.loads((folder / postgres.MARKER).read_text())
    assert marker["checkout"] == str(postgres.CHECKOUT)


def test_throwaway_database_is_dropped_while_autovacuum_works_in_it():
    """The CRM-export tests' databases were dropped WITH (FORCE) as the build role, which may not
    signal an autovacuum worker: CI failed with InsufficientPrivilege when one was in the
    database. Here one is made to be: the superuser shortens the launcher's nap to 1 s for the
    test, and a table of dead rows vacuums slowly (cost limit 1, 100 ms delay)."""
    folder = os.environ.get("SALESDW_PG_DIR")
    assert folder, "SALESDW_PG_DIR (the running cluster) is set by make test-postgres"
    superuser_password = (Path(folder) / postgres.SUPERUSER_PASSWORD_FILE).read_text().strip()
    superuser = connect("postgres", superuser_password, "postgres")
    superuser.autocommit = True
    try:
        with superuser.cursor() as cursor:
            cursor.execute("alter system set autovacuum_naptime = 1")
            cursor.execute("select pg_reload_conf()")
        with throwaway_database("salesdw_autovacuum") as database:
            con = build_role_connection(database)
            try:
                with con.cursor() as cursor:
                    cursor.execute(
                        "create table dead_rows (row_number int) with (autovacuum_vacuum_threshold = 0, "
                        "autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_cost_delay = 100, "
                        "autovacuum_vacuum_cost_limit = 1)"
                    )
                    cursor.execute("insert into dead_rows select generate_series(1, 200000)")
                    cursor.execute("delete from dead_rows")
            finally:
                con.close()
            assert _autovacuum_worker_in(superuser, database, within_seconds=60), (
                "no autovacuum worker came to the database: the test's premise failed"
            )
        with superuser.cursor() as cursor:
            cursor.execute("select count(*) from pg_database where datname = %s", (database,))
            assert cursor.fetchone() == (0,)
    finally:
        with superuser.cursor() as cursor:
            cursor.execute("alter system reset autovacuum_naptime")
            cursor.execute("select pg_reload_conf()")
        superuser.close()


def _autovacuum_worker_in(superuser, database: str, within_seconds: float) -> bool:
    deadline = time.monotonic() + within_seconds
    with superuser.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "select count(*) from pg_stat_activity "
                "where datname = %s and backend_type = 'autovacuum worker'",
                (database,),
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.2)
    return False
