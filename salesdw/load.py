"""Land a folder of contract files (one <table>.csv or <table>.parquet each) in the `raw` schema,
or a CRM's export (CRM_SOURCE=salesforce|hubspot, see salesdw.crm_sources): the CRM's files in
`raw_<crm>` under Fivetran's snake_case names, contract files for what the CRM lacks in `raw`.

Every column is landed as text, exactly as written in the file (only an empty field is null),
so that staging can type it and quarantine what does not parse. A typed parquet column is
written as contract text first (`parquet_text_sql`). The loader itself only refuses what no
row-level rule can handle: a missing required table, an empty required file, a file missing a
contract column (or spelling it in another case), a CSV file that is not UTF-8 or not separated
by commas, has mixed line endings or a runaway quote (`salesdw.csv_records`), a parquet column
of a nested type. Records that are not valid CSV rows (wrong field count, broken quoting, longer
than 2,000,000 bytes) are not dropped: they go to raw._load_rejects, with their raw text (up to
64 KB), length and sha256, and from there to the quarantine.

Every record is accounted for: each CSV file's records are counted by an RFC 4180 parse of its
own, and the load fails unless `rows landed + records rejected = records in the file`. The load
replaces the raw tables in one transaction: a failed or killed load leaves them as they were.
"""

from __future__ import annotations

import codecs
import csv
import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

from salesdw.contract import REJECTS_TABLE, ROW_NUMBER_COLUMN, ContractTable, load_contract
from salesdw.crm_sources import CONTRACT, CrmSource, CrmSourceError, crm_files, load_crm_source, source_name
from salesdw.crm_sources import column_problems as crm_column_problems
from salesdw.csv_records import MAX_RECORD_BYTES, CsvScan, RawText, Record, read_record, scan_csv
from salesdw.currency import reporting_currency_problem
from salesdw.load_info import LOAD_INFO_TABLE, record_load, resolve_as_of
from salesdw.pii import PII_KEY_TABLE, record_pii_key
from salesdw.publish import lock_holder
from salesdw.run_settings import setting_problems


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
    "deal_stage_history": (
        "every open deal is in the first stage of its pipeline; days in stage will be empty"
    ),
    "pipeline_stages": "every stage is `unknown`: weighted pipeline is 0 and stage conversion will be empty",
    "activities": "the activity KPIs will be empty (and lead follow-up, response and reply rates)",
}

# Nested parquet types (DuckDB type ids): a cell must hold one scalar value.
NESTED_TYPES = {
    "list": "a list",
    "array": "an array",
    "struct": "a struct",
    "map": "a map",
    "union": "a union",
}
_TIMESTAMP_TYPES = {"timestamp", "timestamp_s", "timestamp_ms", "timestamp_ns"}
# Separators a CSV export may use instead of the contract's comma, as the message names them.
OTHER_SEPARATORS = {";": "semicolons (';')", "\t": "tabs", "|": "pipes ('|')"}
# DuckDB reads every record the loader keeps (at most MAX_RECORD_BYTES) with room to spare.
DUCKDB_MAX_LINE_SIZE = 2 * MAX_RECORD_BYTES
REJECTS_COLUMNS = {
    "table_name": "varchar",
    "file_name": "varchar",
    "line_number": "bigint",
    "raw_line": "varchar",
    "raw_line_length": "bigint",
    "raw_line_sha256": "varchar",
    "error_message": "varchar",
}


@dataclass
class LoadReport:
    raw_dir: Path
    rows: dict[str, int] = field(default_factory=dict)
    rejected: dict[str, int] = field(default_factory=dict)
    records: dict[str, int] = field(default_factory=dict)  # records in each file
    absent: list[str] = field(default_factory=list)
    as_of: str = ""
    source: str = CONTRACT
    provided: list[str] = field(default_factory=list)  # contract tables the CRM's adapter makes
    ignored: list[str] = field(default_factory=list)  # files of the folder no table reads
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
                    return InvalidByte(
                        bad, line + data.count(b"\n", 0, good), _column(path, line_start, bad), data[good]
                    )
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


