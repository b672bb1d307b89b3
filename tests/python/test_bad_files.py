"""The bad-file battery: what a real export gets wrong in the file itself, and what the loader
does with it. Every case ends either in a clear error (exit 2, the file and the line or column
named, no traceback, no warehouse written) or in a load where each refused record is in
raw._load_rejects with its reason; and for every file that loads, the records it holds (counted
here with Python's csv module, independently of the loader) = raw rows + rejected records.

Cases already covered in detail elsewhere (not UTF-8, BOM, empty files, nested parquet:
test_hostile_input.py) reuse its helpers and are only checked for that invariant here."""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from salesdw.cli import main

from .conftest import BIN, PROJECT_DIR, query
from .fixtures import AS_OF, TABLES, write_fixture
from .test_hostile_input import corrupt, write_parquet

csv.field_size_limit(sys.maxsize)

FIXTURE_REJECTS = {"activities": ["a quoted field is never closed"]}  # its `5,"broken` line


def activities(rows: int) -> str:
    """The fixture's activities header and `rows` valid records (ac0, ac1, ...)."""
    header, first = TABLES["activities"].splitlines()[:2]
    return header + "\n" + "".join(first.replace("ac1", f"ac{i}", 1) + "\n" for i in range(rows))


def replace_line(text: str, line: int, old: str, new: str) -> str:
    """`text` with the first `old` of `line` (1 = header) replaced by `new`."""
    lines = text.split("\n")
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "\n".join(lines)


def deal_with_name(deal_id: str, name: str) -> str:
    first = TABLES["deals"].splitlines()[1]
    return first.replace("d1,Acme deal", f"{deal_id},{name}", 1) + "\n"


# --- the cases ------------------------------------------------------------------------------


def _unterminated_quote(raw: Path) -> None:  # the quote on line 10 swallows 20,990 records
    text = replace_line(activities(21_000), 10, ",u1,", ',"u1,')
    (raw / "activities.csv").write_text(text, encoding="utf-8")


def _quote_closed_much_later(raw: Path) -> None:  # opened on line 5, closed by a quote on line 9
    text = replace_line(activities(20), 5, ",u1,", ',"u1,')
    text = replace_line(text, 9, ",completed,", ',"completed",')
    (raw / "activities.csv").write_text(text, encoding="utf-8")


def _over_long_field(raw: Path) -> None:
    (raw / "deals.csv").write_text(TABLES["deals"] + deal_with_name("d99", "x" * 3_000_000), encoding="utf-8")


def _extra_and_missing_fields(raw: Path) -> None:
    (raw / "teams.csv").write_text(
        TABLES["teams"] + "t3,South,LATAM,2024-01-01T00:00:00Z,extra\nt4,West\n", encoding="utf-8"
    )


def _text_after_closing_quotes(raw: Path) -> None:  # DuckDB lands a made-up row from it
    (raw / "teams.csv").write_text(
        TABLES["teams"] + '"t3"x,"South"ern,NA,2024-01-01T00:00:00Z,extra\n', encoding="utf-8"
    )


def _latin1_early(raw: Path) -> None:
    corrupt(raw / "teams.csv", 3, b"Europe", b"\xc9urope")


def _latin1_late(raw: Path) -> None:
    (raw / "activities.csv").write_text(activities(3000), encoding="utf-8")
    corrupt(raw / "activities.csv", 2990, b"call", b"c\xe0ll")


def _bom(raw: Path) -> None:
    (raw / "teams.csv").write_bytes(b"\xef\xbb\xbf" + TABLES["teams"].encode())


def _crlf(raw: Path) -> None:
    for table in ("deals", "accounts"):
        (raw / f"{table}.csv").write_bytes(TABLES[table].replace("\n", "\r\n").encode())


