"""The `spark` target (dbt-spark, session mode): land the raw files in Spark and build.

Its own environment (pyspark is large): `requirements-spark.lock`, made by `make lock-spark`.
Nothing here is imported by the DuckDB or Postgres tooling.

The raw files are parsed exactly as for DuckDB (`salesdw.load.land` into an in-memory DuckDB,
so the contract check and `_load_rejects` are the same), written to parquet and saved as Spark
tables in the `raw` database: every contract column `string`, `_source_row_number` and
`_load_rejects.line_number` `bigint`.

The loader and dbt open one catalog: a Derby metastore and a warehouse folder under
SALESDW_SPARK_DIR (default `.spark`). The Spark settings are read from the `spark` output of
profiles.yml, so there is one place for them. Derby admits one JVM at a time: run the load,
then `dbt build`, one after the other (or `python -m salesdw.spark build`, which does both in
one process).

    python -m salesdw.spark load  --raw-dir seeds/crm_sample
    python -m salesdw.spark build --raw-dir seeds/crm_sample [dbt build args...]
    python -m salesdw.spark export --table marts.kpi_values --out /tmp/kpi.parquet
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import yaml

from salesdw.contract import PROJECT_DIR, REJECTS_TABLE, load_contract
from salesdw.load import ContractError, LoadReport, land
from salesdw.load_info import LOAD_INFO_TABLE
from salesdw.pii import PII_KEY_TABLE

PROFILE_NAME = "sales_warehouse"
PROFILE_OUTPUT = "spark"


def _render(value: str) -> str:
    """Render one profiles.yml value the way dbt does for the env_var calls it uses."""
    import jinja2

    def env_var(name: str, default: str | None = None) -> str:
        if name in os.environ:
            return os.environ[name]
        if default is None:
            raise KeyError(f"env var {name} is required by profiles.yml")
        return default

    return jinja2.Template(str(value)).render(env_var=env_var)


def spark_conf(profiles_dir: Path | None = None) -> dict[str, str]:
    """The server_side_parameters of the profiles.yml `spark` output, rendered."""
    profiles_dir = Path(profiles_dir or os.environ.get("DBT_PROFILES_DIR") or PROJECT_DIR)
    spec = yaml.safe_load((profiles_dir / "profiles.yml").read_text(encoding="utf-8"))
    output = spec[PROFILE_NAME]["outputs"][PROFILE_OUTPUT]
    conf = {str(k): _render(v) for k, v in (output.get("server_side_parameters") or {}).items()}
    conf["spark.sql.ansi.enabled"] = "false"  # dbt-spark forces it too
    return conf


def session(profiles_dir: Path | None = None):
    """The Spark session with the profile's settings (the same builder calls as dbt-spark)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.enableHiveSupport()
    for key, value in spark_conf(profiles_dir).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def to_pandas(frame):
    """A Spark DataFrame as a pandas one, built row by row from the Python values Spark
    returns (no dependence on pyspark's own pandas/Arrow conversion and its dtype rules)."""
    import pandas as pd

    return pd.DataFrame.from_records([row.asDict() for row in frame.collect()], columns=frame.columns)


def _q(identifier: str) -> str:
    return "`" + identifier.replace("`", "``") + "`"


def load_spark(raw_dir: str | Path, spark=None, schema: str = "raw") -> LoadReport:
    """Land raw_dir in the Spark catalog: parsed by DuckDB in memory exactly as `salesdw load`
    does, then every table written through parquet and saved as a Spark table."""
    from salesdw.crm_sources import CONTRACT, source_name

    if source_name() != CONTRACT:
        raise ContractError(
            f"CRM_SOURCE={source_name()}: the Spark build reads contract folders only (a CRM's "
            "export builds on DuckDB and Postgres); unset CRM_SOURCE, or convert the export "
            'with a DuckDB build first (README, "Your CRM")'
        )
    con = duckdb.connect()
    try:
        report = land(Path(raw_dir), con, schema, source=CONTRACT)
        spark = spark or session()
        spark.sql(f"create database if not exists {_q(schema)}")
        database_dir = spark.catalog.getDatabase(schema).locationUri.rstrip("/")
        tables = list(load_contract()) + [REJECTS_TABLE, LOAD_INFO_TABLE, PII_KEY_TABLE]
        with tempfile.TemporaryDirectory(prefix="salesdw-spark-") as tmp:
            for table in tables:
                # Spark skips files and folders whose name starts with '_' or '.'
                path = Path(tmp) / f"t{table}.parquet"
                con.execute(f'copy (select * from "{schema}"."{table}") to \'{path}\' (format parquet)')
                columns = con.execute(f'describe "{schema}"."{table}"').fetchall()
                ddl = ", ".join(
                    f"{_q(name)} {'bigint' if sql_type == 'BIGINT' else 'string'}"
                    for name, sql_type, *_ in columns
                )
                frame = spark.read.schema(ddl).parquet(str(path))
                # staging views read raw by name; replacing the table keeps them valid
                spark.sql(f"drop table if exists {_q(schema)}.{_q(table)}")
                writer = frame.write.format("parquet")
                if table.startswith(("_", ".")):
                    # ... so a table folder like raw.db/_load_rejects would read as empty:
                    # give it a folder name Spark reads (an external table, replaced each load)
                    location = f"{database_dir}/t{table}"
                    writer = writer.mode("overwrite").option("path", location)
                writer.saveAsTable(f"{_q(schema)}.{_q(table)}")
    finally:
        con.close()
    return report


def _dbt_build(args: list[str]) -> int:
    from dbt.cli.main import dbtRunner

    result = dbtRunner().invoke(["build", "--target", PROFILE_OUTPUT, *args])
    return 0 if result.success else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m salesdw.spark",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_load = sub.add_parser("load", help="land a folder of contract files in Spark's raw database")
    p_load.add_argument("--raw-dir", required=True)
    p_build = sub.add_parser("build", help="load, then dbt build --target spark, in one process")
    p_build.add_argument("--raw-dir", required=True)
    p_export = sub.add_parser("export", help="write one Spark table to a parquet file")
    p_export.add_argument("--table", required=True)
    p_export.add_argument("--out", required=True)
    args, rest = parser.parse_known_args(argv)
    if args.command != "build" and rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")

    if args.command == "export":
        frame = to_pandas(session().table(args.table))
        frame.to_parquet(args.out, index=False)
        print(f"{args.table}: {len(frame):,} rows -> {args.out}")
        return 0

    started = time.monotonic()
    try:
        report = load_spark(args.raw_dir)
    except ContractError as exc:
        print(f"salesdw spark load: {exc}", file=sys.stderr)
        return 2
    print(
        f"Loaded {sum(report.rows.values()):,} rows from {report.raw_dir} into Spark "
        f"(database raw) in {time.monotonic() - started:.0f} s."
    )
    for note in report.notes:
        print(f"Note: {note}")
    if args.command == "build":
        started = time.monotonic()
        status = _dbt_build(rest)
        print(f"dbt build --target spark: {time.monotonic() - started:.0f} s")
        return status
    return 0


if __name__ == "__main__":
    sys.exit(main())