def separator_problem(path: Path, header: list[str]) -> str | None:
    """A header without a comma but with another usual separator: the file is not comma
    separated (the most frequent other separator is named)."""
    if len(header) != 1:
        return None
    counts = {sep: header[0].count(sep) for sep in OTHER_SEPARATORS if sep in header[0]}
    if not counts:
        return None
    found = OTHER_SEPARATORS[max(counts, key=counts.get)]
    return (
        f"{path}: the header is separated by {found}, not commas: the contract wants "
        f"comma-separated files (RFC 4180); re-export the file with ',' as the separator"
    )


def column_problems(path: Path, found: list[str], table: ContractTable) -> list[str]:
    """A contract column missing from a file's columns, or spelled in another case."""
    by_lower = {column.lower(): column for column in found}
    problems = []
    for column in table.columns:
        if column in found:
            continue
        spelled = by_lower.get(column.lower())
        problems.append(
            f"{path}: column '{spelled}' should be spelled '{column}'"
            if spelled
            else f"{path}: required column '{column}' is missing"
        )
    return problems


def _parquet_problems(con: duckdb.DuckDBPyConnection, path: Path, table: ContractTable) -> list[str]:
    types = parquet_types(con, path)
    return [
        f"{path}: column '{column}' is {NESTED_TYPES[sql_type.id]} ({sql_type}), not one "
        f"value per cell: flatten it into scalar columns or write it as text before loading"
        for column, sql_type in types.items()
        if column in table.columns and sql_type.id in NESTED_TYPES
    ] + column_problems(path, list(types), table)


def _csv_problems(path: Path, table: ContractTable, scans: dict[str, CsvScan]) -> list[str]:
    bad = first_invalid_utf8(path)
    if bad:
        return [_not_utf8_message(path, bad)]
    header = csv_header(path)
    separator = separator_problem(path, header)
    problems = [separator] if separator else column_problems(path, header, table)
    if problems:
        return problems
    scan = scans[table.name] = scan_csv(path)
    return scan.problems(str(path))


def file_problems(
    con: duckdb.DuckDBPyConnection, path: Path, table: ContractTable, scans: dict[str, CsvScan] | None = None
) -> list[str]:
    """What keeps one present, non-empty file from being landed (empty when nothing). A CSV
    file's record scan is kept in `scans` (by table)."""
    if path.suffix == ".parquet":
        return _parquet_problems(con, path, table)
    return _csv_problems(path, table, {} if scans is None else scans)


def check_contract(
    raw_dir: Path,
    contract: dict[str, ContractTable],
    scans: dict[str, CsvScan] | None = None,
    source: CrmSource | None = None,
) -> dict[str, Path]:
    """Fail fast, before any model runs, on a missing required table or column, an empty
    required file, a CSV file that is not UTF-8, not comma separated, with mixed line endings
    or a runaway quote, or a nested parquet column. An empty optional file counts as absent.
    Returns the files to land, by table; the record scan of each CSV file goes into `scans`.
    With a CRM `source`, its files are checked too (by `<crm>.<table>`), and the contract
    tables its adapter provides are not read from contract files."""
    if not raw_dir.is_dir():
        raise ContractError(f"{raw_dir}: the raw data folder does not exist")
    con = duckdb.connect()
    files: dict[str, Path] = {}
    problems: list[str] = []
    crm_paths: set[Path] = set()
    if source is not None and not source.in_place:
        crm_found, problems = crm_files(raw_dir, source)
        crm_paths = set(crm_found.values())
        problems += _crm_problems(con, raw_dir, source, crm_found, files, {} if scans is None else scans)
    for table in contract.values():
        path = find_file(raw_dir, table.name)
        if path in crm_paths:
            path = None
        if source is not None and table.name in source.provides:
            if path is not None:
                problems.append(
                    f"{path}: with CRM_SOURCE={source.name} the table '{table.name}' comes from "
                    f"the {source.name} objects; remove {path.name} from the folder, or load it "
                    f"with CRM_SOURCE=contract"
                )
            continue
        if path is None:
            if table.required and source is None:
                problems.append(
                    f"{raw_dir / (table.name + '.csv')}: required table '{table.name}' is missing "
                    f"(expected {table.name}.csv or {table.name}.parquet)"
                )
            continue
        if is_empty_file(path):
            if table.required and source is None:
                problems.append(
                    f"{path}: the file is empty (no header row): the required table "
                    f"'{table.name}' needs at least its header row ({','.join(table.columns)}); "
                    f"re-export it with its header"
                )
            continue
        problems.extend(file_problems(con, path, table, scans))
        files[table.name] = path
    con.close()
    if problems:
        what = "the contract" if source is None else f"the {source.name} export's shape"
        raise ContractError(f"The raw data does not follow {what}:\n  " + "\n  ".join(problems))
    return files


