"""The as-of day in the developer loop: a dbt run on the sample without CRM_AS_OF uses the
sample's day (not today), and a run whose as-of differs from the one the raw data was loaded
for is refused with a clear message instead of mixing as-of days in one warehouse."""

from __future__ import annotations

import csv
import shutil
from datetime import UTC, datetime

import pytest

from salesdw.load_info import resolve_as_of, sample_as_of

from .conftest import SAMPLE_AS_OF, SAMPLE_DIR, dbt_env, query, run_dbt


def dbt_run(duckdb_path, tmp_path, **env_changes):
    env = dbt_env(duckdb_path, SAMPLE_AS_OF)
    for name, value in env_changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return run_dbt(["run", "-s", "int_deals_as_of"], env, tmp_path)


@pytest.fixture
def sample_copy(sample_warehouse, tmp_path):
    copy = tmp_path / "w.duckdb"
    shutil.copy(sample_warehouse, copy)
    return copy


def test_sample_as_of_is_the_day_the_sample_was_exported():
    """dbt_project.yml's sample_as_of_date matches the sample: its newest deal and activity
    were created on that day."""
    for table in ("deals", "activities"):
        with (SAMPLE_DIR / f"{table}.csv").open(newline="", encoding="utf-8") as handle:
            newest = max(
                row["created_at"][:10] for row in csv.DictReader(handle) if row["created_at"][:4].isdigit()
            )
        assert newest == sample_as_of(), table


def test_load_resolves_the_as_of_day(monkeypatch, tmp_path):
    monkeypatch.delenv("CRM_AS_OF", raising=False)
    assert resolve_as_of(SAMPLE_DIR) == SAMPLE_AS_OF
    assert resolve_as_of(tmp_path) == datetime.now(UTC).date().isoformat()
    assert resolve_as_of(tmp_path, "2025-01-31") == "2025-01-31"
    monkeypatch.setenv("CRM_AS_OF", "2024-06-30")
    assert resolve_as_of(SAMPLE_DIR) == "2024-06-30"


def test_the_load_records_its_as_of_day(sample_warehouse):
    ((as_of, raw_dir),) = query(sample_warehouse, "select as_of_date, raw_dir from raw._load_info")
    assert as_of == SAMPLE_AS_OF
    assert raw_dir == str(SAMPLE_DIR.resolve())


def test_dbt_on_the_sample_without_crm_as_of_uses_the_sample_day(sample_copy, tmp_path):
    run = dbt_run(sample_copy, tmp_path, CRM_AS_OF=None, CRM_RAW_DIR=None)
    assert run.returncode == 0, run.stdout[-3000:]
    compiled = next((tmp_path / "target").rglob("int_deals_as_of.sql")).read_text()
    assert "2026-09-16 00:00:00" in compiled  # the cut-off: the end of the sample's day


def test_dbt_run_with_another_as_of_than_the_load_is_refused(sample_copy, tmp_path):
    run = dbt_run(sample_copy, tmp_path, CRM_AS_OF="2026-01-31")
    assert run.returncode != 0
    assert f"loaded from {SAMPLE_DIR.resolve()} as of {SAMPLE_AS_OF}" in run.stdout
    assert "this run's as_of_date is 2026-01-31" in run.stdout
    assert f"Run with CRM_AS_OF={SAMPLE_AS_OF}" in run.stdout
    assert "START sql view model" not in run.stdout
