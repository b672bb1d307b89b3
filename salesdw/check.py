"""The fast inner loop (`make check`): lint the SQL files changed since the last commit, then build
and test only the models whose code changed since the last published build, and their children,
in a scratch copy of the published warehouse (the published files are never written).

`salesdw build` keeps the manifest of each published build beside the warehouse
(`.<warehouse file>.state/manifest.json`); dbt's `state:modified+` against it selects what
changed. The copy already holds every other model of that build, so nothing else is rebuilt.

    salesdw check [--duckdb warehouse.duckdb] [--project-dir DIR]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from salesdw.contract import PROJECT_DIR

LINTED_FOLDERS = ("models", "analyses", "tests/dbt")


def state_dir(warehouse: Path) -> Path:
    """Where the manifest of the published build is kept: beside the warehouse file."""
    return warehouse.parent / f".{warehouse.name}.state"


def keep_state(warehouse: Path, target_path: Path) -> None:
    """After a publish: keep the build's manifest as the state `make check` compares with."""
    folder = state_dir(warehouse)
    folder.mkdir(exist_ok=True)
    shutil.copy2(target_path / "manifest.json", folder / "manifest.json.tmp")
    os.replace(folder / "manifest.json.tmp", folder / "manifest.json")


def changed_sql_files(project_dir: Path) -> list[Path]:
    """SQL files under the linted folders changed since the last commit (or not yet in git)."""

    def git(*args: str) -> list[str]:
        result = subprocess.run(["git", *args], cwd=project_dir, capture_output=True, text=True)
        return result.stdout.splitlines() if result.returncode == 0 else []

    names = set(git("diff", "--name-only", "HEAD")) | set(git("ls-files", "--others", "--exclude-standard"))
    files = [
        project_dir / name
        for name in sorted(names)
        if name.endswith(".sql") and name.startswith(LINTED_FOLDERS)
    ]
    return [path for path in files if path.is_file()]


def crm_of(path: Path, project_dir: Path) -> str:
    """The CRM_SOURCE a file is linted with: a CRM adapter's folder is enabled only for its CRM."""
    parts = path.relative_to(project_dir).parts
    if parts[:2] == ("models", "crm_adapters") and len(parts) > 3:
        return parts[2]
    return "contract"


def lint(files: list[Path], project_dir: Path, env: dict[str, str]) -> int:
    status = 0
    by_crm: dict[str, list[Path]] = {}
    for path in files:
        by_crm.setdefault(crm_of(path, project_dir), []).append(path)
    for crm, paths in sorted(by_crm.items()):
        command = [_bin("sqlfluff"), "lint", *map(str, paths)]
        status |= subprocess.run(command, cwd=project_dir, env=dict(env, CRM_SOURCE=crm)).returncode
    return status


def loaded_settings(warehouse: Path) -> dict[str, str]:
    """What the published build was loaded with (raw._load_info): input folder, as-of, CRM."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        columns = {row[0] for row in con.execute('describe "raw"."_load_info"').fetchall()}
        crm = "crm_source" if "crm_source" in columns else "'contract'"
        raw_dir, as_of, source = con.execute(
            f'select raw_dir, as_of_date, {crm} from "raw"."_load_info"'
        ).fetchone()
    finally:
        con.close()
    return {"CRM_RAW_DIR": raw_dir, "CRM_AS_OF": as_of, "CRM_SOURCE": source}


def build_changed(warehouse: Path, project_dir: Path, env: dict[str, str]) -> int:
    """dbt build -s state:modified+ in a scratch copy of the published warehouse."""
    state = state_dir(warehouse)
    if not (state / "manifest.json").is_file():
        print(
            f"salesdw check: no published build to compare with ({state} is missing): run "
            f"`make build` once first",
            file=sys.stderr,
        )
        return 2
    work = project_dir / "target" / "check"
    work.mkdir(parents=True, exist_ok=True)
    scratch = work / warehouse.name
    shutil.copy2(warehouse, scratch)
    env = dict(env, DUCKDB_PATH=str(scratch), DBT_TARGET="dev", **loaded_settings(warehouse))
    command = [
        _bin("dbt"),
        "build",
        "--select",
        "state:modified+",
        "--state",
        str(state),
        "--project-dir",
        str(project_dir),
        "--target-path",
        str(work / "target"),
    ]
    print(
        f"salesdw check: building the changed models and their children in {scratch} "
        f"(a copy of {warehouse.name}; the published files are not touched)",
        flush=True,
    )
    return subprocess.run(command, cwd=project_dir, env=env).returncode


def check(warehouse: Path, project_dir: Path = PROJECT_DIR) -> int:
    env = dict(os.environ, DBT_PROFILES_DIR=os.environ.get("DBT_PROFILES_DIR", str(project_dir)))
    files = changed_sql_files(project_dir)
    if files:
        print(f"salesdw check: linting {len(files)} changed SQL file(s)", flush=True)
        if lint(files, project_dir, env):
            print(
                "salesdw check: sqlfluff found problems (above); fix them or run `sqlfluff fix <file>`",
                file=sys.stderr,
            )
            return 1
    else:
        print("salesdw check: no changed SQL file to lint", flush=True)
    return build_changed(warehouse, project_dir, env)


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)
