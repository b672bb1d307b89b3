"""A day of new data (issue 14): `salesdw build` reuses the published typed rows of raw tables
that only grew by appended rows, and the warehouse it publishes equals a full rebuild.

The builds here run the models only (the data tests are the same SQL on the same tables; they
run in every other build of the suite), on the sample split into "the day before" and "with
2026-09-14's events appended" (salesdw.day_split)."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from salesdw.day_split import split_day
from salesdw.incremental import (
    Reuse,
    _changed_settings,
    _copy_if_appended,
    incremental_models,
)
from tests.python.conftest import (
    BIN,
    PROJECT_DIR,
    SAMPLE_AS_OF,
    SAMPLE_DIR,
    dbt_env,
    keep_parse_state,
    offer_build_parse_state,
    run_dbt,
)

DAY = "2026-09-14"
MODELS_ONLY = ["--allow-partial", "--", "--exclude-resource-type", "test", "unit_test"]
TYPED_TABLES = {"activities", "deal_stage_history", "leads", "product_active_users", "rep_time_entries"}


def salesdw_build(raw_dir: Path, folder: Path, *args: str, **env: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    build_env = dbt_env(folder / "unused.duckdb", SAMPLE_AS_OF, **env)
    parse_key = offer_build_parse_state(folder / "warehouse.duckdb", folder / "target", build_env)
    result = subprocess.run(
        [
            str(BIN / "salesdw"),
            "build",
            "--raw-dir",
            str(raw_dir),
            "--duckdb",
            str(folder / "warehouse.duckdb"),
            "--bi-duckdb",
            str(folder / "bi.duckdb"),
            "--target-path",
            str(folder / "target"),
            *args,
            *MODELS_ONLY,
            "--log-path",
            str(folder / "logs"),
        ],
        cwd=PROJECT_DIR,
        env=build_env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    keep_parse_state(folder / "target", parse_key)
    return result.stdout


def differing_tables(left: Path, right: Path) -> list[str]:
    """Tables (outside raw) whose rows differ between two warehouse files, build_info aside."""
    con = duckdb.connect(str(left), read_only=True)
    try:
        con.execute(f"attach '{right}' as other (read_only)")
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = current_database() "
            "and schema_name <> 'raw' and table_name <> 'build_info'"
        ).fetchall()
        assert len(tables) > 100
        differ = []
        for schema, table in tables:
            mine, theirs = f'"{schema}"."{table}"', f'other."{schema}"."{table}"'
            for a, b in ((mine, theirs), (theirs, mine)):
                if con.execute(
                    f"select count(*) from (select * from {a} except all select * from {b})"
                ).fetchone()[0]:
                    differ.append(f"{schema}.{table}")
                    break
        return differ
    finally:
        con.close()


@pytest.fixture(scope="module")
def day(tmp_path_factory) -> dict:
    """Builds: the day before, then the day appended (incremental) in the same folder, and the
    day appended from scratch (--full-refresh) in another warehouse."""
    work = tmp_path_factory.mktemp("incremental")
    moved = split_day(SAMPLE_DIR, DAY, work / "before", work / "after")
    inbox = work / "inbox"
    shutil.copytree(work / "before", inbox)
    salesdw_build(inbox, work / "daily")
    for path in (work / "after").glob("*.csv"):
        shutil.copyfile(path, inbox / path.name)
    incremental = salesdw_build(inbox, work / "daily")
    salesdw_build(inbox, work / "full", "--full-refresh")
    return {"work": work, "inbox": inbox, "moved": moved, "incremental": incremental}


def test_the_day_appends_rows_to_each_event_table(day):
    assert set(day["moved"]) >= TYPED_TABLES
    assert all(day["moved"][table] > 0 for table in TYPED_TABLES), day["moved"]


def test_a_day_appended_reuses_the_typed_rows_of_every_grown_table(day):
    line = next(line for line in day["incremental"].splitlines() if line.startswith("Incremental:"))
    for table in TYPED_TABLES:
        assert f"{table} (" in line and f"{day['moved'][table]:,} new)" in line, line


def _compiled_base_model_sql(target: Path, table: str) -> str:
    (path,) = (target / "compiled").rglob(f"base_crm__{table}.sql")
    return path.read_text(encoding="utf-8")


def test_dbt_types_only_the_appended_rows_of_each_grown_table(day):
    """What dbt ran, not just what the build reported: the day's build selected only the raw rows
    after the kept ones (SALESDW_REUSE_TYPED_ROWS reached the models); the full rebuild all."""
    appended_only = "> (select coalesce(max(source_row_number), 0) from"
    for table in TYPED_TABLES:
        assert appended_only in _compiled_base_model_sql(day["work"] / "daily" / "target", table), table
        assert appended_only not in _compiled_base_model_sql(day["work"] / "full" / "target", table), table


def test_dbt_versions_only_the_keys_of_the_appended_rows_of_each_grown_table(day):
    """The versions were kept too: the day's build versioned only the keys of the appended rows,
    reading their earlier rows from the model's own table (macro crm_rows_to_version), the full
    rebuild every row."""
    appended_keys = "as appended_keys"
    for table in TYPED_TABLES:
        assert appended_keys in _compiled_base_model_sql(day["work"] / "daily" / "target", table), table
        assert appended_keys not in _compiled_base_model_sql(day["work"] / "full" / "target", table), table


def test_a_day_appended_gives_the_warehouse_of_a_full_rebuild(day):
    work = day["work"]
    assert differing_tables(work / "daily" / "warehouse.duckdb", work / "full" / "warehouse.duckdb") == []


def test_a_build_in_another_folder_starts_from_the_parse_of_the_same_settings(day):
    """salesdw build runs dbt on the staging file's name in its folder, so the parse state of the
    first folder's builds (the same project, settings and file name) is valid in another folder:
    dbt rereads no file there (a parse of the whole project costs ~17 CPU s)."""
    log = (day["work"] / "full" / "logs" / "dbt.log").read_text(encoding="utf-8", errors="replace")
    assert "Running with dbt" in log
    assert "Unable to do partial parsing" not in log, [line for line in log.splitlines() if "pars" in line]


def test_the_file_does_not_grow_from_build_to_build(day):
    """Every build writes a new file (the reused rows are copied into it), so the second build's
    file is the size of a full rebuild's, not the first build's plus the second's."""
    daily = (day["work"] / "daily" / "warehouse.duckdb").stat().st_size
    full = (day["work"] / "full" / "warehouse.duckdb").stat().st_size
    assert daily <= full * 1.1, (daily, full)


