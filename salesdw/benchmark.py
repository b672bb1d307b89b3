"""Benchmark: how load and build times grow with the data (DuckDB, the embedded default).

For each scale, in one run on this machine: generate a dataset (`salesdw.generate`, fixed seed
and as-of day), land it in a fresh DuckDB file (`salesdw load`), then `dbt run` (every model)
and `dbt test` (every data test; unit tests do not depend on the data and are left out).
Prints the seconds of each step, raw rows per second, and each scale's ratios to the first
one: a time ratio below the row ratio means the step scales better than linearly.

    python -m salesdw.benchmark --scales 1 4 [--work-dir DIR] [--keep]
    make benchmark BENCH_SCALES="1 4 10"

Figures from one run are comparable with each other, not with another machine's or another
moment's (other processes share the cores): compare ratios, not absolute seconds.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from salesdw.contract import PROJECT_DIR
from salesdw.generate import generate

AS_OF = "2026-09-15"
SEED = 7


@dataclass
class Run:
    scale: float
    raw_rows: int = 0
    kpi_rows: int = 0
    file_mb: float = 0.0
    seconds: dict[str, float] = field(default_factory=dict)


def _timed(run: Run, step: str, command: list[str], env: dict[str, str], log_dir: Path) -> None:
    started = time.monotonic()
    result = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
    run.seconds[step] = time.monotonic() - started
    (log_dir / f"{step}.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    if result.returncode != 0:
        raise SystemExit(f"benchmark: {step} failed at scale {run.scale:g} "
                         f"(log: {log_dir / f'{step}.log'})\n{result.stdout[-3000:]}{result.stderr[-2000:]}")


def bench_scale(scale: float, work_dir: Path) -> Run:
    run = Run(scale)
    scale_dir = work_dir / f"scale-{scale:g}"
    raw_dir, target_dir = scale_dir / "raw", scale_dir / "target"
    duckdb_path = scale_dir / "warehouse.duckdb"
    scale_dir.mkdir(parents=True, exist_ok=True)

    started = time.monotonic()
    run.raw_rows = sum(generate(raw_dir, seed=SEED, as_of=AS_OF, scale=scale).values())
    run.seconds["generate"] = time.monotonic() - started

    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "DUCKDB_PATH": str(duckdb_path), "CRM_AS_OF": AS_OF, "DBT_TARGET": "dev",
           "DBT_PROFILES_DIR": str(PROJECT_DIR), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    dbt_paths = ["--target-path", str(target_dir), "--log-path", str(scale_dir / "logs")]
    _timed(run, "load", [str(bin_dir / "salesdw"), "load", "--raw-dir", str(raw_dir),
                         "--duckdb", str(duckdb_path)], env, scale_dir)
    _timed(run, "dbt_seed", [str(bin_dir / "dbt"), "seed", *dbt_paths], env, scale_dir)
    _timed(run, "dbt_run", [str(bin_dir / "dbt"), "run", *dbt_paths], env, scale_dir)
    _timed(run, "dbt_test", [str(bin_dir / "dbt"), "test", "--exclude", "test_type:unit",
                             *dbt_paths], env, scale_dir)

    con = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        run.kpi_rows = con.execute("select count(*) from marts.kpi_values").fetchone()[0]
    finally:
        con.close()
    run.file_mb = duckdb_path.stat().st_size / 1e6
    return run


def report(runs: list[Run]) -> str:
    steps = ["load", "dbt_run", "dbt_test"]
    base = runs[0]
    lines = [
        f"DuckDB benchmark (seed {SEED}, as of {AS_OF}, {os.cpu_count()} cores, one run)",
        "",
        "| scale | raw rows | kpi_values rows | file MB | load s | dbt run s | dbt test s "
        "| total s | raw rows/s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        total = sum(run.seconds[s] for s in steps)
        lines.append(
            f"| {run.scale:g} | {run.raw_rows:,} | {run.kpi_rows:,} | {run.file_mb:.0f} | "
            + " | ".join(f"{run.seconds[s]:.1f}" for s in steps)
            + f" | {total:.1f} | {run.raw_rows / total:,.0f} |"
        )
    if len(runs) > 1:
        lines += ["", f"Ratios to scale {base.scale:g} (same run):", "",
                  "| scale | rows x | load x | dbt run x | dbt test x | total x |",
                  "|---|---|---|---|---|---|"]
        base_total = sum(base.seconds[s] for s in steps)
        for run in runs[1:]:
            total = sum(run.seconds[s] for s in steps)
            lines.append(
                f"| {run.scale:g} | {run.raw_rows / base.raw_rows:.2f} | "
                + " | ".join(f"{run.seconds[s] / base.seconds[s]:.2f}" for s in steps)
                + f" | {total / base_total:.2f} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m salesdw.benchmark", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 4.0])
    parser.add_argument("--work-dir", help="where datasets and warehouses go (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the work dir")
    args = parser.parse_args(argv)

    work_dir = Path(args.work_dir or tempfile.mkdtemp(prefix="salesdw-bench-"))
    try:
        runs = []
        for scale in args.scales:
            runs.append(bench_scale(scale, work_dir))
            print(f"scale {scale:g}: " + ", ".join(f"{k} {v:.1f} s" for k, v in
                                                  runs[-1].seconds.items()), flush=True)
        print()
        print(report(runs))
    finally:
        if not args.keep and not args.work_dir:
            shutil.rmtree(work_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
