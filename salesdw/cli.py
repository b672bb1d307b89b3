"""Command line of the warehouse tooling: `salesdw load | summary | gx`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _cmd_load(args: argparse.Namespace) -> int:
    from salesdw.load import ContractError, load

    try:
        report = load(args.raw_dir, args.duckdb, schema=args.schema, as_of=args.as_of)
    except ContractError as exc:
        print(f"salesdw load: {exc}", file=sys.stderr)
        return 2
    total = sum(report.rows.values())
    print(f"Loaded {total:,} rows from {report.raw_dir} into {args.duckdb} (schema {args.schema}), "
          f"as of {report.as_of}.")
    for table, rows in report.rows.items():
        rejected = report.rejected.get(table, 0)
        note = " (absent: optional, empty)" if table in report.absent else ""
        note += f" + {rejected} unparseable lines -> quarantine" if rejected else ""
        print(f"  {table:<24} {rows:>9,}{note}")
    _print_notes(report.notes)
    return 0


def _print_notes(notes: list[str]) -> None:
    for note in notes:
        print(f"Note: {note}")


def _cmd_summary(args: argparse.Namespace) -> int:
    from salesdw.summary import print_summary

    return print_summary(Path(args.duckdb), Path(args.target_dir))


def _cmd_gx(args: argparse.Namespace) -> int:
    from salesdw.gx_checks import run_checkpoint

    return run_checkpoint(Path(args.duckdb))


def _cmd_pg(args: argparse.Namespace) -> int:
    from salesdw import postgres

    if args.action == "start":
        postgres.start(Path(args.cluster_dir), args.port)
        print(f"PostgreSQL cluster running on 127.0.0.1:{args.port} ({args.cluster_dir})")
    elif args.action == "stop":
        postgres.stop(Path(args.cluster_dir))
    elif args.action == "destroy":
        postgres.destroy(Path(args.cluster_dir))
    elif args.action == "load":
        from salesdw.load import ContractError, load_postgres

        try:
            report = load_postgres(args.raw_dir, postgres.dsn(args.port))
        except ContractError as exc:
            print(f"salesdw pg load: {exc}", file=sys.stderr)
            return 2
        print(f"Loaded {sum(report.rows.values()):,} rows from {report.raw_dir} into Postgres (schema raw).")
        _print_notes(report.notes)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="salesdw", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p_load = sub.add_parser("load", help="land a folder of contract files in the raw schema")
    p_load.add_argument("--raw-dir", required=True, help="folder with <table>.csv / .parquet files")
    p_load.add_argument("--duckdb", required=True, help="DuckDB warehouse file")
    p_load.add_argument("--schema", default="raw")
    p_load.add_argument("--as-of", default=None,
                        help="YYYY-MM-DD (default: CRM_AS_OF, else the sample's day for the sample, "
                             "else today); dbt runs with another as-of are refused")
    p_load.set_defaults(func=_cmd_load)

    p_sum = sub.add_parser("summary", help="print what the last build produced")
    p_sum.add_argument("--duckdb", required=True)
    p_sum.add_argument("--target-dir", default="target")
    p_sum.set_defaults(func=_cmd_summary)

    p_gx = sub.add_parser("gx", help="run the Great Expectations checkpoint over the marts")
    p_gx.add_argument("--duckdb", required=True)
    p_gx.set_defaults(func=_cmd_gx)

    p_pg = sub.add_parser("pg", help="the throwaway PostgreSQL cluster: start | stop | destroy | load")
    p_pg.add_argument("action", choices=["start", "stop", "destroy", "load"])
    p_pg.add_argument("--cluster-dir", default="/tmp/salesdw-pg")
    p_pg.add_argument("--port", type=int, default=5433)
    p_pg.add_argument("--raw-dir", help="with load: folder of contract files")
    p_pg.set_defaults(func=_cmd_pg)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