def test_an_edited_row_and_new_settings_retype_that_table_only_and_equal_a_full_rebuild(day, tmp_path):
    """An edited earlier row is not an append: that table is typed in full (the edit shows) and
    the others are reused. The typed rows do not depend on the as-of day, currency or snapshot
    rule, so changing them in the same build still reuses them, and everything that does depend
    on them is rebuilt: the result equals a full rebuild with the new settings."""
    path = day["inbox"] / "rep_time_entries.csv"
    rows = list(csv.reader(path.open(newline="", encoding="utf-8")))
    minutes = rows[0].index("minutes")
    rows[5][minutes] = "777"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    settings = {"CRM_AS_OF": "2026-08-31", "CRM_REPORTING_CURRENCY": "EUR", "CRM_MRR_SNAPSHOT": "month_start"}
    output = salesdw_build(day["inbox"], day["work"] / "daily", "--as-of", "2026-08-31", **settings)
    line = next(line for line in output.splitlines() if line.startswith("Incremental:"))
    assert "rep_time_entries (raw row 5 changed or moved since the published build)" in line, line
    assert all(f"{table} (" in line for table in TYPED_TABLES - {"rep_time_entries"}), line
    daily = day["work"] / "daily" / "warehouse.duckdb"
    con = duckdb.connect(str(daily), read_only=True)
    try:
        assert con.execute(
            "select minutes from staging.base_crm__rep_time_entries where source_row_number = 5"
        ).fetchone() == (777,)
    finally:
        con.close()
    salesdw_build(day["inbox"], tmp_path / "full", "--as-of", "2026-08-31", "--full-refresh", **settings)
    assert differing_tables(daily, tmp_path / "full" / "warehouse.duckdb") == []