def _multi_line_field(raw: Path) -> None:  # RFC 4180: a quoted field may hold line breaks
    name = '"Acme\r\nHoldings, ""the"" group\r\n"'
    text = TABLES["accounts"].replace("\n", "\r\n").replace("a1,Acme,", f"a1,{name},", 1)
    (raw / "accounts.csv").write_bytes(text.encode())
    (raw / "deals.csv").write_text(
        TABLES["deals"].replace("Acme deal", '"Acme\n\ndeal"', 1), encoding="utf-8"
    )


def _blank_lines(raw: Path) -> None:
    (raw / "teams.csv").write_text(TABLES["teams"].replace("\n", "\n\n", 1) + "\n\n", encoding="utf-8")


def _separator(separator: str) -> Callable[[Path], None]:
    def make(raw: Path) -> None:
        (raw / "deals.csv").write_text(TABLES["deals"].replace(",", separator), encoding="utf-8")

    return make


def _header_case(raw: Path) -> None:
    (raw / "deals.csv").write_text(TABLES["deals"].replace("deal_id", "Deal_ID", 1), encoding="utf-8")


def _mixed_line_endings(raw: Path) -> None:
    (raw / "teams.csv").write_text(TABLES["teams"].replace("\n", "\r\n", 2), encoding="utf-8")


def _empty_file(raw: Path) -> None:
    (raw / "deals.csv").write_text("", encoding="utf-8")


def _header_only(raw: Path) -> None:
    (raw / "activities.csv").write_text(TABLES["activities"].splitlines()[0] + "\n", encoding="utf-8")


def _parquet_nested(raw: Path) -> None:
    (raw / "teams.csv").unlink()
    write_parquet(
        raw / "teams.parquet",
        {
            "team_id": pa.array(["t1"]),
            "team_name": pa.array([["North", "Nord"]]),
            "region": pa.array(["NA"]),
            "updated_at": pa.array(["2024-01-01T00:00:00Z"]),
        },
    )


def _parquet_typed(raw: Path) -> None:
    (raw / "teams.csv").unlink()
    write_parquet(
        raw / "teams.parquet",
        {
            "team_id": pa.array([1, 2], pa.int64()),
            "team_name": pa.array(["North", "Europe"]),
            "region": pa.array(["NA", "EMEA"]),
            "updated_at": pa.array([1.5, None], pa.float64()),
        },
    )


@dataclass(frozen=True)
class Case:
    make: Callable[[Path], None]
    error: tuple[str, ...] = ()  # the load fails with all of these in its message
    rejects: dict[str, list[str]] = field(default_factory=dict)  # else: table -> reasons


CASES = {
    "unterminated quote": Case(
        _unterminated_quote,
        error=(
            "activities.csv line 10: a quoted field opens here and is never closed (it swallows "
            "the rest of the file, 20,991 more lines); fix the quoting and re-export",
        ),
    ),
    "quote closed lines later": Case(
        _quote_closed_much_later,
        error=(
            "activities.csv line 5: a quoted field opens here and closes only on line 9",
            "fix the quoting and re-export",
        ),
    ),
    "over-long field": Case(
        _over_long_field,
        rejects={
            "deals": [
                "record of 3,000,146 bytes is longer than the 2,000,000-byte maximum (raw line: its "
                "first 65,536 of 3,000,146 bytes, sha256 "
            ]
        },
    ),
    "extra and missing fields": Case(
        _extra_and_missing_fields,
        rejects={"teams": ["5 fields where the header has 4", "2 fields where the header has 4"]},
    ),
    "text after closing quotes": Case(
        _text_after_closing_quotes,
        error=(
            "teams.csv: the file holds 3 records, but DuckDB's CSV reader returned 3 rows and rejected 1",
            "line 4 (text after a closing quote",
        ),
    ),
    "latin-1 early": Case(_latin1_early, error=("teams.csv: not UTF-8", "(line 3, column 4)")),
    "latin-1 late": Case(_latin1_late, error=("activities.csv: not UTF-8", "(line 2990, column")),
    "BOM": Case(_bom),
    "CRLF": Case(_crlf),
    "multi-line quoted field": Case(_multi_line_field),
    "blank lines": Case(_blank_lines),
    "semicolons": Case(
        _separator(";"),
        error=(
            "deals.csv: the header is separated by semicolons (';'), not commas: the contract "
            "wants comma-separated files",
        ),
    ),
    "tabs": Case(_separator("\t"), error=("deals.csv: the header is separated by tabs",)),
    "pipes": Case(_separator("|"), error=("deals.csv: the header is separated by pipes ('|')",)),
    "header case": Case(_header_case, error=("deals.csv: column 'Deal_ID' should be spelled 'deal_id'",)),
    "mixed line endings": Case(_mixed_line_endings, error=("teams.csv line 3: mixed line endings",)),
    "empty file": Case(_empty_file, error=("deals.csv: the file is empty (no header row)",)),
    "header only": Case(_header_only, rejects={"activities": []}),
    "parquet nested column": Case(_parquet_nested, error=("teams.parquet: column 'team_name' is a list",)),
    "parquet typed columns": Case(_parquet_typed),
}


