"""A day of new data: reuse the published build's typed rows of raw tables that only grew.

The big raw tables (activities, leads, stage history, product usage, time entries) are typed,
checked and versioned in incremental models (`base_crm__<table>`, materialized incremental).
Typing a row depends on nothing but the raw row and the code, and the versions of a key on its
own rows alone, so `salesdw build` may keep that work:

1. the build loads the folder into a new file as always (nothing is ever appended in place);
2. it compares the published build's settings (code of the models, macros and vars; CRM source
   and mapping; input folder; tool versions: `typed_rows_settings`) with this build's; any
   difference and nothing is reused;
3. per incremental model, the raw table it reads must hold the published build's raw rows
   unchanged at the same positions, plus rows appended after them; then the published model's
   table (one row per raw row: typed, checked, versioned) is copied into the new file, and dbt
   types only the appended rows and versions again only the keys they carry (macro
   crm_rows_to_version; the env var SALESDW_REUSE_TYPED_ROWS names the tables). Any other table
   is typed and versioned in full.

Everything else (facts, as-of cut-off, currency, snapshots, KPIs, every test) is rebuilt from
the typed rows and their versions at every build, so a change of as-of day, reporting currency or
snapshot rule cannot leave a stale row: they do not enter what is reused. The unit tests (fixed
input rows, so their outcome depends on the code and tool versions alone) passed in the published
build; with the same settings they are not run again. A changed or removed
raw row, another input folder, other code or settings: that table (or every table) is typed in
full, and the build says why. `salesdw build --full-refresh` reuses nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import duckdb

from salesdw.contract import PROJECT_DIR
from salesdw.fault_points import pause_for_fault_tests

SETTINGS_TABLE = "_build_settings"
# What the typed rows (and the unit tests) are computed from: the model and macro code, the
# reference seeds and the vars (dbt_project.yml).
CODE_PATHS = ("models", "macros", "seeds/reference", "dbt_project.yml")
# Environment variables that feed dbt vars read while typing (see dbt_project.yml).
TYPING_ENV = ("CRM_SOURCE", "CRM_MAX_AMOUNT", "CRM_IN_PLACE")


@dataclass
class Reuse:
    """What a build reuses: {raw table: (rows typed before, rows in the raw table now)}."""

    tables: dict[str, tuple[int, int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # The code, settings and tool versions are the published build's (whose unit tests passed).
    same_code: bool = False

    def dbt_env(self) -> dict[str, str]:
        """The env var naming the tables whose typed rows the run may append to (the macro
        reuse_typed_rows reads it when the models run; as a dbt var it would cost a full parse)."""
        return {"SALESDW_REUSE_TYPED_ROWS": ",".join(sorted(self.tables))}

    def report(self) -> str:
        if not self.tables:
            return "Incremental: nothing reused, every raw row is typed" + (
                f" ({'; '.join(self.notes)})." if self.notes else "."
            )
        kept = ", ".join(
            f"{table} ({before:,} typed rows kept, {now - before:,} new)"
            for table, (before, now) in sorted(self.tables.items())
        )
        others = f" Typed in full: {'; '.join(self.notes)}." if self.notes else ""
        return f"Incremental: {kept}.{others}"


def code_fingerprint(project_dir: Path = PROJECT_DIR) -> str:
    """sha256 over the project's model and macro files and dbt_project.yml (names and bytes)."""
    digest = hashlib.sha256()
    for name in CODE_PATHS:
        root = project_dir / name
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            digest.update(str(path.relative_to(project_dir)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def typed_rows_settings(raw_dir: Path, dbt_args: list[str], mapping: list[str]) -> dict[str, str]:
    """Everything typed rows depend on besides the raw rows themselves."""
    settings = {
        "code": code_fingerprint(),
        "raw_dir": str(Path(raw_dir).resolve()),
        "dbt_args": json.dumps(dbt_args),
        "mapping": json.dumps(mapping),
        "duckdb": duckdb.__version__,
        "dbt-core": _version("dbt-core"),
        "dbt-duckdb": _version("dbt-duckdb"),
    }
    settings.update({name: os.environ.get(name, "").strip() for name in TYPING_ENV})
    return settings


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


def record_settings(con: duckdb.DuckDBPyConnection, settings: dict[str, str]) -> None:
    """Write raw._build_settings (one row: the settings as JSON) into the file being built."""
    con.execute(f"create or replace table raw.{SETTINGS_TABLE} (settings_json varchar)")
    con.execute(f"insert into raw.{SETTINGS_TABLE} values (?)", [json.dumps(settings, sort_keys=True)])


def incremental_models(manifest: Path) -> list[tuple[str, str, str]]:
    """(raw table, schema, relation name) of each incremental model reading one raw table (the
    big tables' base models: typed rows and their versions)."""
    return [(table, schema, relation) for table, schema, relation, _ in _typed_rows_nodes(_models(manifest))]


def _models(manifest: Path) -> list[dict]:
    return [
        n for n in json.loads(manifest.read_text())["nodes"].values() if n.get("resource_type") == "model"
    ]


def _typed_rows_nodes(models: list[dict]) -> list[tuple[str, str, str, str]]:
    """(raw table, schema, relation name, unique id) of each incremental model reading one raw
    table."""
    found = []
    for node in models:
        if node["config"].get("materialized") != "incremental":
            continue
        sources = [n for n in node["depends_on"]["nodes"] if n.startswith("source.")]
        if len(sources) == 1 and sources[0].split(".")[2] == "crm":
            found.append((sources[0].split(".")[-1], node["schema"], node["alias"], node["unique_id"]))
    return found


def carry_over(published: Path, building: Path, manifest: Path, settings: dict[str, str]) -> Reuse:
    """Copy the published typed rows of every raw table that only grew into the file being
    built (it holds this build's raw tables already); return what was reused and why not."""
    reuse = Reuse()
    if not published.exists():
        reuse.notes.append("first build")
        return reuse
    if not manifest.exists():
        reuse.notes.append(f"no manifest of the published build in {manifest.parent}")
        return reuse
    if any(arg.startswith("--vars") or arg == "--full-refresh" for arg in json.loads(settings["dbt_args"])):
        reuse.notes.append("dbt arguments --vars / --full-refresh given")
        return reuse
    con = duckdb.connect(str(building))
    try:
        try:
            con.execute(f"attach '{published}' as published (read_only)")
        except duckdb.Error as error:
            reuse.notes.append(f"{published.name} could not be read ({str(error).splitlines()[0]})")
            return reuse
        changed = _changed_settings(con, settings)
        if changed:
            reuse.notes.append(f"changed since the published build: {', '.join(changed)}")
            return reuse
        reuse.same_code = True
        for table, schema, relation, _ in _typed_rows_nodes(_models(manifest)):
            why_not = _copy_if_appended(con, table, schema, relation)
            if why_not:
                reuse.notes.append(f"{table} ({why_not})")
            else:
                before = con.execute(f'select count(*) from "{schema}"."{relation}"').fetchone()[0]
                now = con.execute(f'select count(*) from raw."{table}"').fetchone()[0]
                reuse.tables[table] = (before, now)
                pause_for_fault_tests("carry-over")  # a kill -9 with some tables copied
        con.execute("detach published")
        con.execute("checkpoint")
    finally:
        con.close()
    return reuse


def _changed_settings(con: duckdb.DuckDBPyConnection, settings: dict[str, str]) -> list[str]:
    try:
        row = con.execute(f"select settings_json from published.raw.{SETTINGS_TABLE}").fetchone()
    except duckdb.CatalogException:
        return ["settings not recorded"]
    before = json.loads(row[0]) if row else {}
    return sorted(key for key in settings.keys() | before.keys() if settings.get(key) != before.get(key))


def _published_has(con: duckdb.DuckDBPyConnection, schema: str, relation: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from duckdb_tables() where database_name = 'published' "
            "and schema_name = ? and table_name = ?",
            [schema, relation],
        ).fetchone()[0]
    )


def _copy_if_appended(con: duckdb.DuckDBPyConnection, table: str, schema: str, relation: str) -> str:
    """Copy published.<schema>.<relation> when raw.<table> is the published raw table plus
    appended rows; else return why not."""
    if not _published_has(con, schema, relation):
        return "no typed rows in the published build"
    old_raw = f'published.raw."{table}"'
    new_raw = f'raw."{table}"'
    old_rows = con.execute(f"select count(*) from {old_raw}").fetchone()[0]
    new_rows = con.execute(f"select count(*) from {new_raw}").fetchone()[0]
    if new_rows < old_rows:
        return f"{old_rows - new_rows:,} fewer raw rows than before"
    old_columns = [r[0] for r in con.execute(f"describe {old_raw}").fetchall()]
    new_columns = [r[0] for r in con.execute(f"describe {new_raw}").fetchall()]
    if old_columns != new_columns:
        return "its columns changed"
    first_changed = _first_changed_row(con, old_raw, new_raw, old_columns, old_rows)
    if first_changed is not None:
        return f"raw row {first_changed:,} changed or moved since the published build"
    typed = f'"{schema}"."{relation}"'
    con.execute(f'create schema if not exists "{schema}"')
    con.execute(f"create table {typed} as select * from published.{typed}")
    typed_rows, last = con.execute(f"select count(*), max(source_row_number) from {typed}").fetchone()
    if typed_rows != old_rows or (last or 0) != old_rows:
        con.execute(f"drop table {typed}")
        return "the published typed rows do not match its raw rows"
    return ""


def _first_changed_row(
    con: duckdb.DuckDBPyConnection, old_raw: str, new_raw: str, columns: list[str], old_rows: int
) -> int | None:
    """The first published raw row that is not, value for value, at the same place in the new
    raw table (both are stored in the order of their rows: the load inserts them so); None when
    every one is. A positional join reads each table once, with no hashing: a row out of place
    counts as changed, which costs retyping the table, never a stale typed row. Row numbers
    past the end of either table compare with nulls, so a missing row counts too."""
    differs = " or ".join(f'old_rows."{column}" is distinct from new_rows."{column}"' for column in columns)
    return con.execute(
        f"select min(coalesce(old_rows._source_row_number, new_rows._source_row_number)) "
        f"from {old_raw} as old_rows positional join "
        f"(select * from {new_raw} where _source_row_number <= {old_rows}) as new_rows "
        f"where {differs}"
    ).fetchone()[0]