def crm_key(source: CrmSource, table: str) -> str:
    """How a CRM table is named in the load report and the rejects: `<crm>.<table>`."""
    return f"{source.name}.{table}"


def _crm_problems(
    con: duckdb.DuckDBPyConnection,
    raw_dir: Path,
    source: CrmSource,
    found: dict[str, Path],
    files: dict[str, Path],
    scans: dict[str, CsvScan],
) -> list[str]:
    """Check the CRM's files (a required object missing or empty, a required column missing,
    a file that cannot be read as CSV or parquet); the files to land go into `files`."""
    problems = []
    for table in source.tables.values():
        key = crm_key(source, table.name)
        path = found.get(table.name)
        if path is None or is_empty_file(path):
            if table.required:
                spelled = f"{path.name} is empty (no header row)" if path else "no file holds it"
                problems.append(
                    f"{raw_dir}: required {source.name} table '{table.name}' is missing: "
                    f"{spelled} (expected e.g. {table.name}.csv, any case"
                    f"{', or ' + ', '.join(table.aliases) if table.aliases else ''})"
                )
            continue
        header = file_columns(con, path)
        as_table = ContractTable(name=key, required=table.required, columns=tuple(header), primary_key=())
        file_problem = file_problems(con, path, as_table, scans)
        problems += file_problem or crm_column_problems(path, header, source, table)
        files[key] = path
    return problems


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
        utc = (
            f"timezone('UTC', {column})"
            if sql_type.id == "timestamp with time zone"
            else f"cast({column} as timestamp)"
        )
        return (
            f"case when cast({utc} as time) = time '00:00:00' then cast(cast({utc} as date) as varchar) "
            f"else replace(cast({utc} as varchar), ' ', 'T') || 'Z' end"
        )
    return f"cast({column} as varchar)"


def land(
    raw_dir: Path,
    con: duckdb.DuckDBPyConnection,
    schema: str = "raw",
    files: dict[str, Path] | None = None,
    as_of: str | None = None,
    scans: dict[str, CsvScan] | None = None,
    source: str | None = None,
) -> LoadReport:
    """Check the contract (unless `files` is the result of check_contract, with the CSV record
    scans it made in `scans`) and land every contract table in `schema` of a DuckDB connection,
    with the load's input and as-of day in `_load_info` (as_of: None = CRM_AS_OF's rule). One
    transaction: on any error nothing is changed. `source`: the CRM (None = CRM_SOURCE)."""
    _check_settings()
    raw_dir = Path(raw_dir).resolve()
    contract = load_contract()
    crm = _crm_source(source)
    scans = {} if scans is None else scans
    if files is None:
        files = check_contract(raw_dir, contract, scans, crm)
    report = LoadReport(
        raw_dir=raw_dir,
        as_of=resolve_as_of(raw_dir, as_of),
        source=crm.name if crm else CONTRACT,
        provided=list(crm.provides) if crm else [],
    )
    con.begin()
    try:
        _land_all(con, schema, contract, files, scans, report)
        if crm is not None and not crm.in_place:
            _land_crm(con, crm, files, scans, report)
        elif crm is not None:
            report.notes.append(
                f"CRM_IN_PLACE: the {crm.name} tables are read where they are (dbt var "
                f"{crm.name}_schema), not from this folder; only its contract files were loaded"
            )
        _record(con, schema, contract, files, report, crm)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return report


