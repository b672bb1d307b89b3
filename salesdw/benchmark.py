"""Benchmark: how load and build times grow with the data (DuckDB, the embedded default), and
where issue 14's goals stand.

For each scale, in one run on this machine: generate a dataset (`salesdw.generate`, fixed seed
and as-of day); time the floor (DuckDB reads every raw CSV file of the folder once, `count(*)`
over `read_csv(..., all_varchar = true)`); land it in a fresh DuckDB file (`salesdw load`),
`dbt seed`, `dbt run` (every model) and `dbt test` (every data test; unit tests do not depend
on the data and are left out); then the pandas oracle (tests/oracle: the four KPI families of
tests/python/test_oracle.py) on the same folder and settings. Then a day of new data
(salesdw.day_split: the folder without the events of DAY, then with them appended): `salesdw
build` of the day before (not timed), the same folder again with nothing new (timed: "no new
rows", what every day's build costs before its rows: the load, the carry-over and every node),
the same folder with the day appended (timed: "incremental day"), and that folder built from
scratch with --full-refresh ("full build"): each is the whole `make build` (load, every model and
test, BI file, publish).

Each step runs in its own subprocess, measured by `os.wait4`: wall seconds, CPU seconds (user +
system, the child and the processes it waited for) and peak RSS (`ru_maxrss`). The floor and
the oracle also time their own work (DuckDB's reads; the four families' calls) so that the
interpreter's start and imports do not count: those are the seconds and CPU seconds the ratios
use; their RSS is the whole subprocess'.

Prints a Markdown report and writes target/benchmark/benchmark-<UTC time>.csv (one row per
scale), .md (the report) and .png (seconds against raw rows per phase, wall and CPU).

    python -m salesdw.benchmark --scales 1 10 50 [--work-dir DIR] [--keep] [--out-dir DIR]
        [--skip oracle day build]      # large scales: leave phases out ("not run")
    python -m salesdw.benchmark --scales 1000 --skip build oracle day   # the generator alone
    make benchmark BENCH_SCALES="1 10 50"

Figures from one run are comparable with each other, not with another machine's or another
moment's (other processes share the cores): compare ratios, and CPU seconds over wall seconds.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from salesdw.contract import PROJECT_DIR
from salesdw.day_split import split_day

AS_OF = "2026-09-15"
# The day of new data: the last whole day before the as-of day.
DAY = "2026-09-14"
SEED = 7
# The build settings the oracle is given too (dbt's defaults, set explicitly so that an
# exported CRM_* variable cannot make the two compute different KPIs).
SETTINGS = {"CRM_REPORTING_CURRENCY": "USD", "CRM_MRR_SNAPSHOT": "month_end", "CRM_FX_BASE": "USD"}

BUILD_STEPS = ("load", "dbt_seed", "dbt_run", "dbt_test")
DAY_STEPS = ("full_build", "incremental_day", "no_new_rows")
PHASES = ("generate", "floor", *BUILD_STEPS, "oracle", *DAY_STEPS)
LABELS = {
    "generate": "generator",
    "floor": "floor",
    "load": "load",
    "dbt_seed": "dbt seed",
    "dbt_run": "dbt run",
    "dbt_test": "dbt test",
    "oracle": "oracle",
    "full_build": "full build (make build)",
    "incremental_day": "incremental day (make build)",
    "no_new_rows": "no new rows (make build)",
}
INCREMENTAL_GOAL = 0.15
# What --skip may leave out at large scales (shown as "not run", no ratio).
# "build" leaves out the warehouse build (load, seed, run, test): the generator's scale-1000 run.
SKIPPABLE = {"oracle": ("oracle",), "day": DAY_STEPS, "build": BUILD_STEPS}
# "CPU seconds per million raw rows flat or falling": a scale holds when it is at most this
# much above the previous scale of the run (run-to-run noise on a shared machine).
FLAT_TOLERANCE = 0.10
# `salesdw build`'s last line of its own: "Time: 53.5 s wall (load 7.3, carry-over 3.2, ...)."
TIME_LINE = re.compile(r"^Time: [\d.]+ s wall \((?P<phases>.*)\)\.$", re.MULTILINE)
PEAK_RSS_GOAL_MB = 6 * 1024
GENERATOR_RSS_GOAL_MB = 2 * 1024

# Run in a subprocess: read every CSV of the folder once; print rows per file and the seconds.
FLOOR_CODE = """
import json, sys, time
from pathlib import Path
import duckdb
con = duckdb.connect()
files = sorted(Path(sys.argv[1]).glob("*.csv"))
wall, cpu = time.perf_counter(), time.process_time()
rows = {f.stem: con.execute(
    "select count(*) from read_csv(?, header = true, all_varchar = true, delim = ',', "
    "quote = '\\"', escape = '\\"', strict_mode = false, ignore_errors = true, "
    "max_line_size = 100000000)", [str(f)]).fetchone()[0] for f in files}
