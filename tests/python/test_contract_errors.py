"""Bad input fails fast with a message naming the file and the column, before any model runs."""

from __future__ import annotations

import subprocess

import pytest

from salesdw.load import ContractError, load

from .conftest import BIN, PROJECT_DIR
from .fixtures import TABLES, write_fixture


def test_missing_required_table_names_the_file(tmp_path):
    raw = write_fixture(tmp_path / "raw", drop=("deals",))
    with pytest.raises(ContractError) as error:
        load(raw, tmp_path / "w.duckdb")
    assert str(raw / "deals.csv") in str(error.value)
    assert "required table 'deals' is missing" in str(error.value)


def test_missing_required_column_names_file_and_column(tmp_path):
    header, *rows = TABLES["leads"].splitlines()
    columns = header.split(",")
    index = columns.index("lead_source")
    broken = "\n".join(
        ",".join(value for i, value in enumerate(line.split(",")) if i != index) for line in [header, *rows]
    )
    raw = write_fixture(tmp_path / "raw", replace={"leads": broken + "\n"})
    with pytest.raises(ContractError) as error:
        load(raw, tmp_path / "w.duckdb")
    assert f"{raw / 'leads.csv'}: required column 'lead_source' is missing" in str(error.value)


def test_every_problem_is_reported_at_once(tmp_path):
    raw = write_fixture(tmp_path / "raw", drop=("teams", "users"))
    with pytest.raises(ContractError) as error:
        load(raw, tmp_path / "w.duckdb")
    assert "'teams'" in str(error.value) and "'users'" in str(error.value)


def test_cli_exits_2_with_the_message_and_writes_nothing(tmp_path):
    raw = write_fixture(tmp_path / "raw", drop=("pipeline_stages",))
    result = subprocess.run(
        [str(BIN / "salesdw"), "load", "--raw-dir", str(raw), "--duckdb", str(tmp_path / "w.duckdb")],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "pipeline_stages.csv" in result.stderr
    assert not (tmp_path / "w.duckdb").exists()


def test_missing_folder_is_named(tmp_path):
    with pytest.raises(ContractError, match="does not exist"):
        load(tmp_path / "nowhere", tmp_path / "w.duckdb")


def test_absent_optional_tables_load_empty(tmp_path):
    raw = write_fixture(tmp_path / "raw")
    report = load(raw, tmp_path / "w.duckdb")
    assert "products" in report.absent and report.rows["products"] == 0
    assert "deals" not in report.absent
    assert report.rejected["activities"] == 1
