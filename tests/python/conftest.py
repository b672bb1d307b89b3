"""Shared fixtures: build the warehouse from a folder of contract files into a temporary
DuckDB file, exactly as `make build` does (salesdw load, then dbt build)."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from salesdw.crm_sources import mapping_vars_args
from salesdw.load_info import sample_as_of
from salesdw.publish import PublishedFile

PROJECT_DIR = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SAMPLE_DIR = PROJECT_DIR / "seeds" / "crm_sample"
SAMPLE_AS_OF = sample_as_of()
# `dbt build` arguments that leave out every unit test but the CRM adapters' (only the adapter of
# the build's CRM_SOURCE is enabled). The other unit tests feed fixed rows to models whose SQL
# does not depend on the CRM; they run once per engine (make build, make build-postgres).
ADAPTER_UNIT_TESTS_ONLY = [
    "--exclude",
    *(
        f"test_type:unit,path:models/{folder.name}"
        for folder in sorted((PROJECT_DIR / "models").iterdir())
        if folder.is_dir() and folder.name != "crm_adapters"
    ),
]


# dbt parses the whole project (~20 CPU s) unless the target folder holds a partial-parse state
# written with the same profile (the DuckDB path is part of it), project env vars, --vars and dbt
# version; then it re-reads only the files that changed. Tests build into folders of their own, so
# run_dbt names the DuckDB file relative to dbt's working folder (the file's folder) and seeds the
# target folder with the last state written under the same settings, from a folder every test
# process shares. dbt checks that state itself and parses from scratch when anything differs.
PARSE_STATE_CACHE = PROJECT_DIR / "target" / "test-parse-states"
PARSE_STATE = "partial_parse.msgpack"
_PARSE_ENV_VARS = sorted(
    set(
        re.findall(
            r"env_var\('(\w+)'",
            (PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8")
            + (PROJECT_DIR / "profiles.yml").read_text(encoding="utf-8"),
        )
    )
)
# The run settings (env vars the macros read when dbt runs: macros/core/settings.sql). They are
# not part of the parse state, but a test build gets them from dbt_env only, not from the shell.
_RUN_SETTING_ENV_VARS = sorted(
    set(
        re.findall(
            r"run_setting\(name='\w+', env='(\w+)'",
            "".join(path.read_text(encoding="utf-8") for path in (PROJECT_DIR / "macros").rglob("*.sql")),
        )
    )
)


def _parse_state_key(args: list[str], env: dict[str, str], project_dir: Path) -> str:
    settings = [str(project_dir), [(name, env.get(name)) for name in _PARSE_ENV_VARS]]
    settings.append([value for flag, value in zip(args, args[1:], strict=False) if flag == "--vars"])
    return hashlib.sha256(json.dumps(settings).encode()).hexdigest()[:20]


def run_dbt(
    args: list[str], env: dict[str, str], work_dir: Path, *, project_dir: Path = PROJECT_DIR
) -> subprocess.CompletedProcess:
    """`dbt <args>` on the DuckDB file env["DUCKDB_PATH"], with its target and log folders in
    work_dir, starting from the last parse of the same settings (see PARSE_STATE_CACHE)."""
    duckdb_path = Path(env["DUCKDB_PATH"]).resolve()
    env = dict(env, DUCKDB_PATH=duckdb_path.name)
    target = work_dir / "target"
    key = _parse_state_key(args, env, project_dir)
    offer_parse_state(target, key)
    result = subprocess.run(
        [
            str(BIN / "dbt"),
            *args,
            "--project-dir",
            str(project_dir),
            "--target-path",
            str(target),
            "--log-path",
            str(work_dir / "logs"),
        ],
        cwd=duckdb_path.parent,
        env=env,
        capture_output=True,
        text=True,
    )
    keep_parse_state(target, key)
    return result


def offer_parse_state(target: Path, key: str) -> None:
    """Give a new target folder the last partial-parse state kept under key (if any)."""
    target.mkdir(parents=True, exist_ok=True)
    cached = PARSE_STATE_CACHE / f"{key}.msgpack"
    if cached.exists() and not (target / PARSE_STATE).exists():
        shutil.copyfile(cached, target / PARSE_STATE)


def offer_build_parse_state(warehouse: Path, target: Path, env: dict[str, str]) -> str:
    """Before `salesdw build --duckdb warehouse --target-path target`: that build runs dbt in
    warehouse's folder on the staging file's name (salesdw/build.py), so its parse state does
    not depend on the folder. Offer target the last state of a build with the same settings;
    returns the key to keep_parse_state under afterwards."""
    staging = PublishedFile(warehouse).staging.name
    args = ["build", *mapping_vars_args(env.get("CRM_MAPPING", ""))]
    key = _parse_state_key(args, dict(env, DUCKDB_PATH=staging), PROJECT_DIR)
    offer_parse_state(target, key)
    return key


def keep_parse_state(target: Path, key: str) -> None:
    """Offer target's partial-parse state to later dbt runs with the same settings (atomically:
    two test processes may write the same key)."""
    if not (target / PARSE_STATE).exists():
        return
    PARSE_STATE_CACHE.mkdir(parents=True, exist_ok=True)
    partial = PARSE_STATE_CACHE / f".{key}.{os.getpid()}.tmp"
    shutil.copyfile(target / PARSE_STATE, partial)
    os.replace(partial, PARSE_STATE_CACHE / f"{key}.msgpack")


def dbt_env(duckdb_path: Path, as_of: str, **extra: str) -> dict[str, str]:
    """The environment of a DuckDB dbt run on duckdb_path as of as_of: the project's settings at
    their defaults (none inherited from the caller's shell) but those in extra."""
    settings = {*_PARSE_ENV_VARS, *_RUN_SETTING_ENV_VARS}
    env = {name: value for name, value in os.environ.items() if name not in settings}
    env.update(
        DBT_PROFILES_DIR=str(PROJECT_DIR),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        GX_ANALYTICS_ENABLED="False",
        DUCKDB_PATH=str(duckdb_path),
        CRM_AS_OF=as_of,
        DBT_TARGET="dev",
    )
    env.update(extra)
    return env


def build_warehouse(
    raw_dir: Path,
    as_of: str,
    duckdb_path: Path,
    work_dir: Path,
    *,
    adapter_unit_tests: bool = False,
    **extra_env: str,
) -> Path:
    """Load raw_dir and run the full dbt build (models + data tests) into duckdb_path; with
    adapter_unit_tests, the enabled CRM adapter's unit tests too (see passed_unit_tests)."""
    env = dbt_env(duckdb_path, as_of, **extra_env)
    load = subprocess.run(
        [str(BIN / "salesdw"), "load", "--raw-dir", str(raw_dir), "--duckdb", str(duckdb_path)],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert load.returncode == 0, load.stderr + load.stdout
    build = run_dbt(
        [
            "build",
            *(ADAPTER_UNIT_TESTS_ONLY if adapter_unit_tests else ["--exclude", "test_type:unit"]),
            *mapping_vars_args(env.get("CRM_MAPPING", "")),
        ],
        env,
        work_dir,
    )
    assert build.returncode == 0, build.stdout[-6000:] + build.stderr[-2000:]
    return duckdb_path


def passed_unit_tests(target_path: Path) -> list[str]:
    """The unit tests that passed in the dbt invocation that wrote target_path/run_results.json."""
    results = json.loads((target_path / "run_results.json").read_text(encoding="utf-8"))["results"]
    return sorted(
        result["unique_id"]
        for result in results
        if result["unique_id"].startswith("unit_test.") and result["status"] == "pass"
    )


def query(duckdb_path: Path, sql: str):
    con = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def query_df(duckdb_path: Path, sql: str):
    con = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        return con.execute(sql).df()
    finally:
        con.close()


@dataclass
class SampleBuild:
    warehouse: Path
    log: Path  # the build log of `salesdw build` (its console lines are marked '> ')


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> SampleBuild:
    """The sample built as of its fixed day by `salesdw build`: `make build`'s file and log when
    make says it is fresh (SALESDW_SAMPLE_DUCKDB), else a build into a temporary folder (every
    data test; the unit tests run in the fixture build and `make build`)."""
    ready = os.environ.get("SALESDW_SAMPLE_DUCKDB")
    if ready and Path(ready).exists():
        return SampleBuild(Path(ready), PROJECT_DIR / "target" / "build.log")
    work = tmp_path_factory.mktemp("sample")
    warehouse = work / "sample.duckdb"
    build = subprocess.run(
        [
            str(BIN / "salesdw"),
            "build",
            "--raw-dir",
            str(SAMPLE_DIR),
            "--duckdb",
            str(warehouse),
            "--bi-duckdb",
            str(work / "bi.duckdb"),
            "--target-path",
            str(work / "target"),
            "--allow-partial",
            "--",
            "--exclude",
            "test_type:unit",
        ],
        cwd=PROJECT_DIR,
        env=dbt_env(warehouse, SAMPLE_AS_OF),
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stdout[-6000:] + build.stderr[-3000:]
    return SampleBuild(warehouse, work / "target" / "build.log")


@pytest.fixture(scope="session")
def sample_warehouse(sample_build) -> Iterator[Path]:
    """The sample warehouse file. Every test worker shares this one file, so each holds a
    read-only connection to it for the whole session: a test (or a tool it runs) that opens it
    for writing fails at once, every time, instead of locking out the other worker's readers
    only when the timing is unlucky. A test that must write works on a copy."""
    guard = duckdb.connect(str(sample_build.warehouse), read_only=True)
    try:
        yield sample_build.warehouse
    finally:
        guard.close()


class LockHeld(Exception):
    """Another process holds the lock; its message names the holder."""


@contextmanager
def exclusive_lock(path: Path, holder: str) -> Iterator[None]:
    """Hold an exclusive lock on `path` (flock) while the block runs, with `holder` written in
    it; raise LockHeld, naming the holder written there, when another process holds it."""
    with path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise LockHeld(handle.read().strip() or "unknown") from None
        try:
            handle.truncate(0)
            handle.write(holder)
            handle.flush()
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(autouse=True)
def one_test_at_a_time_on_the_warehouse_database(request) -> Iterator[None]:
    """The tests marked `postgres_warehouse` build, publish and read the marts of the cluster's
    one `warehouse` database, so they must run one at a time: each holds a lock for its whole
    run, and fails at once, naming the test holding it, when another process already does
    (`make postgres-suite` runs them in one process, beside the CRM-export tests in their own
    databases). pytest-xdist's `--dist loadgroup` is not relied on: with pytest 9 it does not
    keep a group on one worker (its group suffix no longer reaches the node id)."""
    if request.node.get_closest_marker("postgres_warehouse") is None:
        yield
        return
    port = os.environ.get("PGPORT", "5432")
    path = Path(tempfile.gettempdir()) / f"salesdw-pg-{port}-warehouse-tests.lock"
    try:
        with exclusive_lock(path, f"{request.node.nodeid} in process {os.getpid()}"):
            yield
    except LockHeld as held:
        pytest.fail(
            f"another test is using the warehouse database of the cluster on port {port} ({held}): "
            "the postgres_warehouse tests must run one at a time (make postgres-suite runs them in "
            "one process; do not pass -n to them)."
        )