print(json.dumps({"rows": rows, "wall": time.perf_counter() - wall,
                  "cpu": time.process_time() - cpu}))
"""

# Run in a subprocess with the project on sys.path (the package does not import from tests/):
# the KPI families as tests/python/test_oracle.py calls them; prints rows and the seconds.
ORACLE_CODE = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from tests.oracle.customer_market import compute_customer_market_kpis
from tests.oracle.funnel_activity import compute_funnel_activity_kpis
from tests.oracle.oracle import compute_kpis
from tests.oracle.sales_execution import compute_sales_execution_kpis
raw_dir, as_of, currency, snapshot, fx_base = sys.argv[2:7]
families = {"core": compute_kpis, "sales_execution": compute_sales_execution_kpis,
            "funnel_activity": compute_funnel_activity_kpis,
            "customer_market": compute_customer_market_kpis}
wall, cpu = time.perf_counter(), time.process_time()
rows = {name: len(family(raw_dir, as_of, reporting_currency=currency, mrr_snapshot=snapshot,
                         fx_base=fx_base)) for name, family in families.items()}
print(json.dumps({"rows": rows, "wall": time.perf_counter() - wall,
                  "cpu": time.process_time() - cpu}))
"""


@dataclass
class Phase:
    wall: float
    cpu: float
    rss_mb: float = 0.0

    @classmethod
    def not_run(cls) -> Phase:
        """A phase left out of the run (--skip): NaN figures, shown as "not run", no ratio."""
        return cls(math.nan, math.nan, math.nan)


@dataclass
class Run:
    scale: float
    table_rows: dict[str, int] = field(default_factory=dict)
    kpi_rows: int = 0
    oracle_rows: int = 0
    file_mb: float = math.nan  # NaN: no warehouse built (--skip build)
    generate_s: float = 0.0
    day_rows: int = 0
    phases: dict[str, Phase] = field(default_factory=dict)
    # the day's builds (DAY_STEPS): wall seconds per phase of each, from its Time line
    build_times: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def raw_rows(self) -> int:
        return sum(self.table_rows.values())

    def build(self, measure: str) -> float:
        """load + dbt seed + dbt run + dbt test, in wall ("wall") or CPU ("cpu") seconds."""
        return sum(getattr(self.phases[s], measure) for s in BUILD_STEPS)

    @property
    def peak_rss_mb(self) -> float:
        """The build's peak RSS: the largest of its steps'."""
        return max(self.phases[s].rss_mb for s in BUILD_STEPS)


@dataclass
class Goal:
    name: str
    figure: str
    goal: str
    holds: bool | None  # None: nothing to judge (no figure, or the first scale of a trend)

    @property
    def verdict(self) -> str:
        return {True: "holds", False: "does not hold", None: "n/a"}[self.holds]


# ---- arithmetic -------------------------------------------------------------------------------


def build_times(output: str) -> dict[str, float]:
    """Wall seconds per phase from a `salesdw build`'s Time line ({} when it printed none)."""
    match = TIME_LINE.search(output)
    if match is None:
        return {}
    times = {}
    for part in match["phases"].split(", "):
        phase, _, seconds = part.rpartition(" ")
        times[phase] = float(seconds)
    return times


