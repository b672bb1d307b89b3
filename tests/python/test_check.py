"""`make check` (salesdw check): the changed SQL is linted, and only the models changed since the
last published build and their children are built and tested, in a copy of the published
warehouse. Run on a copy of the project, with the sample warehouse as the published build."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from salesdw.check import check, crm_of, state_dir

from .conftest import BIN, PROJECT_DIR, SAMPLE_AS_OF, dbt_env

COPIED = [
    "dbt_project.yml",
    "profiles.yml",
    ".gitignore",
    ".sqlfluff",
    ".sqlfluffignore",
    "models",
    "macros",
    "analyses",
    "tests/dbt",
    "seeds/reference",
]
KPI_FILE = "models/kpi/marts/deals/kpi_win_rate.sql"


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def committed_copy(tmp_path_factory) -> tuple[Path, Path]:
    """A committed copy of the project and the manifest of its parse (once per file: a full parse
    costs ~20 CPU s; each test works on its own copy of this one)."""
    work = tmp_path_factory.mktemp("check")
    copy = work / "project"
    for name in COPIED:
        source, target = PROJECT_DIR / name, copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy(source, target)
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "copy"]):
        subprocess.run(git + command, cwd=copy, check=True, capture_output=True)
    # Named as the published file of each test is: dbt-duckdb names the database after the file.
    folders = {"DBT_PROFILES_DIR": str(copy), "DBT_PROJECT_DIR": str(copy)}
    env = dbt_env(work / "warehouse.duckdb", SAMPLE_AS_OF, **folders)
    parse = subprocess.run(
        [str(BIN / "dbt"), "parse", "--project-dir", str(copy), "--target-path", str(work / "state")],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    assert parse.returncode == 0, parse.stdout[-3000:]
    return copy, work / "state" / "manifest.json"


@pytest.fixture
def project(tmp_path, committed_copy, sample_warehouse, monkeypatch):
    """A committed copy of the project, and the sample build published beside it with the
    copy's manifest as its state."""
    template, manifest = committed_copy
    copy = tmp_path / "project"
    shutil.copytree(template, copy, symlinks=True)
    published = tmp_path / "published" / "warehouse.duckdb"
    published.parent.mkdir()
    shutil.copy(sample_warehouse, published)
    state_dir(published).mkdir()
    shutil.copy(manifest, state_dir(published) / "manifest.json")
    env = dbt_env(published, SAMPLE_AS_OF, DBT_PROFILES_DIR=str(copy), DBT_PROJECT_DIR=str(copy))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return copy, published


def _selected(copy) -> set[str]:
    results = json.loads((copy / "target/check/target/run_results.json").read_text())["results"]
    return {result["unique_id"] for result in results}


def test_a_changed_kpi_builds_only_itself_and_its_children(project):
    copy, published = project
    before = _sha256(published)
    with (copy / KPI_FILE).open("a") as handle:
        handle.write("-- changed\n")
    assert check(published, project_dir=copy) == 0
    built = {name.split(".")[-1] for name in _selected(copy) if name.startswith("model.")}
    assert {"kpi_win_rate", "kpi_values"} <= built, built
    assert "kpi_won_revenue" not in built and not [m for m in built if m.startswith("stg_")], built
    assert any(name.startswith("test.") for name in _selected(copy))  # and their tests
    assert _sha256(published) == before  # the published file is never written


def test_a_lint_failure_stops_before_any_build(project, capsys):
    copy, published = project
    path = copy / KPI_FILE
    path.write_text(path.read_text().replace("select * from final", "SELECT * FROM final"))
    assert check(published, project_dir=copy) == 1
    assert "sqlfluff found problems" in capsys.readouterr().err
    assert not (copy / "target/check/target/run_results.json").exists()


def test_without_a_published_build_it_says_to_build_first(project, capsys):
    copy, published = project
    shutil.rmtree(state_dir(published))
    assert check(published, project_dir=copy) == 2
    assert "run `make build` once first" in capsys.readouterr().err


def test_an_adapter_file_is_linted_with_its_crm():
    """A CRM adapter is enabled only for its CRM, so its SQL is linted with that CRM_SOURCE."""
    assert crm_of(PROJECT_DIR / "models/crm_adapters/hubspot/hubspot__deals.sql", PROJECT_DIR) == "hubspot"
    assert (
        crm_of(PROJECT_DIR / "models/crm_adapters/salesforce/salesforce__deals.sql", PROJECT_DIR)
        == "salesforce"
    )
    assert crm_of(PROJECT_DIR / "models/kpi/marts/deals/kpi_win_rate.sql", PROJECT_DIR) == "contract"
