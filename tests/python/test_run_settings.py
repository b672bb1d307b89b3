"""A run setting with a value the warehouse cannot use (env CRM_MRR_SNAPSHOT, CRM_MAX_AMOUNT)
stops `salesdw load` before any file is made, and a dbt run before any model, with the env var,
its value and the values it takes; never a traceback, never a build on a guess (a bound of 0
would quarantine every amount)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from .conftest import BIN, PROJECT_DIR, SAMPLE_AS_OF, SAMPLE_DIR, dbt_env, run_dbt

# (env var, a value it refuses, words of the message that say what it takes)
INVALID = [
    ("CRM_MRR_SNAPSHOT", "weekly", "month_end or month_start"),
    ("CRM_MAX_AMOUNT", "lots", "a number greater than 0"),
    ("CRM_MAX_AMOUNT", "0", "a number greater than 0"),
]
IDS = [f"{name}={value}" for name, value, _ in INVALID]


@pytest.mark.parametrize(("name", "value", "takes"), INVALID, ids=IDS)
def test_an_invalid_setting_stops_the_load_before_the_file_is_made(tmp_path, name, value, takes):
    path = tmp_path / "w.duckdb"
    load = subprocess.run(
        [str(BIN / "salesdw"), "load", "--raw-dir", str(SAMPLE_DIR), "--duckdb", str(path)],
        cwd=PROJECT_DIR,
        env=dbt_env(path, SAMPLE_AS_OF, **{name: value}),
        capture_output=True,
        text=True,
    )
    assert load.returncode == 2, load.stdout + load.stderr
    assert f"{name}='{value}'" in load.stderr and takes in load.stderr, load.stderr
    assert "Traceback" not in load.stderr
    assert not path.exists()


@pytest.mark.parametrize(("name", "value", "takes"), INVALID, ids=IDS)
def test_an_invalid_setting_stops_dbt_before_any_model(sample_warehouse, tmp_path, name, value, takes):
    """A dbt user (raw tables landed by another tool) gets the same stop from the on-run-start
    hook, whichever models the run selects."""
    copy = tmp_path / "w.duckdb"
    shutil.copy(sample_warehouse, copy)
    run = run_dbt(["run", "-s", "stg_crm__deals"], dbt_env(copy, SAMPLE_AS_OF, **{name: value}), tmp_path)
    assert run.returncode != 0, run.stdout[-3000:]
    assert f"{name}='{value}'" in run.stdout and takes in run.stdout, run.stdout[-3000:]
    assert "1 of 1 START" not in run.stdout