def _land_all(
    con: duckdb.DuckDBPyConnection,
    schema: str,
    contract: dict[str, ContractTable],
    files: dict[str, Path],
    scans: dict[str, CsvScan],
    report: LoadReport,
) -> None:
    con.execute(f"create schema if not exists {_q(schema)}")
    columns = ", ".join(f"{name} {sql_type}" for name, sql_type in REJECTS_COLUMNS.items())
    con.execute(f"create or replace table {_q(schema)}.{_q(REJECTS_TABLE)} ({columns})")
    for table in contract.values():
        path = files.get(table.name)
        if path is None:
            _land_absent(con, schema, table, report)
        elif path.suffix == ".parquet":
            _land_parquet(con, schema, table, path, report)
        else:
            scan = scans.get(table.name) or _checked_scan(path)
            _land_csv(con, schema, table, path, scan, report)
        if path is not None and report.rows[table.name] == 0:
            report.notes.append(empty_table_note(table.name))


def _record(
    con: duckdb.DuckDBPyConnection,
    schema: str,
    contract: dict[str, ContractTable],
    files: dict[str, Path],
    report: LoadReport,
    crm: CrmSource | None,
) -> None:
    """After landing: the reporting currency check, the ignored files, _load_info, _pii_key."""
    if crm is None or "fx_rates" not in crm.provides:
        problem = reporting_currency_problem(
            con, f"{_q(schema)}.{_q('fx_rates')}", files.get("fx_rates"), report.raw_dir
        )
        if problem:
            raise ContractError(problem)
    read = set(files.values())
    report.ignored = sorted(
        path.name
        for path in report.raw_dir.iterdir()
        if path.is_file() and path.suffix.lower() in (".csv", ".parquet") and path not in read
    )
    if report.ignored and crm is not None:
        report.notes.append(
            f"{len(report.ignored)} file(s) not read (no {crm.name} table or contract table of "
            f"that name): {', '.join(report.ignored[:12])}{' ...' if len(report.ignored) > 12 else ''}"
        )
    record_load(con, schema, report.raw_dir, list(files.values()), report.as_of, report.source)
    record_pii_key(con, schema, report.raw_dir)


def _check_settings() -> None:
    """The run settings (env vars) the warehouse cannot use stop the load before it reads a file."""
    problems = setting_problems()
    if problems:
        raise ContractError("\n".join(problems))


def _crm_source(source: str | None) -> CrmSource | None:
    """The CRM of the load (None for contract files); env CRM_IN_PLACE=1: its tables are
    already in the warehouse, so only the folder's contract files are landed."""
    try:
        name = source_name(source)
        crm = None if name == CONTRACT else load_crm_source(name)
    except CrmSourceError as error:
        raise ContractError(str(error)) from None
    if crm is not None and os.environ.get("CRM_IN_PLACE", "").strip().lower() in ("1", "true", "yes"):
        crm = replace(crm, in_place=True)
    return crm


def _land_crm(
    con: duckdb.DuckDBPyConnection,
    crm: CrmSource,
    files: dict[str, Path],
    scans: dict[str, CsvScan],
    report: LoadReport,
) -> None:
    """Land the CRM's tables in raw_<crm>: every column of each file as text under its landed
    name, declared columns the file lacks as nulls, absent tables empty."""
    con.execute(f"create schema if not exists {_q(crm.schema)}")
    for table in crm.tables.values():
        key = crm_key(crm, table.name)
        path = files.get(key)
        target = f"{_q(crm.schema)}.{_q(table.name)}"
        if path is None:
            cols = ", ".join(f"{_q(c)} varchar" for c in table.columns if c != ROW_NUMBER_COLUMN)
            con.execute(
                f"create or replace table {target} ({ROW_NUMBER_COLUMN} bigint{', ' + cols if cols else ''})"
            )
            report.rows[key] = 0
            report.absent.append(key)
            continue
        header = file_columns(con, path)
        as_table = ContractTable(
            name=table.name, required=table.required, columns=tuple(header), primary_key=()
        )
        if path.suffix == ".parquet":
            _land_parquet(con, crm.schema, as_table, path, report)
        else:
            scan = scans.get(key) or _checked_scan(path)
            _land_csv(con, crm.schema, as_table, path, scan, report, rejects=("raw", key))
        for name in ("rows", "records", "rejected"):
            counts = getattr(report, name)
            if table.name in counts:
                counts[key] = counts.pop(table.name)
        for column in header:
            landed = crm.column_name(column)
            if landed != column:
                con.execute(f"alter table {target} rename column {_q(column)} to {_q(landed)}")
        landed_columns = {crm.column_name(c) for c in header} | {ROW_NUMBER_COLUMN}
        for column in table.columns:
            if column not in landed_columns:
                con.execute(f"alter table {target} add column {_q(column)} varchar")


