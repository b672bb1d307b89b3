"""Land a folder of contract files (one <table>.csv or <table>.parquet each) in the `raw` schema.

Every column is landed as text, exactly as written in the file (only an empty field is null),
so that staging can type it and quarantine what does not parse. A typed parquet column is
written as contract text first (`parquet_text_sql`). The loader itself only refuses what no
row-level rule can handle: a missing required table, an empty required file, a file missing a
contract column, a CSV file that is not UTF-8, a parquet column of a nested type. Lines that are
not valid CSV rows (wrong field count, broken quoting) are not dropped: they go to
raw._load_rejects and from there to the quarantine.
"""
from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from salesdw.contract import REJECTS_TABLE, ROW_NUMBER_COLUMN, ContractTable, load_contract
from salesdw.currency import reporting_currency_problem
from salesdw.load_info import LOAD_INFO_TABLE, record_load, resolve_as_of
from salesdw.pii import PII_KEY_TABLE, record_pii_key


class ContractError(Exception):
    """The input folder does not follow the contract (message names the file and the column)."""


# What an empty table means for the KPIs (the line `salesdw load` prints for a file with a header
# and no rows); a table not listed here gets the generic wording.
EMPTY_TABLE_EFFECTS = {
    "users": "active reps and the per-rep KPIs will be empty; every owner is `unknown`",
    "teams": "teams are shown by their id, without a name",
    "accounts": "the region and segment of every deal, customer and subscription are `unknown`",
    "leads": "the lead KPIs will be empty; every deal's lead source is `unknown`",
    "deals": "the deal, pipeline and forecast KPIs will be empty",
    "deal_stage_history": "every open deal is in the first stage of its pipeline; days in stage will be empty",
    "pipeline_stages": "every stage is `unknown`: weighted pipeline is 0 and stage conversion will be empty",
    "activities": "the activity KPIs will be empty (and lead follow-up, response and reply rates)",
}

# Nested parquet types (DuckDB type ids): a cell must hold one scalar value.
NESTED_TYPES = {"list": "a list", "array": "an array", "struct": "a struct", "map": "a map",
                "union": "a union"}
_TIMESTAMP_TYPES = {"timestamp", "timestamp_s", "timestamp_ms", "timestamp_ns"}


@dataclass
class LoadReport:
    raw_dir: Path
    rows: dict[str, int] = field(default_factory=dict)
    rejected: dict[str, int] = field(default_factory=dict)
    absent: list[str] = field(default_factory=list)
    as_of: str = ""
    notes: list[str] = field(default_factory=list)  # one line each, printed by the CLIs


def empty_table_note(table: str) -> str:
    effect = EMPTY_TABLE_EFFECTS.get(table, "the KPIs that need it will be empty")
    return f"{table}: 0 rows: {effect}"


def find_file(raw_dir: Path, table: str) -> Path | None:
    for suffix in (".csv", ".parquet"):
        path = raw_dir / f"{table}{suffix}"
        if path.is_file():
            return path
    return None


def is_empty_file(path: Path) -> bool:
    """A file without even a header row: 0 bytes (a CSV: or only a BOM and blank lines)."""
    size = path.stat().st_size
    if path.suffix == ".csv" and 0 < size <= 1024:
        return not path.read_bytes().removeprefix(codecs.BOM_UTF8).strip()
    return size == 0


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _parquet_relation(path: Path) -> str:
    # binary_as_string: text written without the UTF8 annotation is still text
    return f"read_parquet({_lit(str(path))}, binary_as_string = true)"


def parquet_types(con: duckdb.DuckDBPyConnection, path: Path) -> dict[str, duckdb.DuckDBPyType]:
    """The columns of a parquet file and their DuckDB types."""
    try:
        relation = con.sql(f"select * from {_parquet_relation(path)}")
    except duckdb.Error as exc:
        raise ContractError(f"{path}: could not be read as parquet: {exc}") from exc
    return dict(zip(relation.columns, relation.types))


@dataclass(frozen=True)
class InvalidByte:
    """Where a file stops being UTF-8: offset counts from 0, line and column (characters) from 1."""
    offset: int
    line: int
    column: int
    value: int


def first_invalid_utf8(path: Path, chunk_size: int = 1 << 20) -> InvalidByte | None:
    """The first byte of `path` that is not UTF-8 (read in chunks), or None."""
    offset, line, line_start, pending = 0, 1, 0, b""  # offset: where `pending` starts
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(chunk_size)
            data = pending + chunk
            try:
                data.decode("utf-8")
                good = len(data)
            except UnicodeDecodeError as exc:
                cut = exc.reason == "unexpected end of data" and exc.end == len(data)
                good = exc.start
                if not chunk or not cut:  # an invalid byte (a character cut by the chunk waits)
                    line_start = _line_start(data, good, offset, line_start)
                    bad = offset + good
                    return InvalidByte(bad, line + data.count(b"\n", 0, good),
                                       _column(path, line_start, bad), data[good])
            if not chunk:
                return None
            line += data.count(b"\n", 0, good)
            line_start = _line_start(data, good, offset, line_start)
            offset, pending = offset + good, data[good:]


def _line_start(data: bytes, end: int, offset: int, previous: int) -> int:
    """File offset of the start of the line holding data[end] (data starts at `offset`)."""
    newline = data.rfind(b"\n", 0, end)
    return offset + newline + 1 if newline >= 0 else previous


def _column(path: Path, line_start: int, bad: int) -> int:
    with path.open("rb") as handle:
        handle.seek(line_start)
        return len(handle.read(bad - line_start).decode("utf-8")) + 1


