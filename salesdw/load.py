"""Land a folder of contract files (one <table>.csv or <table>.parquet each) in the `raw` schema.

Every column is landed as text, exactly as written in the file (only an empty field is null),
so that staging can type it and quarantine what does not parse. The loader itself only refuses
what no row-level rule can handle: a missing required table, or a file missing a contract
column. Lines that are not valid CSV rows (wrong field count, broken quoting) are not dropped:
they go to raw._load_rejects and from there to the quarantine.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from salesdw.contract import REJECTS_TABLE, ROW_NUMBER_COLUMN, ContractTable, load_contract
from salesdw.currency import reporting_currency_problem
from salesdw.load_info import LOAD_INFO_TABLE, record_load, resolve_as_of


class ContractError(Exception):
    """The input folder does not follow the contract (message names the file and the column)."""


@dataclass
class LoadReport:
    raw_dir: Path
    rows: dict[str, int] = field(default_factory=dict)
    rejected: dict[str, int] = field(default_factory=dict)
    absent: list[str] = field(default_factory=list)
    as_of: str = ""


def find_file(raw_dir: Path, table: str) -> Path | None:
    for suffix in (".csv", ".parquet"):
        path = raw_dir / f"{table}{suffix}"
        if path.is_file():
            return path
    return None


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def file_columns(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    """The header of a CSV file, or the schema of a parquet file."""
    if path.suffix == ".parquet":
        rows = con.execute(f"describe select * from read_parquet({_lit(str(path))})").fetchall()
        return [r[0] for r in rows]
    import csv

    with path.open(newline="", encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle), None)
    if not header:
        raise ContractError(f"{path}: the file is empty (no header row)")
    return [h.strip() for h in header]


def check_contract(raw_dir: Path, contract: dict[str, ContractTable]) -> dict[str, Path]:
    """Fail fast, before any model runs, on a missing required table or column."""
    if not raw_dir.is_dir():
        raise ContractError(f"{raw_dir}: the raw data folder does not exist")
    con = duckdb.connect()
    files: dict[str, Path] = {}
    problems: list[str] = []
    for table in contract.values():
        path = find_file(raw_dir, table.name)
        if path is None:
            if table.required:
                problems.append(
                    f"{raw_dir / (table.name + '.csv')}: required table '{table.name}' is missing "
                    f"(expected {table.name}.csv or {table.name}.parquet)"
                )
            continue
        present = set(file_columns(con, path))
        for column in table.columns:
            if column not in present:
                problems.append(f"{path}: required column '{column}' is missing")
        files[table.name] = path
    if problems:
        raise ContractError("The raw data does not follow the contract:\n  " + "\n  ".join(problems))
    return files


def land(
    raw_dir: Path, con: duckdb.DuckDBPyConnection, schema: str = "raw", as_of: str | None = None
) -> LoadReport:
    """Check the contract and land every contract table in `schema` of a DuckDB connection,
    with the load's input and as-of day in `_load_info` (as_of: None = CRM_AS_OF's rule)."""
    raw_dir = Path(raw_dir).resolve()
    contract = load_contract()
    files = check_contract(raw_dir, contract)
    report = LoadReport(raw_dir=raw_dir, as_of=resolve_as_of(raw_dir, as_of))
    con.execute(f"create schema if not exists {_q(schema)}")
    con.execute(
        f"create or replace table {_q(schema)}.{_q(REJECTS_TABLE)} ("
        "table_name varchar, file_name varchar, line_number bigint, raw_line varchar, "
        "error_message varchar)"
    )
    for table in contract.values():
        target = f"{_q(schema)}.{_q(table.name)}"
        path = files.get(table.name)
        if path is None:
            cols = ", ".join(f"{_q(c)} varchar" for c in table.columns)
            con.execute(f"create or replace table {target} ({ROW_NUMBER_COLUMN} bigint, {cols})")
            report.absent.append(table.name)
            report.rows[table.name] = 0
            continue
        if path.suffix == ".parquet":
            relation = f"read_parquet({_lit(str(path))})"
            select_cols = ", ".join(
                f"nullif(cast({_q(c)} as varchar), '') as {_q(c)}" for c in table.columns
            )
        else:
            header = file_columns(con, path)
            columns = ", ".join(f"{_lit(h)}: 'varchar'" for h in header)
            relation = (
                f"read_csv({_lit(str(path))}, header = true, auto_detect = false, "
                f"columns = {{{columns}}}, delim = ',', quote = '\"', escape = '\"', "
                f"store_rejects = true, rejects_scan = 'reject_scans', "
                f"rejects_table = 'reject_errors')"
            )
            select_cols = ", ".join(_q(c) for c in table.columns)
        try:
            con.execute(
                f"create or replace table {target} as "
                f"select row_number() over () as {ROW_NUMBER_COLUMN}, {select_cols} "
                f"from {relation}"
            )
        except duckdb.Error as exc:  # an unreadable file is named, not a deep SQL crash
            raise ContractError(f"{path}: could not be read: {exc}") from exc
        report.rows[table.name] = con.execute(f"select count(*) from {target}").fetchone()[0]
        if path.suffix != ".parquet":
            con.execute(
                f"insert into {_q(schema)}.{_q(REJECTS_TABLE)} "
                f"select {_lit(table.name)}, {_lit(path.name)}, line, "
                "any_value(csv_line), string_agg(error_message, '; ') "
                "from reject_errors group by line"
            )
            report.rejected[table.name] = con.execute(
                f"select count(*) from {_q(schema)}.{_q(REJECTS_TABLE)} "
                f"where table_name = {_lit(table.name)}"
            ).fetchone()[0]
            con.execute("drop table if exists reject_errors")
            con.execute("drop table if exists reject_scans")
    problem = reporting_currency_problem(
        con, f"{_q(schema)}.{_q('fx_rates')}", files.get("fx_rates"), raw_dir
    )
    if problem:
        raise ContractError(problem)
    record_load(con, schema, raw_dir, list(files.values()), report.as_of)
    return report


def load(
    raw_dir: str | Path, duckdb_path: str | Path, schema: str = "raw", as_of: str | None = None
) -> LoadReport:
    """Land raw_dir in the DuckDB warehouse file (the contract is checked before the file is
    opened, so a bad folder leaves no file behind)."""
    check_contract(Path(raw_dir).resolve(), load_contract())
    con = duckdb.connect(str(duckdb_path))
    try:
        return land(Path(raw_dir), con, schema, as_of)
    finally:
        con.close()


def load_postgres(
    raw_dir: str | Path, dsn: str, schema: str = "raw", as_of: str | None = None
) -> LoadReport:
    """Land raw_dir in a Postgres database: parsed exactly as for DuckDB (in memory), then
    written with COPY, every column as text."""
    import io

    import psycopg2

    con = duckdb.connect()
    report = land(Path(raw_dir), con, schema, as_of)
    tables = [t for t in load_contract()] + [REJECTS_TABLE, LOAD_INFO_TABLE]
    pg = psycopg2.connect(dsn)
    try:
        with pg, pg.cursor() as cursor:
            cursor.execute(f"create schema if not exists {_q(schema)}")
            for table in tables:
                columns = [r[0] for r in con.execute(f"describe {_q(schema)}.{_q(table)}").fetchall()]
                types = {ROW_NUMBER_COLUMN: "bigint", "line_number": "bigint"}
                ddl = ", ".join(f"{_q(c)} {types.get(c, 'text')}" for c in columns)
                # staging views depend on the raw tables; the dbt build after a load recreates them
                cursor.execute(f"drop table if exists {_q(schema)}.{_q(table)} cascade")
                cursor.execute(f"create table {_q(schema)}.{_q(table)} ({ddl})")
                frame = con.execute(f"select * from {_q(schema)}.{_q(table)}").df()
                buffer = io.StringIO()
                frame.to_csv(buffer, index=False, header=False, na_rep="\\N")
                buffer.seek(0)
                cursor.copy_expert(
                    f"copy {_q(schema)}.{_q(table)} from stdin with (format csv, null '\\N')",
                    buffer,
                )
    finally:
        pg.close()
        con.close()
    return report