def _land_absent(
    con: duckdb.DuckDBPyConnection, schema: str, table: ContractTable, report: LoadReport
) -> None:
    cols = ", ".join(f"{_q(c)} varchar" for c in table.columns)
    con.execute(f"create or replace table {_q(schema)}.{_q(table.name)} ({ROW_NUMBER_COLUMN} bigint, {cols})")
    report.absent.append(table.name)
    report.rows[table.name] = 0
    empty = find_file(report.raw_dir, table.name)
    if empty is not None and table.name not in report.provided:  # else a CRM file of that name
        report.notes.append(
            f"{table.name}: {empty.name} is empty (no header row): optional table, treated as absent"
        )


def _create_from(
    con: duckdb.DuckDBPyConnection,
    schema: str,
    table: ContractTable,
    path: Path,
    select_cols: str,
    relation: str,
) -> int:
    """Create the raw table from a file relation; its row count."""
    target = f"{_q(schema)}.{_q(table.name)}"
    try:
        con.execute(
            f"create or replace table {target} as "
            f"select row_number() over () as {ROW_NUMBER_COLUMN}, {select_cols} from {relation}"
        )
    except duckdb.Error as exc:  # an unreadable file is named, not a deep SQL crash
        reason = str(exc).strip().splitlines()[0]
        raise ContractError(f"{path}: could not be read: {reason}") from None
    return con.execute(f"select count(*) from {target}").fetchone()[0]


def _land_parquet(
    con: duckdb.DuckDBPyConnection, schema: str, table: ContractTable, path: Path, report: LoadReport
) -> None:
    types = parquet_types(con, path)
    select_cols = ", ".join(
        f"nullif({parquet_text_sql(_q(c), types[c])}, '') as {_q(c)}" for c in table.columns
    )
    rows = _create_from(con, schema, table, path, select_cols, _parquet_relation(path))
    report.rows[table.name] = report.records[table.name] = rows


def _checked_scan(path: Path) -> CsvScan:
    scan = scan_csv(path)
    problems = scan.problems(str(path))
    if problems:
        raise ContractError("The raw data does not follow the contract:\n  " + "\n  ".join(problems))
    return scan


def _csv_relation(path: Path, header: list[str]) -> str:
    columns = ", ".join(f"{_lit(h)}: 'varchar'" for h in header)
    return (
        f"read_csv({_lit(str(path))}, header = true, auto_detect = false, "
        f"columns = {{{columns}}}, delim = ',', quote = '\"', escape = '\"', "
        f"max_line_size = {DUCKDB_MAX_LINE_SIZE}, store_rejects = true, "
        f"rejects_scan = 'reject_scans', rejects_table = 'reject_errors')"
    )