def ratio(numerator: float, denominator: float) -> float | None:
    if math.isnan(numerator) or math.isnan(denominator) or not denominator:
        return None
    return numerator / denominator


def cpu_per_million_rows(run: Run) -> float | None:
    """The build's CPU seconds (load + seed + run + test) per million raw rows."""
    return ratio(run.build("cpu") * 1e6, run.raw_rows)


def ratios(run: Run) -> dict[str, float | None]:
    p = run.phases
    return {
        "test_cpu_over_run_cpu": ratio(p["dbt_test"].cpu, p["dbt_run"].cpu),
        "build_over_floor": ratio(run.build("wall"), p["floor"].wall),
        "build_cpu_over_floor_cpu": ratio(run.build("cpu"), p["floor"].cpu),
        "run_cpu_over_oracle_cpu": ratio(p["dbt_run"].cpu, p["oracle"].cpu),
        "cpu_s_per_million_rows": cpu_per_million_rows(run),
        "incremental_over_full_wall": ratio(p["incremental_day"].wall, p["full_build"].wall),
        "incremental_over_full_cpu": ratio(p["incremental_day"].cpu, p["full_build"].cpu),
        "no_new_rows_over_full_wall": ratio(p["no_new_rows"].wall, p["full_build"].wall),
        "no_new_rows_over_full_cpu": ratio(p["no_new_rows"].cpu, p["full_build"].cpu),
    }


def _at_most(value: float | None, limit: float) -> bool | None:
    return None if value is None or math.isnan(value) else value <= limit


def _fmt(value: float | None, digits: int = 2, suffix: str = "") -> str:
    return "n/a" if value is None or math.isnan(value) else f"{value:,.{digits}f}{suffix}"


def _percent(value: float | None) -> str:
    return _fmt(None if value is None else 100 * value, 0, " %")


def goals(run: Run, previous: Run | None = None) -> list[Goal]:
    """Issue 14's goals for one scale; `previous` is the run's scale before it (the trend of
    CPU seconds per million rows is judged against it)."""
    r = ratios(run)
    per_million = r["cpu_s_per_million_rows"]
    before = cpu_per_million_rows(previous) if previous is not None else None
    if per_million is None or before is None:
        flat, trend = None, "first scale of the run" if previous is None else "n/a"
    else:
        flat = per_million <= before * (1 + FLAT_TOLERANCE)
        trend = f"{_fmt(per_million)} s (scale {previous.scale:g}: {_fmt(before)} s)"
    return [
        Goal(
            "dbt test CPU / dbt run CPU",
            _fmt(r["test_cpu_over_run_cpu"], suffix="x"),
            "<= 1 (at scale 50)",
            _at_most(r["test_cpu_over_run_cpu"], 1),
        ),
        Goal(
            "(load + seed + run + test) / floor, wall",
            _fmt(r["build_over_floor"], 1, "x"),
            "<= 20 (at scale 50)",
            _at_most(r["build_over_floor"], 20),
        ),
        Goal(
            "dbt run CPU / oracle CPU",
            _fmt(r["run_cpu_over_oracle_cpu"], suffix="x"),
            "<= 1 (at scale 50)",
            _at_most(r["run_cpu_over_oracle_cpu"], 1),
        ),
        Goal(
            "build CPU s per million raw rows",
            trend,
            f"flat or falling (<= previous scale +{FLAT_TOLERANCE:.0%})",
            flat,
        ),
        Goal(
            "build peak RSS",
            f"{_fmt(run.peak_rss_mb, 0)} MB",
            "<= 6 GB (at scale 200)",
            _at_most(run.peak_rss_mb, PEAK_RSS_GOAL_MB),
        ),
        Goal(
            "generator peak RSS",
            f"{_fmt(run.phases['generate'].rss_mb, 0)} MB",
            "<= 2 GB (at scale 1000)",
            _at_most(run.phases["generate"].rss_mb, GENERATOR_RSS_GOAL_MB),
        ),
        Goal(
            "incremental day / full build, CPU",
            f"{_percent(r['incremental_over_full_cpu'])} (wall {_percent(r['incremental_over_full_wall'])})",
            f"<= {INCREMENTAL_GOAL:.0%} (at scale 50)",
            _at_most(r["incremental_over_full_cpu"], INCREMENTAL_GOAL),
        ),
        # Not a goal of its own: the least the day's build can cost as it is built now (the
        # same rebuild with no row to add), so the goal above cannot be lower than this.
        Goal(
            "no new rows / full build, CPU",
            f"{_percent(r['no_new_rows_over_full_cpu'])} (wall {_percent(r['no_new_rows_over_full_wall'])})",
            "none: the incremental day's least cost",
            None,
        ),
    ]


