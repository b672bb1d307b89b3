"""The test builds' shared dbt parse states (conftest.run_dbt): one key per set of settings that
dbt's partial parsing checks, whatever folder a test builds in."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .conftest import SAMPLE_AS_OF, _parse_state_key, dbt_env, run_dbt


def _key(duckdb_path: Path, *args: str, **settings: str) -> str:
    env = dbt_env(duckdb_path, SAMPLE_AS_OF, **settings)
    return _parse_state_key(["build", *args], dict(env, DUCKDB_PATH=duckdb_path.name), Path("/project"))


def test_builds_in_other_folders_with_the_same_settings_share_a_parse():
    assert _key(Path("/tmp/a/w.duckdb")) == _key(Path("/tmp/b/w.duckdb"), "--select", "staging")


def test_each_setting_dbt_checks_gives_a_parse_of_its_own():
    base = _key(Path("/tmp/a/w.duckdb"))
    assert _key(Path("/tmp/a/other.duckdb")) != base  # the profile's path (and database name)
    assert _key(Path("/tmp/a/w.duckdb"), CRM_SOURCE="hubspot") != base  # dbt_project.yml env var
    assert _key(Path("/tmp/a/w.duckdb"), SALESDW_PUBLISH_SCHEMA_SUFFIX="") != base
    assert _key(Path("/tmp/a/w.duckdb"), "--vars", "{a: 1}") != base


def test_run_settings_share_a_parse():
    """The as-of day, currencies, MRR snapshot day and amount bound are read when dbt runs."""
    base = _key(Path("/tmp/a/w.duckdb"))
    for setting in (
        "CRM_AS_OF",
        "CRM_REPORTING_CURRENCY",
        "CRM_FX_BASE",
        "CRM_MRR_SNAPSHOT",
        "CRM_MAX_AMOUNT",
    ):
        assert _key(Path("/tmp/a/w.duckdb"), **{setting: "x"}) == base, setting


def test_a_build_with_another_as_of_day_and_currency_reuses_the_parse(sample_warehouse, tmp_path):
    """The run settings are env vars read when dbt runs (macros/core/settings.sql), not vars of
    dbt_project.yml: a second run with another as-of day, reporting currency and build id (each
    `salesdw build` has its own) re-reads no model file (before, dbt parsed the whole project
    again: ~20 CPU s per build; build_info.sql was re-read for every build id), and the SQL it
    runs has the new day, currency and build id."""
    copy = tmp_path / "w.duckdb"
    shutil.copy(sample_warehouse, copy)
    compile_args = ["compile", "--select", "kpi_win_rate", "build_info"]
    first = run_dbt(compile_args, dbt_env(copy, SAMPLE_AS_OF, SALESDW_BUILD_ID="build-one"), tmp_path)
    assert first.returncode == 0, first.stdout[-3000:]
    second = run_dbt(
        compile_args,
        dbt_env(copy, "2026-08-31", CRM_REPORTING_CURRENCY="EUR", SALESDW_BUILD_ID="build-two"),
        tmp_path,
    )
    assert second.returncode == 0, second.stdout[-3000:]
    log = (tmp_path / "logs" / "dbt.log").read_text(encoding="utf-8")
    second_log = log[log.rindex("Running with dbt=") :]
    assert "Unable to do partial parsing" not in second_log
    changed = re.search(
        r"Partial parsing enabled: (\d+) files deleted, (\d+) files added, (\d+) files changed", second_log
    )
    assert changed and changed.groups() == ("0", "0", "0"), changed and changed.group(0)
    compiled = next((tmp_path / "target" / "compiled").rglob("kpi_win_rate.sql")).read_text(encoding="utf-8")
    assert "2026-08-31" in compiled and "2026-09-15" not in compiled
    assert "'EUR'" in compiled and "'USD'" not in compiled
    build_info = next((tmp_path / "target" / "compiled").rglob("build_info.sql")).read_text(encoding="utf-8")
    assert "'build-two'" in build_info and "build-one" not in build_info


def test_the_callers_shell_settings_do_not_reach_a_test_build(monkeypatch):
    monkeypatch.setenv("CRM_REPORTING_CURRENCY", "EUR")
    monkeypatch.setenv("CRM_SOURCE", "hubspot")
    monkeypatch.setenv("SOME_OTHER_VARIABLE", "kept")
    env = dbt_env(Path("/tmp/w.duckdb"), SAMPLE_AS_OF)
    assert "CRM_REPORTING_CURRENCY" not in env and "CRM_SOURCE" not in env
    assert env["SOME_OTHER_VARIABLE"] == "kept"
    assert (
        dbt_env(Path("/tmp/w.duckdb"), SAMPLE_AS_OF, CRM_REPORTING_CURRENCY="JPY")["CRM_REPORTING_CURRENCY"]
        == "JPY"
    )