def _not_utf8_message(path: Path, bad: InvalidByte) -> str:
    return (
        f"{path}: not UTF-8: byte 0x{bad.value:02X} at byte offset {bad.offset} (line {bad.line}, "
        f"column {bad.column}) is not valid UTF-8; re-export the file as UTF-8 (or convert it, "
        f"e.g. iconv -f WINDOWS-1252 -t UTF-8)"
    )


def csv_header(path: Path) -> list[str]:
    """The header of a UTF-8 CSV file (a BOM is skipped)."""
    with path.open(newline="", encoding="utf-8-sig", errors="replace") as handle:
        header = next(csv.reader(handle), None)
    return [h.strip() for h in header or []]


def file_columns(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    """The header of a CSV file, or the schema of a parquet file."""
    if path.suffix == ".parquet":
        return list(parquet_types(con, path))
    return csv_header(path)


def file_problems(con: duckdb.DuckDBPyConnection, path: Path, table: ContractTable) -> list[str]:
    """What keeps one present, non-empty file from being landed (empty when nothing)."""
    if path.suffix == ".parquet":
        types = parquet_types(con, path)
        problems = [
            f"{path}: column '{column}' is {NESTED_TYPES[sql_type.id]} ({sql_type}), not one "
            f"value per cell: flatten it into scalar columns or write it as text before loading"
            for column, sql_type in types.items()
            if column in table.columns and sql_type.id in NESTED_TYPES
        ]
    else:
        bad = first_invalid_utf8(path)
        if bad:
            return [_not_utf8_message(path, bad)]
        types, problems = dict.fromkeys(csv_header(path)), []
    return problems + [
        f"{path}: required column '{column}' is missing" for column in table.columns
        if column not in types
    ]


def check_contract(raw_dir: Path, contract: dict[str, ContractTable]) -> dict[str, Path]:
    """Fail fast, before any model runs, on a missing required table or column, an empty
    required file, a CSV file that is not UTF-8 or a nested parquet column. An empty optional
    file counts as absent. Returns the files to land, by table."""
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
        if is_empty_file(path):
            if table.required:
                problems.append(
                    f"{path}: the file is empty (no header row): the required table "
                    f"'{table.name}' needs at least its header row ({','.join(table.columns)}); "
                    f"re-export it with its header"
                )
            continue
        problems.extend(file_problems(con, path, table))
        files[table.name] = path
    con.close()
    if problems:
        raise ContractError("The raw data does not follow the contract:\n  " + "\n  ".join(problems))
    return files


def parquet_text_sql(column: str, sql_type: duckdb.DuckDBPyType) -> str:
    """SQL writing one scalar parquet column as contract text (see README, "Your own data"):
    a float as a plain decimal (a whole number without '.0'), a timestamp as ISO 8601 in UTC
    (a midnight as its date), anything else as DuckDB's text (true/false, YYYY-MM-DD, ...)."""
    if sql_type.id in ("double", "float"):
        text = f"cast({column} as varchar)"
        exponent = f"cast(split_part({text}, 'e', 2) as integer)"
        decimals = f"length(split_part(split_part({text}, 'e', 1), '.', 2))"
        return (
            f"case when {column} = trunc({column}) then printf('%.0f', {column}) "
            f"when contains({text}, 'e') then printf('%.*f', greatest(0, {decimals} - {exponent}), "
            f"{column}) else {text} end"
        )
    if sql_type.id in _TIMESTAMP_TYPES or sql_type.id == "timestamp with time zone":
        utc = (f"timezone('UTC', {column})" if sql_type.id == "timestamp with time zone"
               else f"cast({column} as timestamp)")
        return (
            f"case when cast({utc} as time) = time '00:00:00' then cast(cast({utc} as date) as varchar) "
            f"else replace(cast({utc} as varchar), ' ', 'T') || 'Z' end"
        )
    return f"cast({column} as varchar)"


def land(
    raw_dir: Path, con: duckdb.DuckDBPyConnection, schema: str = "raw",
    files: dict[str, Path] | None = None, as_of: str | None = None,
) -> LoadReport:
    """Check the contract (unless `files` is the result of check_contract) and land every
    contract table in `schema` of a DuckDB connection, with the load's input and as-of day in
    `_load_info` (as_of: None = CRM_AS_OF's rule)."""
    raw_dir = Path(raw_dir).resolve()
    contract = load_contract()
    if files is None:
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
            empty = find_file(raw_dir, table.name)
            if empty is not None:
                report.notes.append(
                    f"{table.name}: {empty.name} is empty (no header row): optional table, "
                    f"treated as absent"
                )
            continue
        if path.suffix == ".parquet":
            relation = _parquet_relation(path)
            types = parquet_types(con, path)
            select_cols = ", ".join(
                f"nullif({parquet_text_sql(_q(c), types[c])}, '') as {_q(c)}" for c in table.columns
            )
        else:
            header = csv_header(path)
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
        if report.rows[table.name] == 0:
            report.notes.append(empty_table_note(table.name))
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
    record_pii_key(con, schema, raw_dir)
    return report


def load(
    raw_dir: str | Path, duckdb_path: str | Path, schema: str = "raw", as_of: str | None = None
) -> LoadReport:
    """Land raw_dir in the DuckDB warehouse file (the contract is checked before the file is
    opened, so a bad folder leaves no file behind)."""
    files = check_contract(Path(raw_dir).resolve(), load_contract())
    con = duckdb.connect(str(duckdb_path))
    try:
        return land(Path(raw_dir), con, schema, files, as_of)
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
    report = land(Path(raw_dir), con, schema, as_of=as_of)
    tables = [t for t in load_contract()] + [REJECTS_TABLE, LOAD_INFO_TABLE, PII_KEY_TABLE]
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