def test_appended_versions_of_earlier_keys_equal_a_full_rebuild(day, tmp_path):
    """Appended rows that carry keys of earlier rows: a later version of an activity (it becomes
    current, the earlier row is superseded), a row with an earlier row's key and updated_at but
    other values (both are quarantined as conflicting, the earlier one included) and a row
    without a key. The day's build versions only those keys again and replaces their rows; the
    warehouse equals a full rebuild of the same folder."""
    path = day["inbox"] / "activities.csv"
    rows = list(csv.reader(path.open(newline="", encoding="utf-8")))
    header = rows[0]
    updated_at, duration = header.index("updated_at"), header.index("duration_minutes")
    later = list(rows[1])
    later[updated_at] = "2026-09-14T23:00:00Z"
    later[header.index("status")] = "cancelled"
    conflicting = list(rows[2])
    conflicting[duration] = str(int(conflicting[duration] or 0) + 17)
    keyless = list(rows[3])
    keyless[header.index("activity_id")] = ""
    with path.open("a", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([later, conflicting, keyless])
    output = salesdw_build(day["inbox"], day["work"] / "daily")
    line = next(line for line in output.splitlines() if line.startswith("Incremental:"))
    assert "activities (" in line and "3 new)" in line, line
    daily = day["work"] / "daily" / "warehouse.duckdb"
    con = duckdb.connect(str(daily), read_only=True)
    try:
        versions = dict(
            con.execute(
                "select source_row_number, coalesce(quarantine_reason, '') || '/' || is_current_version "
                "from staging.base_crm__activities where source_row_number in (1, 2) "
                "or source_row_number > (select count(*) - 3 from raw.activities)"
            ).fetchall()
        )
    finally:
        con.close()
    conflict = "conflicting versions with the same key and updated_at/false"
    assert sorted(versions.values()) == sorted(
        ["/false", "/true", conflict, conflict, "missing primary key: activity_id/false"]
    ), versions
    salesdw_build(day["inbox"], tmp_path / "full", "--full-refresh")
    assert differing_tables(daily, tmp_path / "full" / "warehouse.duckdb") == []


def test_dbt_run_on_an_existing_file_retypes_every_row(day, tmp_path):
    """Outside `salesdw build` (dbt by hand, make check, Postgres) the typed rows are never
    appended to: the pre-hook empties the table and every raw row is typed once."""
    copy = tmp_path / "w.duckdb"
    shutil.copyfile(day["work"] / "full" / "warehouse.duckdb", copy)
    result = run_dbt(["run", "-s", "base_crm__activities"], dbt_env(copy, SAMPLE_AS_OF), tmp_path)
    assert result.returncode == 0, result.stdout[-4000:]
    con = duckdb.connect(str(copy), read_only=True)
    try:
        typed, raw = con.execute(
            "select (select count(*) from staging.base_crm__activities), "
            "(select count(*) from raw.activities)"
        ).fetchone()
    finally:
        con.close()
    assert typed == raw


def _columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[tuple[str, str]]:
    return [(name, kind) for name, kind, *_ in con.execute(f"describe {relation}").fetchall()]


def test_dbt_run_on_a_file_built_by_other_code_takes_the_models_columns(day, tmp_path):
    """The incremental tables of a file built by earlier code (make check, dbt by hand, a
    Postgres warehouse upgraded to new code) may lack a column the code now writes, hold one it
    no longer writes, or type one otherwise. The next run must give them the model's columns
    (on_schema_change sync_all_columns; the pre-hook emptied them), not insert into the old ones
    and fail downstream or drop a value."""
    full = day["work"] / "full" / "warehouse.duckdb"
    copy = tmp_path / "w.duckdb"
    shutil.copyfile(full, copy)
    con = duckdb.connect(str(copy))
    try:
        relation = "staging.base_crm__activities"
        con.execute(f"alter table {relation} drop column row_hash")
        con.execute(f"alter table {relation} add column retired_column varchar")
        con.execute(f"alter table {relation} alter duration_minutes type varchar")
    finally:
        con.close()
    result = run_dbt(
        ["run", "-s", "base_crm__activities", "stg_crm__activities"],
        dbt_env(copy, SAMPLE_AS_OF),
        tmp_path,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    con = duckdb.connect(str(copy), read_only=True)
    try:
        con.execute(f"attach '{full}' as full_build (read_only)")
        relation = "staging.base_crm__activities"
        expected = _columns(con, f"full_build.{relation}")
        assert sorted(_columns(con, relation)) == sorted(expected)
        columns = ", ".join(name for name, _ in expected)
        for left, right in ((relation, f"full_build.{relation}"), (f"full_build.{relation}", relation)):
            differ = con.execute(
                f"select count(*) from (select {columns} from {left} "
                f"except all select {columns} from {right})"
            ).fetchone()[0]
            assert differ == 0, f"{left} holds {differ} rows {right} does not"
    finally:
        con.close()


# ---- the reuse decision, on small hand-made files -------------------------------------------


def _files(tmp_path: Path, published_rows: list[tuple], new_rows: list[tuple]) -> tuple[Path, Path]:
    published, building = tmp_path / "published.duckdb", tmp_path / "building.duckdb"
    for path, rows in ((published, published_rows), (building, new_rows)):
        con = duckdb.connect(str(path))
        con.execute("create schema raw")
        con.execute("create table raw.events (_source_row_number bigint, event_id varchar)")
        if rows:
            con.executemany("insert into raw.events values (?, ?)", rows)
        if path == published:
            con.execute("create schema staging")
            con.execute(
                "create table staging.events_typed as select _source_row_number as source_row_number, "
                "event_id from raw.events"
            )
        con.close()
    return published, building


@pytest.mark.parametrize(
    ("new_rows", "why_not"),
    [
        ([(1, "a"), (2, "b"), (3, "c")], ""),
        ([(1, "a"), (2, "b")], ""),
        ([(1, "a")], "1 fewer raw rows than before"),
        ([(1, "a"), (2, "B"), (3, "c")], "raw row 2 changed or moved since the published build"),
        ([(1, "b"), (2, "a"), (3, "c")], "raw row 1 changed or moved since the published build"),
        ([(2, "b"), (1, "a"), (3, "c")], "raw row 1 changed or moved since the published build"),
        ([(1, "a"), (2, None), (3, "c")], "raw row 2 changed or moved since the published build"),
        ([(1, "a"), (3, "b"), (4, "c")], "raw row 2 changed or moved since the published build"),
    ],
)
def test_typed_rows_are_copied_only_when_the_raw_table_grew_by_appended_rows(tmp_path, new_rows, why_not):
    published, building = _files(tmp_path, [(1, "a"), (2, "b")], new_rows)
    con = duckdb.connect(str(building))
    con.execute(f"attach '{published}' as published (read_only)")
    assert _copy_if_appended(con, "events", "staging", "events_typed") == why_not
    copied = con.execute(
        "select count(*) from duckdb_tables() where database_name = current_database() "
        "and table_name = 'events_typed'"
    ).fetchone()[0]
    con.close()
    assert copied == (1 if why_not == "" else 0)


def test_a_null_raw_value_equals_itself_in_the_reuse_check(tmp_path):
    published, building = _files(tmp_path, [(1, None), (2, "b")], [(1, None), (2, "b"), (3, None)])
    con = duckdb.connect(str(building))
    con.execute(f"attach '{published}' as published (read_only)")
    try:
        assert _copy_if_appended(con, "events", "staging", "events_typed") == ""
    finally:
        con.close()


def test_any_changed_setting_is_named(tmp_path):
    published, _ = _files(tmp_path, [], [])
    con = duckdb.connect(str(published))
    con.execute("create table raw._build_settings (settings_json varchar)")
    con.execute("""insert into raw._build_settings values ('{"code": "1", "raw_dir": "/a"}')""")
    con.close()
    con = duckdb.connect()
    con.execute(f"attach '{published}' as published (read_only)")
    assert _changed_settings(con, {"code": "1", "raw_dir": "/a"}) == []
    assert _changed_settings(con, {"code": "2", "raw_dir": "/a", "CRM_MAX_AMOUNT": "5"}) == [
        "CRM_MAX_AMOUNT",
        "code",
    ]


def test_reuse_report_names_what_is_kept_and_why_not():
    reuse = Reuse(
        tables={"activities": (10, 12), "leads": (5, 6)},
        notes=["deals (raw row 3 changed)"],
    )
    assert reuse.report() == (
        "Incremental: activities (10 typed rows kept, 2 new), leads (5 typed rows kept, 1 new). "
        "Typed in full: deals (raw row 3 changed)."
    )
    assert reuse.dbt_env() == {"SALESDW_REUSE_TYPED_ROWS": "activities,leads"}


def test_the_incremental_models_are_found_in_the_manifest(day):
    manifest = day["work"] / "daily" / ".warehouse.duckdb.state" / "manifest.json"
    models = incremental_models(manifest)
    assert {table for table, _, _ in models} == TYPED_TABLES
    assert all(schema == "staging" and relation == f"base_crm__{table}" for table, schema, relation in models)


def test_a_writer_holding_the_published_file_means_typing_every_row(tmp_path):
    """Another process has the published file open for writing: nothing can be read from it, so
    nothing is reused and the build says why (it never waits or fails for that)."""
    import sys

    from salesdw.incremental import carry_over

    published, building = _files(tmp_path, [(1, "a")], [(1, "a"), (2, "b")])
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('open', flush=True); time.sleep(60)",
            str(published),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        manifest = tmp_path / "manifest.json"
        manifest.write_text('{"nodes": {}}')
        reuse = carry_over(published, building, manifest, {"dbt_args": "[]"})
    finally:
        holder.kill()
        holder.wait()
    assert reuse.tables == {}
    assert len(reuse.notes) == 1 and reuse.notes[0].startswith("published.duckdb could not be read"), (
        reuse.notes
    )
