"""What `salesdw build` prints (salesdw/build_output.py): the summariser on hand-made
run_results.json rows (expected and unexpected warnings, failures, counts), the progress lines,
and the sample's real build: a few console lines, its warnings all expected."""

from __future__ import annotations

import io
import json
import os
import re
import sys
from pathlib import Path

import duckdb
import pytest

from salesdw import build_output
from salesdw.build_output import BuildConsole, DbtRun, Node, Progress

from .conftest import SAMPLE_DIR

EXPECTED = ("orphan keys planted in the sample", {"relationships_a": 4, "warn_stages": 7})


def node(
    name: str,
    status: str,
    failures: int | None = 0,
    message: str = "",
    kind: str = "test",
    hashed: bool = True,
) -> Node:
    suffix = ".0badf06f36" if hashed and kind == "test" else ""
    return Node(f"{kind}.sales_warehouse.{name}{suffix}", status, failures, message)


def write_results(folder: Path, nodes: list[Node]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    results = [
        {"unique_id": n.unique_id, "status": n.status, "failures": n.failures, "message": n.message}
        for n in nodes
    ]
    (folder / "run_results.json").write_text(json.dumps({"results": results}))
    return folder


def test_counts_from_run_results(tmp_path):
    target = write_results(
        tmp_path,
        [
            node("stg_a", "success", kind="model"),
            node("stg_b", "success", kind="model"),
            node("unique_a", "pass"),
            node("relationships_a", "warn", 4, "Got 4 results"),
            node("b::c", "pass", kind="unit_test"),
            node("x", "success", kind="operation"),
        ],
    )
    result = build_output.outcome(build_output.read_run_results(target))
    assert (result.models, result.tests, result.passed) == (2, 3, 2)
    assert [w.name for w in result.warnings] == ["relationships_a"] and not result.failed
    assert build_output.outcome_line(result, 161) == (
        "dbt build: done in 2m41s: 2 models built, 2/3 tests passed, 1 warning"
    )


def test_a_run_results_older_than_the_run_is_not_read(tmp_path):
    target = write_results(tmp_path, [node("a", "pass")])
    assert build_output.read_run_results(target, since=1.0) is not None
    assert (
        build_output.read_run_results(target, since=(target / "run_results.json").stat().st_mtime + 60)
        is None
    )
    assert build_output.read_run_results(tmp_path / "none") is None


def test_a_test_name_is_its_unique_id_without_project_and_hash():
    assert node("relationships_a", "warn").name == "relationships_a"
    assert node("warn_stages", "warn", hashed=False).name == "warn_stages"
    assert node("stg_crm__deals", "error", kind="model").name == "stg_crm__deals"


def test_the_samples_warnings_as_listed_are_one_line_saying_they_are_expected():
    warnings = [node("relationships_a", "warn", 4), node("warn_stages", "warn", 7, hashed=False)]
    lines = build_output.warning_lines(warnings, sample=True, expected=EXPECTED)
    assert lines == [
        "2 warnings, all expected: orphan keys planted in the sample; the list: salesdw/sample_warnings.yml."
    ]


def test_a_new_warning_or_another_count_on_the_sample_is_listed_with_where_to_look():
    manifest = {
        "nodes": {
            node("relationships_new", "warn").unique_id: {
                "original_file_path": "models/staging/crm/_crm__models.yml",
                "compiled_path": "target/compiled/sales_warehouse/x.sql",
            }
        }
    }
    warnings = [
        node("relationships_a", "warn", 5),
        node("warn_stages", "warn", 7),
        node("relationships_new", "warn", 2),
    ]
    lines = build_output.warning_lines(warnings, sample=True, manifest=manifest, expected=EXPECTED)
    assert lines[0].startswith("3 warnings, 1 expected (salesdw/sample_warnings.yml), 2 not expected")
    assert lines[1] == "  relationships_a: 5 rows, expected 4"
    assert lines[2] == "  relationships_new: 2 rows (defined in models/staging/crm/_crm__models.yml)"
    assert lines[3].startswith("  (the SQL returning each test's failing rows: its path is in the build log")
    assert len(lines) == 4
    logged = build_output.warning_lines(
        warnings, sample=True, manifest=manifest, expected=EXPECTED, compiled=True
    )
    assert logged[2] == (
        "  relationships_new: 2 rows (defined in models/staging/crm/_crm__models.yml; "
        "failing rows: the SQL in target/compiled/sales_warehouse/x.sql)"
    )
    assert len(logged) == 3


def test_on_another_input_every_warning_is_listed():
    warnings = [node("relationships_a", "warn", 4), node(f"w{0}", "warn", 1)]
    lines = build_output.warning_lines(warnings, sample=False, expected=EXPECTED)
    assert "expected" not in lines[0] and lines[0].startswith("2 warnings")
    assert lines[1:3] == ["  relationships_a: 4 rows", "  w0: 1 row"] and len(lines) == 4
    many = [node(f"w{i}", "warn", 1) for i in range(25)]
    assert build_output.warning_lines(many, sample=False, expected=EXPECTED, compiled=True)[-1] == (
        "  ... and 5 more (every one in the build log)"
    )
    assert build_output.warning_lines([], sample=True, expected=EXPECTED) == []


def test_the_sample_is_the_committed_seeds_folder(tmp_path):
    assert build_output.is_sample(SAMPLE_DIR) and build_output.is_sample(Path("seeds/crm_sample"))
    assert not build_output.is_sample(tmp_path)


def test_failures_name_each_failing_node_with_its_message():
    nodes = [
        node("stg_a", "error", None, "Runtime Error in model stg_a\n  Catalog Error: no x", kind="model"),
        node("assert_x", "fail", 3, "Got 3 results, configured to fail if != 0"),
        node("b", "skipped", kind="model"),
        node("c", "pass"),
    ]
    lines = build_output.failure_lines(nodes, DbtRun(1, [], 0.0, 1.0))
    assert lines == [
        "2 nodes failed (1 skipped because of them):",
        "  ERROR model stg_a: Runtime Error in model stg_a Catalog Error: no x",
        "  FAIL test assert_x (3 rows): Got 3 results, configured to fail if != 0",
    ]


def test_a_dbt_that_stopped_before_any_node_shows_its_own_error():
    tail = [
        "05:41:24  Finished running 3 project hooks",
        "05:41:24  Encountered an error:",
        "Compilation Error in operation sales_warehouse-on-run-start-3 (./dbt_project.yml)",
        "  The raw data in this warehouse was loaded as of 2026-09-15",
        "",
    ]
    lines = build_output.failure_lines(None, DbtRun(2, tail, 0.0, 1.0))
    assert lines == [
        "dbt stopped:",
        "  Compilation Error in operation sales_warehouse-on-run-start-3 (./dbt_project.yml)",
        "    The raw data in this warehouse was loaded as of 2026-09-15",
    ]


def test_the_expected_warnings_file_lists_counts():
    reason, listed = build_output.load_expected()
    assert "orphan keys" in reason and len(listed) == 16
    assert all(isinstance(count, int) and count > 0 for count in listed.values())


def dbt_line(i: int, total: int, status: str = "OK created sql table model x") -> str:
    return f"05:37:23  {i} of {total} {status} .... [OK in 0.1s]"


def test_progress_counts_finished_nodes_not_starts_or_hooks():
    clock = iter(range(0, 1000)).__next__
    progress = Progress(every=3, seconds=1e9, clock=clock)
    feed = [
        dbt_line(1, 4, "OK hook: sales_warehouse.on-run-start.0"),
        dbt_line(1, 7, "START sql table model x"),
        dbt_line(1, 7),
        dbt_line(2, 7, "WARN 4 relationships_a"),
        dbt_line(3, 7, "FAIL 1 t"),
        dbt_line(4, 7, "SKIP relation y"),
        "05:37:23  Done. PASS=1 WARN=1",
    ]
    shown = [progress.feed(line) for line in feed]
    assert shown == [None, None, "tick", "tick", "periodic", "tick", None]
    assert progress.counter() == "dbt build: 4 of 7 nodes done (1 warning, 1 failed)"


def test_progress_shows_a_line_after_a_while_when_nodes_finished():
    now = [0.0]
    progress = Progress(every=1000, seconds=60, clock=lambda: now[0])
    assert progress.feed(dbt_line(1, 9)) == "tick"
    now[0] = 61
    assert progress.feed(dbt_line(2, 9)) == "periodic"
    assert progress.feed(dbt_line(3, 9)) == "tick"


FAKE_DBT = (
    "import sys\nfor i in range(1, 6):\n    print(f'05:00:00  {i} of 5 OK created model m{i}')\n"
    "print('05:00:01  Done. PASS=5')\nsys.exit(int(sys.argv[1]))\n"
)


@pytest.mark.parametrize("tty", [False, True])
def test_dbt_output_goes_to_the_log_and_progress_to_the_console(tmp_path, tty):
    out = io.StringIO()
    console = BuildConsole(tmp_path / "build.log", out=out, tty=tty)
    console.say("Build 1: building")
    console.detail("  users 44")
    run = console.run_dbt([sys.executable, "-c", FAKE_DBT, "0"], dict(os.environ), tmp_path, every=2)
    console.close()
    assert run.returncode == 0 and run.tail[-1] == "05:00:01  Done. PASS=5"
    log = (tmp_path / "build.log").read_text()
    assert "05:00:00  3 of 5 OK created model m3" in log and "  users 44\n" in log
    marked = [line[2:] for line in log.splitlines() if line.startswith("> ")]
    assert marked == [
        "Build 1: building",
        "dbt build: models and tests" + ("" if tty else ", a line every 2 nodes"),
        "dbt build: 2 of 5 nodes done (0 warnings)",
        "dbt build: 4 of 5 nodes done (0 warnings)",
    ]
    shown = out.getvalue()
    assert "OK created" not in shown and "users 44" not in shown
    if tty:
        assert shown.count("\r") == 5 and "5 of 5 nodes done" in shown
    else:
        assert shown.splitlines()[2:] == marked[2:]


def test_the_time_line_gives_each_phase_its_seconds_and_the_total():
    ticks = iter([100.0, 107.3, 110.5, 148.0, 149.0, 153.0, 153.5])
    clock = build_output.PhaseClock(now=lambda: next(ticks))
    for phase in ("load", "carry-over", "dbt build", "build info", "BI file", "publish"):
        clock.lap(phase)
    assert clock.line() == (
        "Time: 53.5 s wall (load 7.3, carry-over 3.2, dbt build 37.5, build info 1.0, BI file 4.0, "
        "publish 0.5)."
    )
    # a phase lapped twice adds up
    ticks = iter([0.0, 1.0, 3.0, 6.0])
    clock = build_output.PhaseClock(now=lambda: next(ticks))
    clock.lap("load")
    clock.lap("dbt build")
    clock.lap("load")
    assert clock.line() == "Time: 6.0 s wall (load 4.0, dbt build 2.0)."


def test_the_load_is_one_line_plus_what_stays_empty_or_was_rejected():
    from salesdw.load import LoadReport

    report = LoadReport(
        raw_dir=Path("/in"),
        rows={"users": 44, "activities": 3},
        rejected={"activities": 1},
        records={"users": 44, "activities": 4},
        absent=["market_size"],
        as_of="2026-09-15",
        notes=["activities: 0 rows: the activity KPIs will be empty"],
    )
    assert build_output.load_lines(report) == [
        "Load: 47 rows in 2 tables from /in, as of 2026-09-15; every record accounted for (48 records = "
        "rows + 1 rejected).",
        "  rejected records -> quarantine: activities 1",
        "  absent optional tables (loaded empty): market_size",
        "Note: activities: 0 rows: the activity KPIs will be empty",
    ]


def test_the_samples_build_prints_a_few_lines_and_says_its_warnings_are_expected(sample_build):
    """The real `salesdw build` of the sample (make build's when the suite runs after it, else
    the session's sample build): its console lines, marked in the build log."""
    assert sample_build.log.exists(), f"no build log {sample_build.log}: run `make build` first"
    log = sample_build.log.read_text(encoding="utf-8")
    console = [line[2:] for line in log.splitlines() if line.startswith("> ")]
    con = duckdb.connect(str(sample_build.warehouse), read_only=True)
    try:
        build_id = con.execute("select build_id from marts.build_info").fetchone()[0]
    finally:
        con.close()
    published = [line for line in console if line.startswith("Published build ")]
    assert published and build_id in published[-1], (
        f"{sample_build.log} is not the log of the build of {sample_build.warehouse}: rerun `make build`"
    )
    assert len(console) <= 40, "\n".join(console)
    _, listed = build_output.load_expected()
    assert f"{len(listed)} warnings, all expected: orphan keys" in "\n".join(console), "\n".join(console)
    assert "Next steps:" in console and any("bi.duckdb" in line for line in console)
    # where the build's time went, phase by phase
    (times,) = [line for line in console if line.startswith("Time: ")]
    assert re.fullmatch(
        r"Time: [\d.]+ s wall \(load [\d.]+, carry-over [\d.]+, dbt build [\d.]+, build info [\d.]+, "
        r"BI file [\d.]+, publish [\d.]+\)\.",
        times,
    ), times
    assert "Done. PASS=" in log and "Rows per table:" in log  # dbt's output and the detail: the log
    assert "Traceback" not in log


def test_a_selection_without_build_info_is_a_clear_error_not_a_catalog_error(tmp_path):
    """`salesdw build --allow-partial -- --select kpi_win_rate` leaves marts.build_info out: it
    stops with what to do (before: an 'unexpected error' from DuckDB's catalog)."""
    from salesdw.build import BuildFailed, finish_build_info

    staging = tmp_path / ".warehouse.duckdb.building"
    duckdb.connect(str(staging)).close()
    run_results = tmp_path / "run_results.json"
    run_results.write_text(json.dumps({"results": [{"unique_id": "model.sales_warehouse.kpi_win_rate"}]}))
    with pytest.raises(BuildFailed, match=r"did not build marts\.build_info.*\+build_info") as failure:
        finish_build_info(staging, run_results)
    assert failure.value.code == 2


def test_left_out_counts_what_a_whole_build_runs():
    """Enabled models, seeds and data tests that did not run are left out; ephemeral models,
    disabled nodes, analyses and hooks are not; unit tests count unless the build skipped them."""
    manifest = {
        "nodes": {
            "model.p.fct_deals": {"resource_type": "model", "config": {"materialized": "table"}},
            "model.p.int_lines": {"resource_type": "model", "config": {"materialized": "ephemeral"}},
            "model.p.hubspot__deals": {
                "resource_type": "model",
                "config": {"materialized": "view", "enabled": False},
            },
            "seed.p.fx_rates": {"resource_type": "seed", "config": {"materialized": "seed"}},
            "test.p.pk_fct_deals.1a": {"resource_type": "test", "config": {"materialized": "test"}},
            "analysis.p.explore": {"resource_type": "analysis", "config": {"materialized": "view"}},
            "operation.p.on-run-end-0": {"resource_type": "operation", "config": {"materialized": "view"}},
        },
        "unit_tests": {"unit_test.p.fct_deals.rule": {"config": {"enabled": True}}},
    }
    ran = [Node("model.p.fct_deals", "success", None, ""), Node("test.p.pk_fct_deals.1a", "pass", 0, "")]
    assert build_output.left_out(ran, manifest) == ["seed.p.fx_rates", "unit_test.p.fct_deals.rule"]
    assert build_output.left_out(ran, manifest, unit_tests_skipped=True) == ["seed.p.fx_rates"]
    assert build_output.left_out([], manifest, unit_tests_skipped=True) == [
        "model.p.fct_deals",
        "seed.p.fx_rates",
        "test.p.pk_fct_deals.1a",
    ]


def test_the_sample_build_left_nothing_out_and_a_missing_model_would_show(sample_build):
    """On the real manifest: the sample's build (make build) ran every node a whole build runs
    (else every `make build` would be refused), and a model missing from it is named."""
    target = sample_build.log.parent
    manifest = build_output.read_manifest(target)
    nodes = build_output.read_run_results(target)
    con = duckdb.connect(str(sample_build.warehouse), read_only=True)
    try:
        invocation = con.execute("select dbt_invocation_id from marts.build_info").fetchone()[0]
    finally:
        con.close()
    results = json.loads((target / "run_results.json").read_text())
    assert results["metadata"]["invocation_id"] == invocation, f"{target} is not the sample build's: rerun it"
    assert build_output.left_out(nodes, manifest, unit_tests_skipped=True) == []
    without = [n for n in nodes if n.unique_id != "model.sales_warehouse.kpi_win_rate"]
    missing = build_output.left_out(without, manifest, unit_tests_skipped=True)
    assert missing == ["model.sales_warehouse.kpi_win_rate"]
    line = build_output.left_out_line(missing)
    assert "left out 1 models or seeds and 0 tests of the project (kpi_win_rate)" in line


def test_partial_args_are_the_selecting_ones():
    from salesdw.build import partial_args

    assert partial_args(["--select=+kpi_win_rate", "--threads", "2", "-s", "x", "--empty"]) == [
        "--select=+kpi_win_rate",
        "-s",
        "--empty",
    ]
    assert partial_args(["--vars", "{a: 1}", "--full-refresh", "--fail-fast"]) == []
