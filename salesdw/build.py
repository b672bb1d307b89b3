"""`salesdw build`: load, build and test into new files, then publish them atomically.

1. take the build lock; remove the files of builds that died (kill -9) and say so;
2. load the raw folder into a new file `.warehouse.duckdb.building` beside the published one;
   copy in the published build's typed rows of the raw tables that only grew by appended rows
   (salesdw/incremental.py; not with --full-refresh);
3. `dbt build` into it (every model and test; the reused tables type only their new rows);
   a build that leaves part of the project out is refused, before it starts when its dbt
   arguments select or exclude nodes and after dbt when its run left a node out, unless
   --allow-partial (then build_info says `published_partial`);
4. finish `marts.build_info` (end time, counts, status `published`) and write the BI file;
5. publish both files with one rename each, keeping the replaced ones for `salesdw rollback`.
A failure at any step leaves the published files exactly as they were, and the message says so.
The console shows a few lines per phase; everything goes to the build log (salesdw/build_output.py).
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import duckdb

from salesdw import build_output
from salesdw.bi_file import write_bi_file
from salesdw.build_output import BuildConsole, PhaseClock
from salesdw.check import keep_state, state_dir
from salesdw.contract import PROJECT_DIR
from salesdw.crm_sources import CrmSourceError, mapping_vars_args
from salesdw.fault_points import pause_for_fault_tests
from salesdw.incremental import Reuse, carry_over, record_settings, typed_rows_settings
from salesdw.load import ContractError, load
from salesdw.publish import PublishedFile, PublishError, build_lock, discard, keep_failed, publish


class BuildFailed(Exception):
    """The build stopped; the published files are unchanged (exit code in `code`)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class BuildRequest:
    raw_dir: Path
    warehouse: Path
    bi: Path
    target_path: Path = PROJECT_DIR / "target"
    dbt_args: list[str] = field(default_factory=list)
    as_of: str | None = None
    full_refresh: bool = False
    # publish even when the dbt arguments build part of the project (tests of the mechanics)
    allow_partial: bool = False

    @property
    def log_path(self) -> Path:
        return self.target_path / build_output.LOG_NAME


def new_build_id() -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def project_version() -> str:
    try:
        return metadata.version("sales-warehouse")
    except metadata.PackageNotFoundError:
        return "unknown"


def clean_stale_builds(targets: list[PublishedFile], console: BuildConsole) -> None:
    for target in targets:
        for stale in target.stale_staging():
            console.say(
                f"Removing {stale.name}: a build that did not finish (killed or crashed); "
                f"it was never published."
            )
            discard(stale)


def _mapping_args() -> list[str]:
    try:
        return mapping_vars_args()
    except CrmSourceError as error:
        raise BuildFailed(str(error), code=2) from None


# dbt arguments that build part of the project, or none of its rows: a whole warehouse is
# every enabled model built and every test passed (BI reads every mart).
PARTIAL_ARGS = (
    "-s",
    "--select",
    "--exclude",
    "--selector",
    "--resource-type",
    "--resource-types",
    "--exclude-resource-type",
    "--exclude-resource-types",
    "--empty",
    "--sample",
)
PARTIAL_HELP = (
    "salesdw build publishes only a whole warehouse: every model built and every test passed "
    "(BI reads every mart). To build and test a part, use `make check` (the changed models and "
    "their children, in a copy of the published warehouse) or dbt itself, which publish nothing; "
    "or pass --allow-partial before `--` to publish the part anyway (marts.build_info then says "
    "status `published_partial`)."
)


def partial_args(dbt_args: list[str]) -> list[str]:
    """The dbt arguments among dbt_args that build part of the project (`--select=x` too)."""
    return [arg for arg in dbt_args if arg.split("=", 1)[0] in PARTIAL_ARGS]


def check_whole(request: BuildRequest) -> None:
    """Before anything runs: dbt arguments that build a part stop the build (unless
    --allow-partial), instead of a dbt error on a table the selection left out or a published
    warehouse missing most of its marts."""
    found = partial_args(request.dbt_args)
    if found and not request.allow_partial:
        raise BuildFailed(
            f"the dbt arguments {' '.join(found)} build part of the project. {PARTIAL_HELP}", code=2
        )


