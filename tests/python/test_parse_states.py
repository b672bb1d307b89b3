"""The test builds' shared dbt parse states (conftest.run_dbt): one key per set of settings that
dbt's partial parsing checks, whatever folder a test builds in."""

from __future__ import annotations

from pathlib import Path

from .conftest import SAMPLE_AS_OF, _parse_state_key, dbt_env


def _key(duckdb_path: Path, *args: str, **settings: str) -> str:
    env = dbt_env(duckdb_path, SAMPLE_AS_OF, **settings)
    return _parse_state_key(["build", *args], dict(env, DUCKDB_PATH=duckdb_path.name), Path("/project"))


def test_builds_in_other_folders_with_the_same_settings_share_a_parse():
    assert _key(Path("/tmp/a/w.duckdb")) == _key(Path("/tmp/b/w.duckdb"), "--select", "staging")


def test_each_setting_dbt_checks_gives_a_parse_of_its_own():
    base = _key(Path("/tmp/a/w.duckdb"))
    assert _key(Path("/tmp/a/other.duckdb")) != base  # the profile's path (and database name)
    assert _key(Path("/tmp/a/w.duckdb"), CRM_SOURCE="hubspot") != base  # dbt_project.yml env var
    assert _key(Path("/tmp/a/w.duckdb"), CRM_AS_OF="2026-01-31") != base
    assert _key(Path("/tmp/a/w.duckdb"), "--vars", "{a: 1}") != base


def test_the_callers_shell_settings_do_not_reach_a_test_build(monkeypatch):
    monkeypatch.setenv("CRM_REPORTING_CURRENCY", "EUR")
    monkeypatch.setenv("SOME_OTHER_VARIABLE", "kept")
    env = dbt_env(Path("/tmp/w.duckdb"), SAMPLE_AS_OF)
    assert "CRM_REPORTING_CURRENCY" not in env and env["SOME_OTHER_VARIABLE"] == "kept"
    assert (
        dbt_env(Path("/tmp/w.duckdb"), SAMPLE_AS_OF, CRM_REPORTING_CURRENCY="JPY")["CRM_REPORTING_CURRENCY"]
        == "JPY"
    )