def _land_csv(
    con: duckdb.DuckDBPyConnection,
    schema: str,
    table: ContractTable,
    path: Path,
    scan: CsvScan,
    report: LoadReport,
    rejects: tuple[str, str] | None = None,
) -> None:
    """Land a CSV file with DuckDB's reader (a record it cannot read, over its line size, is
    left out of the copy it reads and rejected here), then check that every record of the file
    is a row or a reject."""
    select_cols = ", ".join(_q(c) for c in table.columns)
    with tempfile.TemporaryDirectory(prefix="salesdw-load-") as tmp:
        source = _without_records(path, scan.over_long, Path(tmp)) if scan.over_long else path
        rows = _create_from(con, schema, table, path, select_cols, _csv_relation(source, csv_header(path)))
    reader_rejects = con.execute(
        "select line, string_agg(distinct error_message, '; '), any_value(csv_line) "
        "from reject_errors group by line order by line"
    ).fetchall()
    con.execute("drop table if exists reject_errors")
    con.execute("drop table if exists reject_scans")
    problem = _count_problem(path, scan, rows, reader_rejects)
    if problem:
        raise ContractError(problem)
    rejects_schema, rejects_table = rejects or (schema, table.name)
    rejected = _rejects(path, scan, reader_rejects)
    _insert_rejects(con, rejects_schema, rejects_table, path.name, rejected)
    report.rows[table.name] = rows
    report.rejected[table.name] = len(rejected)
    report.records[table.name] = scan.records


def _without_records(path: Path, records: list[Record], folder: Path) -> Path:
    """A copy of `path` where each of `records` is an empty line (which DuckDB skips, so its
    line numbers of the other records are unchanged)."""
    copy = folder / path.name
    with path.open("rb") as source, copy.open("wb") as target:
        position = 0
        for record in records:
            _copy_bytes(source, target, record.offset - position)
            source.seek(record.offset + record.length)
            position = record.offset + record.length
        _copy_bytes(source, target, None)
    return copy


def _copy_bytes(source, target, size: int | None, block: int = 1 << 22) -> None:
    while size is None or size > 0:
        data = source.read(block if size is None else min(block, size))
        if not data:
            return
        target.write(data)
        if size is not None:
            size -= len(data)


def _rejects(path: Path, scan: CsvScan, reader_rejects: list[tuple]) -> list[tuple]:
    """Every rejected record as (line, raw text, reason): those DuckDB's reader refused (found
    in the scan by DuckDB's line number, the scan's reason first) and the over-long ones."""
    by_unit = {record.unit: record for record in scan.bad}
    missing = frozenset(unit for unit, *_ in reader_rejects if unit not in by_unit)
    if missing:  # refused by the reader but valid for the scan: read them again
        by_unit.update(scan_csv(path, capture=missing).captured)
    rejects = []
    for unit, message, csv_line in reader_rejects:
        record = by_unit.get(unit)
        if record is None:  # not a record of the scan: keep what the reader saw
            rejects.append((unit, RawText.of(csv_line or ""), message))
        else:
            rejects.append((record.line, read_record(path, record), record.reason() or message))
    rejects += [(r.line, read_record(path, r), r.reason()) for r in scan.over_long]
    return sorted(rejects, key=lambda reject: reject[0])


def _count_problem(path: Path, scan: CsvScan, rows: int, reader_rejects: list[tuple]) -> str | None:
    """Why the rows and rejects do not add up to the records of the file (None when they do)."""
    rejected = len(reader_rejects) + len(scan.over_long)
    if rows + rejected == scan.records:
        return None
    return (
        f"{path}: the file holds {scan.records:,} records, but DuckDB's CSV reader returned "
        f"{rows:,} rows and rejected {rejected:,} records; {_where_reader_erred(scan, reader_rejects)}"
        f". Nothing was loaded: check the quoting there and re-export the file"
    )


def _where_reader_erred(scan: CsvScan, reader_rejects: list[tuple]) -> str:
    """The first record the reader and the scan disagree on, else the first one that is hard
    to read (text after a closing quote)."""
    bad = {record.unit: record for record in scan.bad if not record.over_long}
    refused = {unit for unit, *_ in reader_rejects}
    differ = sorted(refused.symmetric_difference(bad))
    if differ:
        record = bad.get(differ[0])
        line = record.line if record else differ[0]
        return f"they first disagree on the record at line {line}"
    hard = [record for record in scan.bad if record.malformed]
    if hard:
        return f"the reader probably went wrong at line {hard[0].line} (text after a closing quote)"
    return "the record where it went wrong could not be found"