def unit_tests_args(reuse: Reuse, dbt_args: list[str], console: BuildConsole) -> list[str]:
    """Leave the unit tests out when the code, settings and tool versions are the published
    build's: their inputs are fixed rows, so they passed with this very code (unless the
    caller selects or excludes nodes itself)."""
    if not reuse.same_code or any(a.startswith(("--exclude", "--select", "-s")) for a in dbt_args):
        return []
    console.say("Unit tests: not run again, the code is the published build's (they passed there).")
    return ["--exclude", "test_type:unit"]


def run_dbt(
    request: BuildRequest, staging: Path, build_id: str, as_of: str, reuse: Reuse, console: BuildConsole
) -> bool:
    """dbt build into the staging file, as of the day the load resolved (the mapping file's
    vars passed as --vars, the typed rows to reuse as SALESDW_REUSE_TYPED_ROWS); its output
    into the build log, its progress, outcome and labelled warnings (or what failed) on the
    console. Returns whether the run left part of the project out (only with --allow-partial).

    dbt runs in the staging file's folder and names the file relative to it: the DuckDB path is
    part of the profile that dbt's partial-parse state records, so a build in another folder
    (a test's, a second warehouse's) can start from the same parse instead of parsing the whole
    project (~17 CPU s). The project, profiles and target folders are passed as absolute paths."""
    env = dict(os.environ)
    env["DBT_PROFILES_DIR"] = str(Path(env.get("DBT_PROFILES_DIR") or PROJECT_DIR).resolve())
    env.update(
        DBT_PROJECT_DIR=str(PROJECT_DIR),
        DUCKDB_PATH=staging.name,
        SALESDW_BUILD_ID=build_id,
        CRM_AS_OF=as_of,
        SALESDW_VERSION=project_version(),
        DBT_TARGET=env.get("DBT_TARGET", "dev"),
    )
    if env["DBT_TARGET"] != "dev":
        raise BuildFailed(
            "salesdw build publishes DuckDB builds only (DBT_TARGET=dev); "
            "for Postgres use `make build-postgres`.",
            code=2,
        )
    env.update(reuse.dbt_env())
    unit_args = unit_tests_args(reuse, request.dbt_args, console)
    command = [
        str(Path(sys.executable).parent / "dbt"),
        "build",
        "--target-path",
        str(request.target_path.resolve()),
        *_mapping_args(),
        *unit_args,
        *request.dbt_args,
    ]
    run = console.run_dbt(command, env, staging.parent)
    nodes = build_output.read_run_results(request.target_path, since=run.started)
    manifest = build_output.read_manifest(request.target_path)
    if run.returncode != 0:
        lines = build_output.failure_lines(nodes, run, manifest)
        console.detail("\n".join(lines))
        raise BuildFailed(f"dbt build failed (exit {run.returncode}): " + "\n".join(lines))
    if manifest is None:
        raise BuildFailed(
            f"dbt wrote no manifest.json in {request.target_path}: what it built cannot be checked."
        )
    left_out = build_output.left_out(nodes or [], manifest, unit_tests_skipped=bool(unit_args))
    if left_out and not request.allow_partial:
        raise BuildFailed(f"{build_output.left_out_line(left_out)}. {PARTIAL_HELP}", code=2)
    result = build_output.outcome(nodes or [])
    console.say(build_output.outcome_line(result, run.seconds))
    sample = build_output.is_sample(request.raw_dir)
    for line in build_output.warning_lines(result.warnings, sample, manifest):
        console.say(line)
    if result.warnings:
        console.detail(
            "\n".join(
                build_output.warning_lines(result.warnings, sample, manifest, limit=10**6, compiled=True)
            )
        )
    if left_out:
        console.say(f"Partial build (--allow-partial): {build_output.left_out_line(left_out)}.")
    return bool(left_out)


def finish_build_info(staging: Path, run_results: Path, partial: bool = False) -> dict[str, int]:
    """Set end time, counts and status 'published' ('published_partial' for a partial build)
    in the build's marts.build_info (a dbt selection that left it out is a clear error: what
    is published says which build it is)."""
    results = json.loads(run_results.read_text())["results"]
    models = sum(1 for r in results if r["unique_id"].startswith("model."))
    tests = sum(1 for r in results if r["unique_id"].startswith(("test.", "unit_test.")))
    con = duckdb.connect(str(staging))
    try:
        built = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'marts' and table_name = 'build_info'"
        ).fetchone()[0]
        if not built:
            raise BuildFailed(
                "the dbt selection did not build marts.build_info, which every published build "
                "carries (it says which build it is). Add +build_info to --select, or build a "
                "subset with `make check` or dbt itself, which publish nothing.",
                code=2,
            )
        con.execute(
            "update marts.build_info set finished_at = ?, model_count = ?, test_count = ?, status = ?",
            [
                datetime.now(UTC).replace(tzinfo=None),
                models,
                tests,
                "published_partial" if partial else "published",
            ],
        )
        con.execute("checkpoint")
    finally:
        con.close()
    return {"models": models, "tests": tests}


