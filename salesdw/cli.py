"""Command line of the warehouse tooling: `salesdw build | rollback | load | summary | gx | pg`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _cmd_load(args: argparse.Namespace) -> int:
    from salesdw.load import ContractError, load

    try:
        report = load(args.raw_dir, args.duckdb, schema=args.schema, as_of=args.as_of, source=args.source)
    except ContractError as exc:
        print(f"salesdw load: {exc}", file=sys.stderr)
        return 2
    print_load_report(report, args.duckdb, args.schema)
    return 0


def print_load_report(report, duckdb_path, schema: str = "raw") -> None:
    total = sum(report.rows.values())
    export = "" if report.source == "contract" else f" (a {report.source} export)"
    print(
        f"Loaded {total:,} rows from {report.raw_dir}{export} into {duckdb_path} (schema {schema}"
        f"{'' if export == '' else ' and raw_' + report.source}), as of {report.as_of}."
    )
    for table, rows in report.rows.items():
        rejected = report.rejected.get(table, 0)
        if table in report.provided:
            print(f"  {table:<24} {'':>9} (from the {report.source} objects)")
            continue
        note = " (absent: optional, empty)" if table in report.absent else ""
        if rejected:
            note += f" + {rejected:,} rejected record{'s' if rejected != 1 else ''} -> quarantine"
        print(f"  {table:<24} {rows:>9,}{note}")
    records, rejected = sum(report.records.values()), sum(report.rejected.values())
    print(
        f"Every record of the files is accounted for: {records:,} records = {total:,} rows + "
        f"{rejected:,} rejected (counted apart from DuckDB's reader)."
    )
    _print_notes(report.notes)


def _print_notes(notes: list[str]) -> None:
    for note in notes:
        print(f"Note: {note}")


def _cmd_build(args: argparse.Namespace) -> int:
    from salesdw.build import BuildFailed, BuildRequest, build

    request = BuildRequest(
        raw_dir=Path(args.raw_dir),
        warehouse=Path(args.duckdb),
        bi=Path(args.bi_duckdb),
        target_path=Path(args.target_path),
        dbt_args=args.dbt_args,
        as_of=args.as_of,
        full_refresh=args.full_refresh,
        allow_partial=args.allow_partial,
    )
    try:
        build(request)
    except BuildFailed as failure:
        print(
            f"salesdw build: {failure}\nThe published files are unchanged: {_published_state(request)}",
            file=sys.stderr,
        )
        return failure.code
    except Exception as error:  # a bug: one line here, the traceback in a file
        log = _write_traceback(request.target_path)
        print(
            f"salesdw build: unexpected error {type(error).__name__}: {error}\n"
            f"The published files are unchanged: {_published_state(request)}\n"
            f"Details: {log}",
            file=sys.stderr,
        )
        return 1
    return _build_summary(request)


def _build_summary(request) -> int:
    """The summary after a published build: rows per schema on the console, per table in the
    build log; then the next steps."""
    from salesdw.build_output import BuildConsole, captured, next_steps
    from salesdw.summary import print_summary

    console = BuildConsole(request.log_path, append=True)
    try:
        code, short = captured(print_summary, request.warehouse, request.target_path, compact=True)
        console.say(short)
        if code == 0:
            console.detail(captured(print_summary, request.warehouse, request.target_path)[1])
            console.say("\n".join(next_steps(request.bi, request.log_path)))
    finally:
        console.close()
    return code


def _write_traceback(folder: Path) -> Path:
    import traceback

    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "salesdw_error.log"
    log.write_text(traceback.format_exc(), encoding="utf-8")
    return log


def _published_state(request) -> str:
    from salesdw.build_info import describe_published

    return describe_published(request.warehouse)


def _cmd_rollback(args: argparse.Namespace) -> int:
    from salesdw.build_info import describe_published
    from salesdw.publish import PublishedFile, PublishError, rollback

    try:
        for path in (Path(args.duckdb), Path(args.bi_duckdb)):
            rollback(PublishedFile(path))
    except PublishError as error:
        print(f"salesdw rollback: {error}", file=sys.stderr)
        return 2
    print(f"Rolled back: {describe_published(Path(args.duckdb))} (run it again to undo).")
    return 0


def _cmd_pii_key(args: argparse.Namespace) -> int:
    import duckdb

    from salesdw.pii import record_pii_key

    con = duckdb.connect(args.duckdb)
    try:
        con.execute(f'create schema if not exists "{args.schema}"')
        record_pii_key(con, args.schema, Path(args.raw_dir or "."))
    finally:
        con.close()
    print(f"Wrote {args.schema}._pii_key (the email-hash key's pads) into {args.duckdb}.")
    return 0


def _cmd_summary(args: argparse.Namespace) -> int:
    from salesdw.summary import print_summary

    return print_summary(Path(args.duckdb), Path(args.target_dir))


def _cmd_gx(args: argparse.Namespace) -> int:
    from salesdw.gx_checks import run_checkpoint

    return run_checkpoint(Path(args.duckdb))


def _cmd_pg(args: argparse.Namespace) -> int:
    import psycopg2

    from salesdw import postgres

    try:
        return _run_pg(args, postgres)
    except postgres.ClusterError as exc:
        print(f"salesdw pg {args.action}: {exc}", file=sys.stderr)
        return 2
    except psycopg2.Error as exc:
        print(f"salesdw pg {args.action}: PostgreSQL said: {str(exc).strip()}", file=sys.stderr)
        return 2


def _run_pg(args: argparse.Namespace, postgres) -> int:
    cluster_dir = Path(args.cluster_dir) if args.cluster_dir else postgres.default_cluster_dir()
    args.port = args.port or int(os.environ.get("PGPORT") or 5433)
    if args.action == "start":
        postgres.start(cluster_dir, args.port)
        print(
            f"PostgreSQL cluster running on 127.0.0.1:{args.port} ({cluster_dir}; "
            f"passwords for PGPASSFILE in {cluster_dir / postgres.PGPASS_FILE})"
        )
    elif args.action in ("stop", "destroy"):
        done = getattr(postgres, args.action)(cluster_dir)
        verb = "stopped" if args.action == "stop" else "removed"
        print(
            f"PostgreSQL cluster {cluster_dir} {verb}"
            if done
            else f"No cluster at {cluster_dir}: nothing to {args.action}"
        )
    elif args.action == "load":
        return _pg_load(args, postgres)
    elif args.action in ("publish", "rollback"):
        return _pg_swap(args, postgres)
    return 0


def _pg_load(args: argparse.Namespace, postgres) -> int:
    from salesdw.load import ContractError, load_postgres

    try:
        report = load_postgres(args.raw_dir, postgres.dsn(args.port))
    except ContractError as exc:
        print(f"salesdw pg load: {exc}", file=sys.stderr)
        return 2
    print(f"Loaded {sum(report.rows.values()):,} rows from {report.raw_dir} into Postgres (schema raw).")
    _print_notes(report.notes)
    return 0


def _pg_swap(args: argparse.Namespace, postgres) -> int:
    schemas = postgres.mart_schemas()
    con = postgres.connect_builder(args.port)
    try:
        if args.action == "publish":
            state, replaced = postgres.publish(con, schemas, args.lock_timeout)
            kept = (
                f"the marts before are kept as {schemas.previous} (salesdw pg rollback)"
                if replaced
                else f"first publication, no {schemas.live} before"
            )
            print(f"Published {schemas.building} as {schemas.live} in one transaction ({state}); {kept}.")
        else:
            outside = postgres.rollback(con, schemas, args.lock_timeout)
            print(
                f"Swapped {schemas.live} and {schemas.previous}: BI reads the marts of before "
                f"(run rollback again to undo)."
            )
            if outside:
                print(
                    f"Note: views outside {schemas.live} still read the tables they read "
                    f"({'; '.join(outside)}); the next dbt build re-creates the project's own."
                )
    finally:
        con.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="salesdw", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p_load = sub.add_parser("load", help="land a folder of contract files in the raw schema")
    p_load.add_argument("--raw-dir", required=True, help="folder with <table>.csv / .parquet files")
    p_load.add_argument("--duckdb", required=True, help="DuckDB warehouse file")
    p_load.add_argument("--schema", default="raw")
    p_load.add_argument(
        "--as-of",
        default=None,
        help="YYYY-MM-DD (default: CRM_AS_OF, else the sample's day for the sample, "
        "else today); dbt runs with another as-of are refused",
    )
    p_load.add_argument(
        "--source",
        default=None,
        choices=["contract", "salesforce", "hubspot"],
        help="what the folder holds (default: CRM_SOURCE, else contract)",
    )
    p_load.set_defaults(func=_cmd_load)

    p_build = sub.add_parser(
        "build", help="load, build and test into new files, then publish them atomically"
    )
    p_build.add_argument("--raw-dir", required=True, help="folder with <table>.csv / .parquet files")
    p_build.add_argument("--duckdb", required=True, help="published warehouse file (engineers)")
    p_build.add_argument("--bi-duckdb", required=True, help="published BI file")
    p_build.add_argument("--target-path", default="target", help="dbt target folder")
    p_build.add_argument("--as-of", default=None, help="YYYY-MM-DD (default: CRM_AS_OF's rule)")
    p_build.add_argument(
        "--full-refresh",
        action="store_true",
        help="type every raw row again (reuse nothing of the published build)",
    )
    p_build.add_argument(
        "--allow-partial",
        action="store_true",
        help="publish even when the dbt arguments (--select, --exclude, ...) build part of the "
        "project; marts.build_info then says status published_partial",
    )
    p_build.add_argument("dbt_args", nargs="*", help="extra dbt build arguments, after --")
    p_build.set_defaults(func=_cmd_build)

    p_back = sub.add_parser("rollback", help="swap the published files with the previous build's")
    p_back.add_argument("--duckdb", required=True)
    p_back.add_argument("--bi-duckdb", required=True)
    p_back.set_defaults(func=_cmd_rollback)

    p_key = sub.add_parser(
        "pii-key", help="write raw._pii_key (when another tool than salesdw load lands raw data)"
    )
    p_key.add_argument("--duckdb", required=True)
    p_key.add_argument("--schema", default="raw")
    p_key.add_argument("--raw-dir", default=None, help="the input folder (the sample has a fixed key)")
    p_key.set_defaults(func=_cmd_pii_key)

    p_sum = sub.add_parser("summary", help="print what the last build produced")
    p_sum.add_argument("--duckdb", required=True)
    p_sum.add_argument("--target-dir", default="target")
    p_sum.set_defaults(func=_cmd_summary)

    p_gx = sub.add_parser("gx", help="run the Great Expectations checkpoint over the marts")
    p_gx.add_argument("--duckdb", required=True)
    p_gx.set_defaults(func=_cmd_gx)

    p_pg = sub.add_parser(
        "pg",
        help="Postgres: the throwaway cluster (start | stop | destroy), load, and the "
        "atomic swap of the marts (publish | rollback)",
    )
    p_pg.add_argument("action", choices=["start", "stop", "destroy", "load", "publish", "rollback"])
    p_pg.add_argument(
        "--cluster-dir", default=None, help="cluster folder (default /tmp/salesdw-pg-<hash of this checkout>)"
    )
    p_pg.add_argument("--port", type=int, default=None, help="server port (default: PGPORT, else 5433)")
    p_pg.add_argument("--raw-dir", help="with load: folder of contract files")
    p_pg.add_argument(
        "--lock-timeout",
        type=int,
        default=60,
        help="with publish/rollback: seconds to wait for BI queries on the marts",
    )
    p_pg.set_defaults(func=_cmd_pg)

    p_check = sub.add_parser(
        "check",
        help="lint the changed SQL, build and test only the changed models and their "
        "children in a copy of the published warehouse",
    )
    p_check.add_argument("--duckdb", required=True, help="the published warehouse file")
    p_check.set_defaults(func=_cmd_check)

    p_export = sub.add_parser(
        "crm-export",
        help="write a contract folder's org as a Salesforce or HubSpot export "
        "(and the contract folder it is equivalent to), e.g. to try CRM_SOURCE",
    )
    p_export.add_argument("crm", choices=["salesforce", "hubspot"])
    p_export.add_argument(
        "rest", nargs=argparse.REMAINDER, help="--from DIR --to DIR --equivalent DIR [--seed N]"
    )
    p_export.set_defaults(func=_cmd_crm_export)

    args = parser.parse_args(argv)
    return args.func(args)


def _cmd_check(args: argparse.Namespace) -> int:
    from salesdw.check import check

    return check(Path(args.duckdb).resolve())


def _cmd_crm_export(args: argparse.Namespace) -> int:
    import importlib

    module = importlib.import_module(f"salesdw.crm_export.{args.crm}")
    return module.main(args.rest)


if __name__ == "__main__":
    sys.exit(main())