def records_in_file(path: Path) -> int:
    """The records of a file, counted with Python's csv module (blank lines are not records)."""
    if path.suffix == ".parquet":
        return pq.ParquetFile(path).metadata.num_rows
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return sum(1 for row in csv.reader(handle) if row) - 1


def run_cli(raw: Path, duckdb_path: Path, capsys) -> tuple[int, str]:
    code = main(["load", "--raw-dir", str(raw), "--duckdb", str(duckdb_path), "--as-of", AS_OF])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize("name", list(CASES))
def test_bad_file(name, tmp_path, capsys):
    case = CASES[name]
    raw = write_fixture(tmp_path / "raw")
    case.make(raw)
    duckdb_path = tmp_path / "w.duckdb"
    code, output = run_cli(raw, duckdb_path, capsys)
    assert "Traceback" not in output
    if case.error:
        assert code == 2, output
        for part in case.error:
            assert part in output
        assert not duckdb_path.exists()
        return
    assert code == 0, output
    rejects = query(
        duckdb_path,
        "select table_name, error_message from raw._load_rejects order by table_name, line_number",
    )
    expected = {**FIXTURE_REJECTS, **case.rejects}
    assert [t for t, _ in rejects] == [t for t in sorted(expected) for _ in expected[t]]
    for (_, reason), start in zip(rejects, [r for t in sorted(expected) for r in expected[t]]):
        assert reason.startswith(start)
    for path in sorted(raw.iterdir()):
        table = path.stem
        rows, rejected = query(
            duckdb_path,
            f"select (select count(*) from raw.{table}), "
            "(select count(*) from raw._load_rejects "
            f"where table_name = '{table}')",
        )[0]
        assert records_in_file(path) == rows + rejected, path.name


# --- details of what a reject keeps ---------------------------------------------------------


def test_a_50_mb_field_is_rejected_with_its_length_and_hash(tmp_path):
    """A 50 MB field used to make its record vanish (no row, no reject); a 3 MB one was
    rejected. Both are rejected, with the first 64 KB of their text, length and sha256."""
    raw = write_fixture(tmp_path / "raw")
    huge, large = deal_with_name("d50", "x" * 50_000_000), deal_with_name("d3", "y" * 3_000_000)
    (raw / "deals.csv").write_text(TABLES["deals"] + huge + large, encoding="utf-8")
    duckdb_path = tmp_path / "w.duckdb"
    assert main(["load", "--raw-dir", str(raw), "--duckdb", str(duckdb_path)]) == 0
    rejects = query(
        duckdb_path,
        "select line_number, length(raw_line), raw_line_length, "
        "raw_line_sha256, left(raw_line, 4), error_message "
        "from raw._load_rejects where table_name = 'deals' order by 1",
    )
    lines = len(TABLES["deals"].splitlines())
    assert [r[:5] for r in rejects] == [
        (lines + 1, 65_536, len(huge) - 1, hashlib.sha256(huge[:-1].encode()).hexdigest(), "d50,"),
        (lines + 2, 65_536, len(large) - 1, hashlib.sha256(large[:-1].encode()).hexdigest(), "d3,y"),
    ]
    assert rejects[0][5].startswith(
        f"record of {len(huge) - 1:,} bytes is longer than the 2,000,000-byte maximum"
    )
    assert query(duckdb_path, "select count(*) from raw.deals") == [(lines - 1,)]


