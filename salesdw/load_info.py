"""What a load was: the input folder, a fingerprint of its files, the CRM source and the as-of
day it was loaded for, recorded in `raw._load_info` so that a dbt run with other settings is refused (the
on-run-start check `check_run_matches_load`) instead of mixing as-of days in one warehouse."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import yaml

from salesdw.contract import PROJECT_DIR

LOAD_INFO_TABLE = "_load_info"
SAMPLE_DIR = PROJECT_DIR / "seeds" / "crm_sample"


def sample_as_of() -> str:
    """The day the sample was exported (dbt var sample_as_of_date: the one place it is kept)."""
    spec = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return str(spec["vars"]["sample_as_of_date"])


def is_sample(raw_dir: str | Path) -> bool:
    return Path(raw_dir).resolve() == SAMPLE_DIR.resolve()


def resolve_as_of(raw_dir: str | Path, as_of: str | None = None) -> str:
    """The as-of day of a load: the one given (or CRM_AS_OF), else the sample's day when the
    sample is the input, else today (UTC) - the same rule as the dbt macro as_of_date_value."""
    given = (as_of if as_of is not None else os.environ.get("CRM_AS_OF", "")).strip()
    if given and given.lower() not in ("today", "none"):
        return given
    if is_sample(raw_dir):
        return sample_as_of()
    return datetime.now(UTC).date().isoformat()


def fingerprint(files: list[Path]) -> str:
    """sha256 over the names and contents of the input files (order-independent)."""
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.name):
        digest.update(path.name.encode() + b"\0")
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def record_load(
    con: duckdb.DuckDBPyConnection,
    schema: str,
    raw_dir: Path,
    files: list[Path],
    as_of: str,
    source: str = "contract",
) -> None:
    """Write the one-row table raw._load_info (replaced by every load)."""
    table = f'"{schema}"."{LOAD_INFO_TABLE}"'
    con.execute(
        f"create or replace table {table} (raw_dir varchar, input_fingerprint varchar, "
        "as_of_date varchar, loaded_at varchar, crm_source varchar)"
    )
    con.execute(
        f"insert into {table} values (?, ?, ?, ?, ?)",
        [
            str(raw_dir),
            fingerprint(files),
            as_of,
            datetime.now(UTC).isoformat(timespec="seconds"),
            source,
        ],
    )
