"""What `salesdw build` shows on the console, and the build log that keeps everything else.

The console gets a few lines per phase: the load (one line, plus what stays empty or was
rejected), dbt's progress (a counter on a terminal, a line every `every` nodes otherwise), the
outcome with the warnings labelled (on the committed sample every warning is checked against
sample_warnings.yml), the failing nodes with their message when dbt fails, the wall seconds per
phase (PhaseClock), the summary and the next steps. The build log (target/build.log) holds all
of it, each console line marked with CONSOLE_MARK, and the detail between: the load per table,
dbt's full output, the rows of every table.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import yaml

from salesdw.contract import PROJECT_DIR

LOG_NAME = "build.log"
CONSOLE_MARK = "> "
SAMPLE_DIR = PROJECT_DIR / "seeds" / "crm_sample"
EXPECTED_WARNINGS = Path(__file__).with_name("sample_warnings.yml")
PROGRESS_EVERY = 250  # nodes between two progress lines (without a terminal)
PROGRESS_SECONDS = 60.0  # ... or seconds, when nodes finished since the last line
_NODE_DONE = re.compile(r"^\S+\s+(\d+) of (\d+) (OK|PASS|WARN|ERROR|FAIL|SKIP|NO-OP)\b")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_FAILED = ("error", "fail", "runtime error")


class PhaseClock:
    """Wall seconds per phase of a build, in the order the phases ran, for the line that says
    where the build's time went (`now` is injectable for tests)."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._start = self._last = now()
        self.seconds: dict[str, float] = {}

    def lap(self, phase: str) -> None:
        """The time since the previous lap (or the start) was spent on `phase`."""
        now = self._now()
        self.seconds[phase] = self.seconds.get(phase, 0.0) + now - self._last
        self._last = now

    def line(self) -> str:
        phases = ", ".join(f"{phase} {seconds:.1f}" for phase, seconds in self.seconds.items())
        return f"Time: {self._last - self._start:.1f} s wall ({phases})."


class BuildConsole:
    """Console lines (also written to the log, marked) and detail lines (the log only)."""

    def __init__(
        self, log_path: Path, out: TextIO | None = None, tty: bool | None = None, append: bool = False
    ) -> None:
        self.log_path = log_path
        self.out = out or sys.stdout
        self.tty = self.out.isatty() if tty is None else tty
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log = log_path.open("a" if append else "w", encoding="utf-8")
        if not append:
            self.log.write(
                f"# salesdw build log. Lines starting with {CONSOLE_MARK!r} are what the "
                "console showed; the others are the detail: the load per table, dbt's "
                "full output, the rows of every table.\n"
            )

    def say(self, text: str = "") -> None:
        for line in text.split("\n"):
            print(line, file=self.out, flush=True)
            self.log.write(f"{CONSOLE_MARK}{line}\n")
        self.log.flush()

    def detail(self, text: str) -> None:
        self.log.write(text if text.endswith("\n") else text + "\n")
        self.log.flush()

    def close(self) -> None:
        self.log.close()

    def run_dbt(
        self, command: list[str], env: dict[str, str], cwd: Path, every: int = PROGRESS_EVERY
    ) -> DbtRun:
        """Run dbt with its output into the log; show its progress; return its exit code and the
        end of its output (for a failure that left no run_results.json)."""
        started = time.time()
        self.say("dbt build: models and tests" + ("" if self.tty else f", a line every {every} nodes"))
        progress = Progress(every=every)
        tail: deque[str] = deque(maxlen=60)
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env={**env, "DBT_USE_COLORS": "false"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            bufsize=1,
        )
        assert process.stdout is not None
        for raw in process.stdout:
            line = _ANSI.sub("", raw.rstrip("\n"))
            self.log.write(line + "\n")
            tail.append(line)
            shown = progress.feed(line)
            if shown and self.tty:
                print(f"\r\x1b[K{progress.counter()}", end="", file=self.out, flush=True)
            elif shown == "periodic":
                print(progress.counter(), file=self.out, flush=True)
            if shown == "periodic":
                self.log.write(f"{CONSOLE_MARK}{progress.counter()}\n")
        returncode = process.wait()
        if self.tty and progress.done:
            print(file=self.out, flush=True)
        self.log.flush()
        return DbtRun(returncode, list(tail), started, time.time() - started)