def test_a_reject_keeps_its_whole_text(tmp_path):
    """DuckDB cut a rejected line at 10,000 characters; the reject keeps all of it (up to
    64 KB), with its line, length and hash."""
    raw = write_fixture(tmp_path / "raw")
    line = "t3,South,LATAM,2024-01-01T00:00:00Z," + "é" * 20_000  # an extra field, 40 kB
    (raw / "teams.csv").write_text(TABLES["teams"] + line + "\n", encoding="utf-8")
    assert main(["load", "--raw-dir", str(raw), "--duckdb", str(tmp_path / "w.duckdb")]) == 0
    assert query(
        tmp_path / "w.duckdb",
        "select line_number, raw_line, raw_line_length, "
        "raw_line_sha256 from raw._load_rejects "
        "where table_name = 'teams'",
    ) == [
        (4, line, len(line.encode()), hashlib.sha256(line.encode()).hexdigest()),
    ]


def test_a_reject_after_a_multi_line_record_names_its_physical_line(tmp_path):
    raw = write_fixture(tmp_path / "raw")
    (raw / "teams.csv").write_text(
        TABLES["teams"].replace("North", '"No\nrth"') + "t3,South\n", encoding="utf-8"
    )
    assert main(["load", "--raw-dir", str(raw), "--duckdb", str(tmp_path / "w.duckdb")]) == 0
    assert query(
        tmp_path / "w.duckdb",
        "select line_number, raw_line from raw._load_rejects where table_name = 'teams'",
    ) == [(5, "t3,South")]


# --- the count check and the transaction ------------------------------------------------------


def raw_tables(duckdb_path: Path) -> dict[str, list]:
    tables = [
        t
        for (t,) in query(
            duckdb_path,
            "select table_name from information_schema.tables where table_schema = 'raw' order by 1",
        )
    ]
    return {t: query(duckdb_path, f'select * from raw."{t}" order by all') for t in tables}


def test_a_failed_load_leaves_the_warehouse_as_it_was(tmp_path, capsys):
    """The count check fails after landing: the transaction is rolled back."""
    duckdb_path = tmp_path / "w.duckdb"
    code, output = run_cli(write_fixture(tmp_path / "good"), duckdb_path, capsys)
    assert code == 0, output
    before = raw_tables(duckdb_path)
    bad = write_fixture(tmp_path / "bad", drop=("products",))
    _text_after_closing_quotes(bad)
    code, output = run_cli(bad, duckdb_path, capsys)
    assert code == 2 and "teams.csv: the file holds 3 records" in output, output
    assert raw_tables(duckdb_path) == before


def test_the_cli_says_every_record_is_accounted_for(tmp_path):
    raw = write_fixture(tmp_path / "raw")
    result = subprocess.run(
        [
            str(BIN / "salesdw"),
            "load",
            "--raw-dir",
            str(raw),
            "--duckdb",
            str(tmp_path / "w.duckdb"),
            "--as-of",
            AS_OF,
        ],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "activities                       3 + 1 rejected record -> quarantine" in result.stdout
    records = sum(records_in_file(p) for p in raw.iterdir())
    assert (
        f"Every record of the files is accounted for: {records:,} records = {records - 1:,} rows + 1 rejected"
    ) in result.stdout
