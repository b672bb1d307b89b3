"""python -m salesdw.dashboard start | stop | test | export (run by make dashboard,
dashboard-stop, test-dashboard, dashboard-export with .venv-superset's Python)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from salesdw.contract import PROJECT_DIR
from salesdw.dashboard import DashboardError
from salesdw.dashboard.api import SupersetApi
from salesdw.dashboard.bundle import build_zip, read_configs
from salesdw.dashboard.catalog import reference_problems, table_problems
from salesdw.dashboard.home import ADMIN_USER, Home

BUNDLE = PROJECT_DIR / "target" / "superset_import.zip"


def start(bi_path: Path) -> tuple[Home, str]:
    """Check the dashboards against the BI file, initialise Superset, import, start."""
    from salesdw.dashboard import server

    if not bi_path.exists():
        raise DashboardError(
            f"The BI file {bi_path} does not exist: run `make build` first (or point BI_DUCKDB_PATH at one)"
        )
    configs = read_configs()
    problems = reference_problems(configs) + table_problems(configs, bi_path)
    if problems:
        raise DashboardError(
            "The dashboards in dashboards/ do not fit the BI file:\n  " + "\n  ".join(problems)
        )
    home = Home.from_env()
    password = server.initialise(home)
    bundle = build_zip(bi_path, BUNDLE)
    server.start(home)
    SupersetApi(home.url, ADMIN_USER, password).import_assets(bundle)
    return home, password


def print_login(home: Home, password: str) -> None:
    print(
        f"Superset is running: {home.url}/dashboard/list/  (dashboards: {home.url}/superset/dashboard/"
        f"sales-leader/ and {home.url}/superset/dashboard/revops-data-quality/)"
    )
    print(
        f"Login: {ADMIN_USER} / {password}  (kept in {home.password_file}; set SUPERSET_ADMIN_PASSWORD "
        "to choose it)"
    )
    print(f"Log: {home.log_file}.  Stop it with: make dashboard-stop")


def test(bi_path: Path, out_dir: Path) -> int:
    from salesdw.dashboard import server
    from salesdw.dashboard.check import check_charts, check_descriptions
    from salesdw.dashboard.screenshot import screenshot_dashboards

    began = time.monotonic()
    home = Home.from_env()
    was_running = server.running_pid(home) is not None
    try:
        home, password = start(bi_path)
        print(f"Superset up on {home.url} ({time.monotonic() - began:.0f} s)", flush=True)
        failures, dashboards = check_charts(home.url, ADMIN_USER, password, read_configs())
        failures += check_descriptions(home.url, ADMIN_USER, password)
        shots = screenshot_dashboards(home.url, ADMIN_USER, password, dashboards, out_dir)
        for slug, problems in shots.items():
            failures += [f"{slug}: {problem}" for problem in problems]
            print(f"Screenshot: {out_dir / (slug + '.png')}")
    finally:
        if not was_running:
            server.stop(home)
    if failures:
        print("test-dashboard FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    print(f"test-dashboard passed in {time.monotonic() - began:.0f} s")
    return 0


def export() -> None:
    """The project's dashboards, as edited in the running Superset, back into dashboards/."""
    from salesdw.dashboard import server
    from salesdw.dashboard.export import write_export

    home = Home.from_env()
    if server.running_pid(home) is None:
        raise DashboardError("Superset is not running: start it with `make dashboard`, edit, then export")
    api = SupersetApi(home.url, ADMIN_USER, home.password_file.read_text().strip())
    slugs = {c["slug"] for n, c in read_configs().items() if n.startswith("dashboards/")}
    ids = [d["id"] for d in api.dashboards() if d["slug"] in slugs]
    written = write_export(api.export_dashboards(ids))
    print(f"Wrote {len(written)} files into dashboards/ (review with git diff): " + ", ".join(written))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m salesdw.dashboard")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("start", "test"):
        command = commands.add_parser(name)
        command.add_argument("--bi-duckdb", type=Path, default=PROJECT_DIR / "bi.duckdb")
        if name == "test":
            command.add_argument("--out", type=Path, default=PROJECT_DIR / "target" / "dashboards")
    commands.add_parser("stop")
    commands.add_parser("export")
    args = parser.parse_args(argv)
    try:
        if args.command == "start":
            home, password = start(args.bi_duckdb.resolve())
            print_login(home, password)
        elif args.command == "export":
            export()
        elif args.command == "stop":
            from salesdw.dashboard import server

            home = Home.from_env()
            print("Superset stopped." if server.stop(home) else f"No Superset of {home.path} is running.")
        else:
            return test(args.bi_duckdb.resolve(), args.out)
    except (DashboardError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # no traceback for the user, but what failed and where to look
        print(
            f"error: {args.command} failed: {type(error).__name__}: {error}\n"
            f"Superset's log: {Home.from_env().log_file}; run again with the same command after fixing it.",
            file=sys.stderr,
        )
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
