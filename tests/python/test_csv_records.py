"""The loader's own RFC 4180 record scan (salesdw.csv_records): it counts and classifies records
as DuckDB's CSV reader does on files the reader reads right, whatever the chunk size."""

from __future__ import annotations

import random
from pathlib import Path

import duckdb
import pytest

from salesdw.csv_records import read_record, scan_csv
from salesdw.load import _rejects

PLAIN = ["x", "", "yy", "1.5", " z ", 'q"q', " "]
QUOTED = ["a,b", "l1\nl2", 'say ""hi""', "", "x\n\ny", ",", '""']


def random_csv(rng: random.Random) -> str:
    """A small 3-column file: quoted fields (with commas, quotes, line breaks), spaces around
    them, too few or too many fields, blank lines, LF or CRLF, with or without a final newline."""
    rows = ["a,b,c"]
    for _ in range(rng.randint(0, 8)):
        fields = []
        for _ in range(rng.choice([3, 3, 3, 3, 2, 4, 5])):
            if rng.random() < 0.5:
                fields.append(rng.choice(PLAIN))
            else:
                fields.append(rng.choice(["", " "]) + f'"{rng.choice(QUOTED)}"' + rng.choice(["", " "]))
        rows.append(",".join(fields))
    text = "\n".join(rows) + rng.choice(["\n", "", "\n\n"])
    return text.replace("\n", "\r\n") if rng.random() < 0.5 else text


def duckdb_view(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[int, list[int]]:
    """(rows + rejected records, the line numbers DuckDB gives the rejected ones)."""
    con.execute(
        f"create or replace temp table t as select * from read_csv('{path}', header = true, "
        "auto_detect = false, columns = {'a': 'varchar', 'b': 'varchar', 'c': 'varchar'}, "
        "delim = ',', quote = '\"', escape = '\"', store_rejects = true, rejects_scan = 'scans', "
        "rejects_table = 'errors')"
    )
    rows = con.execute("select count(*) from t").fetchone()[0]
    lines = [line for (line,) in con.execute("select distinct line from errors order by 1").fetchall()]
    con.execute("drop table errors")
    con.execute("drop table scans")
    return rows + len(lines), lines


def test_the_scan_counts_and_rejects_as_duckdb_does(tmp_path):
    rng, con = random.Random(7), duckdb.connect()
    for case in range(300):
        path = tmp_path / f"case{case}.csv"
        path.write_text(random_csv(rng), encoding="utf-8", newline="")
        scan = scan_csv(path)
        assert (scan.records, [r.unit for r in scan.bad]) == duckdb_view(con, path), path.read_text()
    con.close()


@pytest.mark.parametrize("chunk_bytes", [1, 2, 3, 5, 8])
def test_the_chunk_size_changes_nothing(tmp_path, chunk_bytes):
    """Lines longer than a chunk are read in pieces (a 50 MB field never waits in memory)."""
    rng = random.Random(chunk_bytes)
    for case in range(100):
        path = tmp_path / f"case{case}.csv"
        path.write_text(random_csv(rng), encoding="utf-8", newline="")
        whole, pieces = scan_csv(path), scan_csv(path, chunk_bytes=chunk_bytes)
        assert (pieces.records, pieces.bad, pieces.lines) == (whole.records, whole.bad, whole.lines)


def test_a_multi_line_record_and_where_records_start(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b'\xef\xbb\xbfa,b,c\r\n1,"x\r\n\r\ny",3\r\n\r\n4,5\r\n6,7,8')
    scan = scan_csv(path)
    assert (scan.line_ending, scan.records, scan.lines) == ("CRLF", 3, 7)
    (bad,) = scan.bad
    assert (bad.line, bad.unit, bad.problem, bad.runaway) == (6, 4, "2 fields where the header has 3", False)
    assert read_record(path, bad).text == "4,5"


def test_a_record_only_duckdb_refuses_is_read_back_from_the_file(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('a,b,c\n1,"x\ny",3\n4,5,6\n', encoding="utf-8")
    scan = scan_csv(path)
    assert scan.bad == []
    ((line, text, reason),) = _rejects(path, scan, [(3, "refused", "4,5,6")])
    assert (line, text.text, text.length, reason) == (4, "4,5,6", 5, "refused")