def _insert_rejects(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, file_name: str, rejects: list[tuple]
) -> None:
    """Insert the rejects of one file in one statement (lists unnested side by side)."""
    if not rejects:
        return
    lines, texts, reasons = zip(*rejects)
    con.execute(
        f"insert into {_q(schema)}.{_q(REJECTS_TABLE)} select ?, ?, unnest(?::bigint[]), "
        "unnest(?::varchar[]), unnest(?::bigint[]), unnest(?::varchar[]), unnest(?::varchar[])",
        [
            table,
            file_name,
            list(lines),
            [t.text for t in texts],
            [t.length for t in texts],
            [t.sha256 for t in texts],
            [_with_truncation(r, t) for r, t in zip(reasons, texts)],
        ],
    )


def _with_truncation(reason: str, text: RawText) -> str:
    if not text.truncated:
        return reason
    return (
        f"{reason} (raw line: its first {len(text.text.encode('utf-8')):,} of "
        f"{text.length:,} bytes, sha256 {text.sha256})"
    )


def load(
    raw_dir: str | Path,
    duckdb_path: str | Path,
    schema: str = "raw",
    as_of: str | None = None,
    source: str | None = None,
) -> LoadReport:
    """Land raw_dir in the DuckDB warehouse file (the contract is checked before the file is
    opened, so a bad folder leaves no file behind; a load that fails later leaves the file as
    it was, and removes it when it made it)."""
    _check_settings()
    scans: dict[str, CsvScan] = {}
    crm = _crm_source(source)
    files = check_contract(Path(raw_dir).resolve(), load_contract(), scans, crm)
    created = not Path(duckdb_path).exists()
    con = _connect_for_writing(Path(duckdb_path))
    try:
        report = land(Path(raw_dir), con, schema, files, as_of, scans, crm.name if crm else CONTRACT)
    except BaseException:
        con.close()
        if created:
            _remove_warehouse(Path(duckdb_path))
        raise
    con.close()
    return report


def _connect_for_writing(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-write connection, or a ContractError naming the process that holds the file."""
    try:
        # The same memory cap as dbt's (profiles.yml): larger loads spill instead of growing.
        return duckdb.connect(
            str(path), config={"memory_limit": os.environ.get("DUCKDB_MEMORY_LIMIT", "4GB")}
        )
    except duckdb.IOException as error:
        if "lock" not in str(error).lower():
            raise
        holder = lock_holder(str(error)) or "another process"
        raise ContractError(
            f"{path}: the file is open in {holder}, so it cannot be written. Close that connection "
            f"(a BI tool should read the published bi.duckdb, read-only), or load into another file "
            f"(DUCKDB_PATH); `make build` never writes the published files."
        ) from None


def _remove_warehouse(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        if leftover.exists():
            os.remove(leftover)


def load_postgres(
    raw_dir: str | Path,
    dsn: str,
    schema: str = "raw",
    as_of: str | None = None,
    source: str | None = None,
) -> LoadReport:
    """Land raw_dir in a Postgres database: parsed exactly as for DuckDB (in memory), then
    written with COPY, every column as text."""
    import io

    import psycopg2

    con = duckdb.connect()
    report = land(Path(raw_dir), con, schema, as_of=as_of, source=source)
    tables = [(schema, t) for t in [*load_contract(), REJECTS_TABLE, LOAD_INFO_TABLE, PII_KEY_TABLE]]
    crm = _crm_source(report.source)
    if crm is not None and not crm.in_place:
        tables += [(crm.schema, t) for t in crm.tables]
    pg = psycopg2.connect(dsn)
    try:
        with pg, pg.cursor() as cursor:
            for schema, table in tables:
                cursor.execute(f"create schema if not exists {_q(schema)}")
                columns = [r[0] for r in con.execute(f"describe {_q(schema)}.{_q(table)}").fetchall()]
                types = {ROW_NUMBER_COLUMN: "bigint", "line_number": "bigint", "raw_line_length": "bigint"}
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