def build(request: BuildRequest) -> str:
    """Run one build end to end; returns the published build id (raises BuildFailed)."""
    check_whole(request)
    warehouse, bi = PublishedFile(request.warehouse), PublishedFile(request.bi)
    try:
        with build_lock(warehouse):
            console = BuildConsole(request.log_path)
            try:
                build_id = _build_locked(request, warehouse, bi, console)
            finally:
                console.close()
    except PublishError as error:
        raise BuildFailed(str(error), code=2) from None
    return build_id


def _build_locked(
    request: BuildRequest, warehouse: PublishedFile, bi: PublishedFile, console: BuildConsole
) -> str:
    clock = PhaseClock()
    clean_stale_builds([warehouse, bi], console)
    build_id = new_build_id()
    staging, bi_staging = warehouse.staging, bi.staging
    console.say(
        f"Build {build_id}: building into {staging.name}; "
        f"{warehouse.path.name} stays as it is until every test has passed."
    )
    try:
        as_of = _load(request, staging, console)
        clock.lap("load")
        reuse = _reuse_typed_rows(request, warehouse, staging, console)
        clock.lap("carry-over")
        pause_for_fault_tests("dbt")
        partial = run_dbt(request, staging, build_id, as_of, reuse, console)
        clock.lap("dbt build")
        counts = finish_build_info(staging, request.target_path / "run_results.json", partial)
        clock.lap("build info")
        pause_for_fault_tests("bi_file")
        write_bi_file(staging, bi_staging)
        os.chmod(staging, 0o600)
        os.chmod(bi_staging, 0o644)
        clock.lap("BI file")
        pause_for_fault_tests("publish")
        publish(staging, warehouse)
        publish(bi_staging, bi)
        keep_state(warehouse.path, request.target_path)
        clock.lap("publish")
    except BuildFailed as failure:
        kept = keep_failed(staging, warehouse)
        discard(bi_staging)
        note = f"\nThe failed build is kept in {kept} for inspection." if kept else ""
        console.detail(f"salesdw build: {failure}{note}")
        raise BuildFailed(f"{failure}{note}\nFull log: {request.log_path.resolve()}", failure.code) from None
    except BaseException:
        discard(staging)
        discard(bi_staging)
        raise
    console.say(
        f"Published build {build_id} ({counts['models']} models, {counts['tests']} tests, none "
        f"failed): {warehouse.path} (engineers, mode 0600) and {bi.path} (BI, read-only). "
        f"The previous build is kept for `salesdw rollback`."
    )
    console.say(clock.line())
    return build_id


def _reuse_typed_rows(
    request: BuildRequest, warehouse: PublishedFile, staging: Path, console: BuildConsole
) -> Reuse:
    """Record this build's typing settings in the new file, then copy in the published typed
    rows it may reuse (none with --full-refresh); print what is reused and what is not."""
    settings = typed_rows_settings(request.raw_dir, request.dbt_args, _mapping_args())
    con = duckdb.connect(str(staging))
    try:
        record_settings(con, settings)
    finally:
        con.close()
    if request.full_refresh:
        reuse = Reuse(notes=["--full-refresh"])
    else:
        reuse = carry_over(warehouse.path, staging, state_dir(warehouse.path) / "manifest.json", settings)
    console.say(reuse.report())
    return reuse


def _load(request: BuildRequest, staging: Path, console: BuildConsole) -> str:
    """Load the raw folder: one line on the console (and what stays empty or was rejected), the
    load's report per table into the log."""
    from salesdw.cli import print_load_report

    try:
        report = load(request.raw_dir, staging, as_of=request.as_of)
    except ContractError as error:
        raise BuildFailed(f"salesdw load: {error}", code=2) from None
    console.detail(build_output.captured(print_load_report, report, staging)[1])
    for line in build_output.load_lines(report):
        console.say(line)
    return report.as_of