# ---- outputs ----------------------------------------------------------------------------------


def report(runs: list[Run]) -> str:
    """The run's Markdown report: figures per scale, goals per scale, raw rows per table."""
    lines = [
        f"## DuckDB benchmark (seed {SEED}, as of {AS_OF}, {os.cpu_count()} cores, one run)",
        "",
        "Seconds are wall / CPU (user + system of the step's processes); the floor and the oracle "
        "count their own work only.",
        "",
        "| scale | raw rows | generator s | floor s | load s | dbt seed s | dbt run s | dbt test s "
        "| oracle s | full build s | incremental day s | no new rows s | build peak RSS MB "
        "| oracle peak RSS MB | file MB | kpi_values rows |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        p = run.phases
        lines.append(
            f"| {run.scale:g} | {run.raw_rows:,} | "
            + " | ".join(
                "not run" if math.isnan(p[s].wall) else f"{p[s].wall:.2f} / {p[s].cpu:.2f}" for s in PHASES
            )
            + f" | {_fmt(run.peak_rss_mb, 0)} | {_fmt(p['oracle'].rss_mb, 0)} | {_fmt(run.file_mb, 1)} | "
            + ("not run" if math.isnan(run.file_mb) else f"{run.kpi_rows:,}")
            + " |"
        )
    lines += ["", "| scale | goal | figure | target | verdict |", "|---|---|---|---|---|"]
    for i, run in enumerate(runs):
        for g in goals(run, runs[i - 1] if i else None):
            lines.append(f"| {run.scale:g} | {g.name} | {g.figure} | {g.goal} | {g.verdict} |")
    lines += _times_table(runs)
    tables = sorted({t for run in runs for t in run.table_rows})
    lines += [
        "",
        "| table | " + " | ".join(f"scale {run.scale:g}" for run in runs) + " |",
        "|---|" + "---|" * len(runs),
    ]
    for table in tables:
        lines.append(f"| {table} | " + " | ".join(f"{run.table_rows.get(table, 0):,}" for run in runs) + " |")
    return "\n".join(lines)


def _time_phases(runs: list[Run]) -> list[str]:
    """The phases of the day's builds, in the order their Time lines give them."""
    return list(dict.fromkeys(p for run in runs for times in run.build_times.values() for p in times))


def _times_table(runs: list[Run]) -> list[str]:
    """Where each of the day's builds spent its wall seconds, per phase (none: no lines)."""
    phases = _time_phases(runs)
    if not phases:
        return []
    lines = [
        "",
        "Wall seconds per phase of each build of the day (its `Time:` line):",
        "",
        "| scale | build | " + " | ".join(phases) + " |",
        "|---|---|" + "---|" * len(phases),
    ]
    for run in runs:
        for step in DAY_STEPS:
            if times := run.build_times.get(step):
                cells = " | ".join(_fmt(times.get(phase), 1) for phase in phases)
                lines.append(f"| {run.scale:g} | {LABELS[step]} | {cells} |")
    return lines


def _time_column(step: str, phase: str) -> str:
    return f"time {step}: {phase}"


def csv_rows(runs: list[Run]) -> list[dict[str, object]]:
    """One row per scale: every figure, ratio and goal verdict."""
    tables = sorted({t for run in runs for t in run.table_rows})
    rows = []
    for i, run in enumerate(runs):
        row: dict[str, object] = {"scale": run.scale, "raw_rows": run.raw_rows}
        row.update({f"rows_{t}": run.table_rows.get(t, 0) for t in tables})
        for name in PHASES:
            ph = run.phases[name]
            row.update(
                {
                    f"{name}_wall_s": round(ph.wall, 3),
                    f"{name}_cpu_s": round(ph.cpu, 3),
                    f"{name}_peak_rss_mb": round(ph.rss_mb, 1),
                }
            )
        row.update(
            {
                "build_wall_s": round(run.build("wall"), 3),
                "build_cpu_s": round(run.build("cpu"), 3),
                "build_peak_rss_mb": round(run.peak_rss_mb, 1),
                "day_rows": run.day_rows,
                "file_mb": round(run.file_mb, 2),
                "kpi_values_rows": run.kpi_rows,
                "oracle_rows": run.oracle_rows,
                "generate_s": round(run.generate_s, 3),
            }
        )
        row.update({k: None if v is None else round(v, 4) for k, v in ratios(run).items()})
        row.update(
            {
                _time_column(step, phase): run.build_times.get(step, {}).get(phase)
                for step in DAY_STEPS
                for phase in _time_phases(runs)
            }
        )
        for g in goals(run, runs[i - 1] if i else None):
            row["goal: " + g.name] = g.verdict
        rows.append(row)
    return rows


def write_csv(runs: list[Run], path: Path) -> None:
    rows = csv_rows(runs)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def write_markdown(runs: list[Run], path: Path) -> None:
    path.write_text(report(runs) + "\n", encoding="utf-8")


def write_chart(runs: list[Run], path: Path) -> None:
    """Seconds against raw rows per phase (log-log), wall and CPU side by side."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [run.raw_rows for run in runs]
    fig, axes = plt.subplots(1, 2, figsize=(12, 5), sharex=True)
    for ax, measure, title in zip(axes, ("wall", "cpu"), ("wall seconds", "CPU seconds")):
        for name in PHASES:
            ax.plot(
                rows, [getattr(run.phases[name], measure) for run in runs], marker="o", label=LABELS[name]
            )
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("raw rows")
        ax.set_ylabel(title)
        ax.set_title(f"{title} per phase")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].legend()
    fig.suptitle(
        f"salesdw benchmark (DuckDB, seed {SEED}, scales " + ", ".join(f"{run.scale:g}" for run in runs) + ")"
    )
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


# ---- measuring --------------------------------------------------------------------------------


def _measured(
    step: str, command: list[str], env: dict[str, str], log_dir: Path, scale: float
) -> tuple[Phase, str]:
    """Run `command`, return its wall and CPU seconds, peak RSS and its stdout."""
    log = log_dir / f"{step}.log"
    started = time.monotonic()
    with open(log, "w", encoding="utf-8") as err:
        proc = subprocess.Popen(
            command, cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, stderr=err, text=True
        )
        out = proc.stdout.read()
        proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    with open(log, "a", encoding="utf-8") as f:
        f.write(out)
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8")[-4000:]
        raise SystemExit(f"benchmark: {step} failed at scale {scale:g} (log: {log})\n{tail}")
    return Phase(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024), out


def generated_rows(output: str) -> dict[str, int]:
    """Rows per table from the generator's report lines ("<table>  <rows> rows  <size> KiB")."""
    rows = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[2] == "rows" and parts[0] != "total":
            rows[parts[0]] = int(parts[1])
    return rows


def bench_scale(scale: float, work_dir: Path, skip: tuple[str, ...] = ()) -> Run:
    run = Run(scale)
    scale_dir = work_dir / f"scale-{scale:g}"
    raw_dir, target_dir = scale_dir / "raw", scale_dir / "target"
    duckdb_path = scale_dir / "warehouse.duckdb"
    scale_dir.mkdir(parents=True, exist_ok=True)

    python, bin_dir = sys.executable, Path(sys.executable).parent
    # In its own process: its memory is measured, and the steps after it are not forked from a
    # process holding the generator's memory (a child's peak RSS counts what it was forked with).
    run.phases["generate"], out = _measured(
        "generate",
        [
            python,
            "-m",
            "salesdw.generate",
            "--out",
            str(raw_dir),
            "--seed",
            str(SEED),
            "--scale",
            f"{scale:g}",
            "--as-of",
            AS_OF,
        ],
        dict(os.environ),
        scale_dir,
        scale,
    )
    run.table_rows = generated_rows(out)
    run.generate_s = run.phases["generate"].wall
    env = {
        **os.environ,
        **SETTINGS,
        "DUCKDB_PATH": str(duckdb_path),
        "CRM_AS_OF": AS_OF,
        "CRM_RAW_DIR": str(raw_dir),
        "CRM_SOURCE": "contract",
        "DBT_TARGET": "dev",
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }

    phase, out = _measured("floor", [python, "-c", FLOOR_CODE, str(raw_dir)], env, scale_dir, scale)
    floor = json.loads(out.strip().splitlines()[-1])
    run.phases["floor"] = Phase(floor["wall"], floor["cpu"], phase.rss_mb)

    dbt_paths = ["--target-path", str(target_dir), "--log-path", str(scale_dir / "logs")]
    commands = {
        "load": [str(bin_dir / "salesdw"), "load", "--raw-dir", str(raw_dir), "--duckdb", str(duckdb_path)],
        "dbt_seed": [str(bin_dir / "dbt"), "seed", *dbt_paths],
        "dbt_run": [str(bin_dir / "dbt"), "run", *dbt_paths],
        "dbt_test": [str(bin_dir / "dbt"), "test", "--exclude", "test_type:unit", *dbt_paths],
    }
    for name in (phase for part in skip for phase in SKIPPABLE[part]):
        run.phases[name] = Phase.not_run()
    for step, command in commands.items():
        if step not in run.phases:
            run.phases[step], _ = _measured(step, command, env, scale_dir, scale)
    if "oracle" not in skip:
        _bench_oracle(run, raw_dir, scale_dir, env)
    if "build" not in skip:
        con = duckdb.connect(str(duckdb_path), read_only=True)
        try:
            run.kpi_rows = con.execute("select count(*) from marts.kpi_values").fetchone()[0]
        finally:
            con.close()
        run.file_mb = duckdb_path.stat().st_size / 1e6
    if "day" not in skip:
        bench_day(run, raw_dir, scale_dir, env)
    return run


def _bench_oracle(run: Run, raw_dir: Path, scale_dir: Path, env: dict[str, str]) -> None:
    python, scale = sys.executable, run.scale
    phase, out = _measured(
        "oracle",
        [
            python,
            "-c",
            ORACLE_CODE,
            str(PROJECT_DIR),
            str(raw_dir),
            AS_OF,
            SETTINGS["CRM_REPORTING_CURRENCY"],
            SETTINGS["CRM_MRR_SNAPSHOT"],
            SETTINGS["CRM_FX_BASE"],
        ],
        env,
        scale_dir,
        scale,
    )
    oracle = json.loads(out.strip().splitlines()[-1])
    run.phases["oracle"] = Phase(oracle["wall"], oracle["cpu"], phase.rss_mb)
    run.oracle_rows = sum(oracle["rows"].values())


def bench_day(run: Run, raw_dir: Path, scale_dir: Path, env: dict[str, str]) -> None:
    """A day of new data: `salesdw build` of the day before, the same folder again with nothing
    new (timed), then with the day appended (timed), and that folder from scratch
    (--full-refresh, timed)."""
    day_dir = scale_dir / "day"
    moved = split_day(raw_dir, DAY, day_dir / "before", day_dir / "after")
    run.day_rows = sum(moved.values())
    inbox = day_dir / "inbox"
    shutil.copytree(day_dir / "before", inbox)

    def build(folder: Path, *args: str) -> list[str]:
        return [
            str(Path(sys.executable).parent / "salesdw"),
            "build",
            "--raw-dir",
            str(inbox),
            "--duckdb",
            str(folder / "warehouse.duckdb"),
            "--bi-duckdb",
            str(folder / "bi.duckdb"),
            "--target-path",
            str(folder / "target"),
            *args,
        ]

    def reusing(step: str, what: str) -> Phase:
        """A timed build of the daily folder, which must reuse the published typed rows."""
        phase, out = _measured(step, build(day_dir / "daily"), env, scale_dir, run.scale)
        if "Incremental: nothing reused" in out:
            raise SystemExit(
                f"benchmark: {what} reused nothing at scale {run.scale:g} (log: {scale_dir / step}.log)"
            )
        run.build_times[step] = build_times(out)
        return phase

    _measured("day_before", build(day_dir / "daily"), env, scale_dir, run.scale)
    run.phases["no_new_rows"] = reusing("no_new_rows", "the rebuild with no new rows")
    for path in (day_dir / "after").glob("*.csv"):
        shutil.copyfile(path, inbox / path.name)
    run.phases["incremental_day"] = reusing("incremental_day", "the day's build")
    run.phases["full_build"], out = _measured(
        "full_build", build(day_dir / "full", "--full-refresh"), env, scale_dir, run.scale
    )
    run.build_times["full_build"] = build_times(out)


def write_outputs(runs: list[Run], out_dir: Path, stamp: str) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    base = out_dir / f"benchmark-{stamp}"
    paths = [base.with_suffix(".csv"), base.with_suffix(".md"), base.with_suffix(".png")]
    write_csv(runs, paths[0])
    write_markdown(runs, paths[1])
    write_chart(runs, paths[2])
    return paths


def runs_from_csv(path: Path) -> list[Run]:
    """The runs of an earlier benchmark, from its CSV (to write its report again)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    runs = []
    for row in rows:
        run = Run(
            float(row["scale"]),
            kpi_rows=int(row["kpi_values_rows"]),
            oracle_rows=int(row["oracle_rows"]),
            file_mb=float(row["file_mb"]),
            generate_s=float(row["generate_s"]),
            day_rows=int(row.get("day_rows") or 0),
        )
        run.table_rows = {k[len("rows_") :]: int(v) for k, v in row.items() if k.startswith("rows_")}
        for key, value in row.items():
            if key.startswith("time ") and value:
                step, _, phase = key[len("time ") :].partition(": ")
                run.build_times.setdefault(step, {})[phase] = float(value)
        run.phases = {
            name: Phase(
                float(row[f"{name}_wall_s"]), float(row[f"{name}_cpu_s"]), float(row[f"{name}_peak_rss_mb"])
            )
            if f"{name}_wall_s" in row
            else Phase.not_run()
            for name in PHASES
        }
        runs.append(run)
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m salesdw.benchmark",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 10.0, 50.0])
    parser.add_argument("--work-dir", help="where datasets and warehouses go (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the work dir")
    parser.add_argument(
        "--out-dir",
        default=str(PROJECT_DIR / "target" / "benchmark"),
        help="where the CSV, Markdown and PNG go (default: target/benchmark)",
    )
    parser.add_argument(
        "--skip",
        nargs="+",
        default=[],
        choices=tuple(SKIPPABLE),
        help="leave out the oracle, the day of new data and/or the warehouse build "
        "(large scales; --skip build oracle day measures the generator alone)",
    )
    parser.add_argument("--report-from", help="write the report of an earlier run's CSV again (no measuring)")
    args = parser.parse_args(argv)
    if args.report_from:
        runs = runs_from_csv(Path(args.report_from))
        print(report(runs))
        for path in write_outputs(
            runs, Path(args.out_dir), Path(args.report_from).stem.removeprefix("benchmark-")
        ):
            print(f"wrote {path}")
        return 0

    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    work_dir = Path(args.work_dir or tempfile.mkdtemp(prefix="salesdw-bench-"))
    try:
        runs = []
        for scale in args.scales:
            run = bench_scale(scale, work_dir, tuple(args.skip))
            runs.append(run)
            print(
                f"scale {scale:g}: {run.raw_rows:,} raw rows; "
                + ", ".join(
                    f"{LABELS[k]} {v.wall:.1f} s ({v.cpu:.1f} CPU s)"
                    for k, v in run.phases.items()
                    if not math.isnan(v.wall)
                ),
                flush=True,
            )
        print()
        print(report(runs))
        print()
        for path in write_outputs(runs, Path(args.out_dir), stamp):
            print(f"wrote {path}")
    finally:
        if not args.keep and not args.work_dir:
            shutil.rmtree(work_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