@dataclass
class DbtRun:
    returncode: int
    tail: list[str]
    started: float
    seconds: float


class Progress:
    """Counts the nodes dbt finished ('N of M OK|PASS|WARN|ERROR|FAIL|SKIP' lines; hooks aside).
    feed() says when to show a line: 'periodic' every `every` nodes or `seconds` seconds (when
    nodes finished since), 'tick' for any other finished node (a terminal's counter)."""

    def __init__(
        self,
        every: int = PROGRESS_EVERY,
        seconds: float = PROGRESS_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.every, self.seconds, self.clock = every, seconds, clock
        self.done = self.total = self.warned = self.failed = 0
        self._last_at, self._last_done = clock(), 0

    def feed(self, line: str) -> str | None:
        match = _NODE_DONE.match(line)
        if not match or " hook: " in line:
            return None
        self.done += 1
        self.total = int(match.group(2))
        status = match.group(3)
        self.warned += status == "WARN"
        self.failed += status in ("ERROR", "FAIL")
        now = self.clock()
        if self.done % self.every == 0 or (
            now - self._last_at >= self.seconds and self.done > self._last_done
        ):
            self._last_at, self._last_done = now, self.done
            return "periodic"
        return "tick"

    def counter(self) -> str:
        failed = f", {self.failed} failed" if self.failed else ""
        return (
            f"dbt build: {self.done:,} of {self.total:,} nodes done ({self.warned} "
            f"warning{'s' if self.warned != 1 else ''}{failed})"
        )


# --- The outcome, from run_results.json --------------------------------------------------------


@dataclass
class Node:
    unique_id: str
    status: str
    failures: int | None
    message: str

    @property
    def kind(self) -> str:
        return self.unique_id.split(".")[0]

    @property
    def name(self) -> str:
        """The node's name: for a test its unique_id without the project and the hash."""
        parts = self.unique_id.split(".")
        if parts[0] == "test" and len(parts) == 4:
            return parts[2]
        return ".".join(parts[2:])


@dataclass
class Outcome:
    models: int = 0
    tests: int = 0
    passed: int = 0
    warnings: list[Node] = field(default_factory=list)
    failed: list[Node] = field(default_factory=list)
    skipped: int = 0


def read_run_results(target_path: Path, since: float | None = None) -> list[Node] | None:
    """The nodes of target_path/run_results.json, or None when it is absent or older than
    `since` (a dbt that stopped before running anything leaves the previous build's file)."""
    path = target_path / "run_results.json"
    if not path.exists() or (since is not None and path.stat().st_mtime < since - 1):
        return None
    try:
        results = json.loads(path.read_text(encoding="utf-8"))["results"]
    except (ValueError, KeyError):
        return None
    return [Node(r["unique_id"], r["status"], r.get("failures"), r.get("message") or "") for r in results]


# What a whole `dbt build` runs of the manifest's nodes (ephemeral models run inside others).
_BUILT_KINDS = ("model", "seed", "snapshot", "test")


def left_out(nodes: list[Node], manifest: dict, unit_tests_skipped: bool = False) -> list[str]:
    """The enabled models, seeds, snapshots, data tests and unit tests of the manifest that the
    run (its nodes) did not run; the unit tests only count when the build did not leave them
    out itself (unit_tests_skipped: same code as the published build)."""
    ran = {node.unique_id for node in nodes}
    expected = [
        unique_id
        for unique_id, info in manifest.get("nodes", {}).items()
        if info.get("resource_type") in _BUILT_KINDS
        and info.get("config", {}).get("enabled", True)
        and info.get("config", {}).get("materialized") != "ephemeral"
    ]
    if not unit_tests_skipped:
        expected += [
            unique_id
            for unique_id, info in manifest.get("unit_tests", {}).items()
            if info.get("config", {}).get("enabled", True)
        ]
    return sorted(unique_id for unique_id in expected if unique_id not in ran)


def left_out_line(left_out: list[str]) -> str:
    """How many models and tests a dbt run left out, with a few names."""
    models = [uid for uid in left_out if not uid.startswith(("test.", "unit_test."))]
    tests = len(left_out) - len(models)
    names = ", ".join(uid.split(".")[2] for uid in left_out[:5]) + (", ..." if len(left_out) > 5 else "")
    return f"the dbt run left out {len(models)} models or seeds and {tests} tests of the project ({names})"


def outcome(nodes: list[Node]) -> Outcome:
    result = Outcome()
    for node in nodes:
        if node.kind == "model":
            result.models += node.status == "success"
        elif node.kind in ("test", "unit_test"):
            result.tests += 1
            result.passed += node.status == "pass"
        if node.status == "warn":
            result.warnings.append(node)
        elif node.status in _FAILED:
            result.failed.append(node)
        elif node.status == "skipped":
            result.skipped += 1
    return result


def outcome_line(result: Outcome, seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return (
        f"dbt build: done in {minutes}m{secs:02d}s: {result.models} models built, "
        f"{result.passed}/{result.tests} tests passed, {len(result.warnings)} "
        f"warning{'s' if len(result.warnings) != 1 else ''}"
    )


def load_expected(path: Path = EXPECTED_WARNINGS) -> tuple[str, dict[str, int]]:
    """The sample's expected warnings: (why they are there, {test name: failing rows})."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data["reason"], {str(name): int(count) for name, count in data["warnings"].items()}


def is_sample(raw_dir: Path) -> bool:
    return Path(raw_dir).resolve() == SAMPLE_DIR.resolve()


def warning_lines(
    warnings: list[Node],
    sample: bool,
    manifest: dict | None = None,
    expected: tuple[str, dict[str, int]] | None = None,
    limit: int = 20,
    compiled: bool = False,
) -> list[str]:
    """The warnings, labelled. On the sample, the ones sample_warnings.yml lists with the same
    count are expected (one line); any other, and every warning on another input, is listed
    with its failing rows and the file defining the test (`compiled`: and the path of the SQL
    that returns those rows, for the build log)."""
    if not warnings:
        return []
    reason, listed = expected or load_expected()
    surprising = warnings
    if sample:
        surprising = [w for w in warnings if listed.get(w.name) != w.failures]
        if not surprising:
            return [
                f"{len(warnings)} warnings, all expected: {reason}; the list: {_shown(EXPECTED_WARNINGS)}."
            ]
        head = (
            f"{len(warnings)} warnings, {len(warnings) - len(surprising)} expected "
            f"({_shown(EXPECTED_WARNINGS)}), {len(surprising)} not expected on the sample:"
        )
    else:
        head = (
            f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''} (warn-level tests: the "
            "build is published; look at the rows):"
        )
    lines = [head]
    for node in surprising[:limit]:
        expected_count = listed.get(node.name) if sample else None
        was = f", expected {expected_count}" if expected_count is not None else ""
        rows = f"{node.failures} row{'s' if node.failures != 1 else ''}"
        lines.append(f"  {node.name}: {rows}{was}{_where(node, manifest, compiled)}")
    if len(surprising) > limit:
        lines.append(f"  ... and {len(surprising) - limit} more (every one in the build log)")
    if not compiled:
        lines.append(
            "  (the SQL returning each test's failing rows: its path is in the build log; run it "
            "on the warehouse)"
        )
    return lines


def failure_lines(
    nodes: list[Node] | None, run: DbtRun, manifest: dict | None = None, limit: int = 10
) -> list[str]:
    """What failed, from run_results.json; else (dbt stopped before running the nodes, e.g. an
    on-run-start check) dbt's own error from the end of its output."""
    failed = outcome(nodes).failed if nodes else []
    if not failed:
        return ["dbt stopped:", *(f"  {line}" for line in _dbt_error(run.tail))]
    skipped = outcome(nodes or []).skipped
    lines = [
        f"{len(failed)} node{'s' if len(failed) != 1 else ''} failed"
        + (f" ({skipped} skipped because of them)" if skipped else "")
        + ":"
    ]
    for node in failed[:limit]:
        rows = (
            f" ({node.failures} row{'s' if node.failures != 1 else ''})"
            if node.kind == "test" and node.failures
            else ""
        )
        message = " ".join(node.message.split())[:300]
        lines.append(
            f"  {node.status.upper()} {node.kind} {node.name}{rows}: {message}{_where(node, manifest)}"
        )
    if len(failed) > limit:
        lines.append(f"  ... and {len(failed) - limit} more (every one in the build log)")
    return lines


def _dbt_error(tail: list[str]) -> list[str]:
    """The block after dbt's last 'Encountered an error' / 'Completed with' line, else the end."""
    for index in range(len(tail) - 1, -1, -1):
        if "Encountered an error" in tail[index] or "Completed with" in tail[index]:
            block = [line for line in tail[index + 1 :] if line.strip()]
            return block[:20] or tail[-10:]
    return [line for line in tail[-10:] if line.strip()]


def read_manifest(target_path: Path) -> dict | None:
    path = target_path / "manifest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    except ValueError:
        return None


def _where(node: Node, manifest: dict | None, compiled: bool = True) -> str:
    """Where a node is defined, and its compiled SQL (a test's: the SQL of its failing rows)."""
    info = (manifest or {}).get("nodes", {}).get(node.unique_id) or {}
    where = []
    if info.get("original_file_path"):
        where.append(f"defined in {info['original_file_path']}")
    if info.get("compiled_path") and compiled:
        what = "failing rows: the SQL in" if node.status in ("warn", "fail") else "compiled SQL:"
        where.append(f"{what} {_shown(Path(info['compiled_path']))}")
    return f" ({'; '.join(where)})" if where else ""


def _shown(path: Path) -> str:
    """A path relative to the project when it is inside it."""
    full = path if path.is_absolute() else PROJECT_DIR / path
    try:
        return str(full.resolve().relative_to(PROJECT_DIR.resolve()))
    except ValueError:
        return str(full)


# --- The other phases -------------------------------------------------------------------------


def load_lines(report) -> list[str]:
    """The load in one line (per table: the log), plus rejected records, absent optional tables
    and the load's notes (e.g. a required table without rows)."""
    total, records = sum(report.rows.values()), sum(report.records.values())
    rejected = sum(report.rejected.values())
    export = "" if report.source == "contract" else f" (a {report.source} export)"
    lines = [
        f"Load: {total:,} rows in {len(report.rows)} tables from {report.raw_dir}{export}, as of "
        f"{report.as_of}; every record accounted for ({records:,} records = rows + {rejected:,} "
        "rejected)."
    ]
    if rejected:
        lines.append(
            "  rejected records -> quarantine: "
            + ", ".join(f"{table} {count:,}" for table, count in report.rejected.items() if count)
        )
    if report.absent:
        lines.append(f"  absent optional tables (loaded empty): {', '.join(report.absent)}")
    lines += [f"Note: {note}" for note in report.notes]
    return lines


def captured(function: Callable, *args, **kwargs) -> tuple[object, str]:
    """Call a function that prints; return its result and what it printed."""
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        result = function(*args, **kwargs)
    return result, buffer.getvalue().rstrip("\n")


def next_steps(bi_path: Path, log_path: Path) -> list[str]:
    return [
        "",
        "Next steps:",
        "  docs       make docs (target/index.html), then make docs-serve and open http://127.0.0.1:8080 "
        "(DOCS_PORT), or open target/static_index.html from disk",
        f"  BI         point Metabase or any DuckDB client, read-only, at {Path(bi_path).resolve()}",
        "  dashboard  make dashboard",
        f"Full log: {Path(log_path).resolve()}",
    ]
