"""The build summary names every required table that was loaded without rows."""

from __future__ import annotations

import duckdb

from salesdw.contract import load_contract
from salesdw.summary import empty_required_tables


def raw_schema(empty: set[str]) -> duckdb.DuckDBPyConnection:
    """A raw schema with every contract table: the `empty` ones without rows."""
    con = duckdb.connect(":memory:")
    con.execute("create schema raw")
    for table in load_contract().values():
        columns = ", ".join(f'"{column}" varchar' for column in table.columns)
        con.execute(f'create table raw."{table.name}" ({columns})')
        if table.name not in empty:
            values = ", ".join("'x'" for _ in table.columns)
            con.execute(f'insert into raw."{table.name}" values ({values})')
    return con


def test_one_line_per_empty_required_table():
    lines = empty_required_tables(raw_schema({"activities", "leads", "expenses"}))
    # expenses is optional: an absent optional table is reported by `salesdw load`
    assert [line.split(": ")[:2] for line in lines] == [["leads", "0 rows"], ["activities", "0 rows"]]
    assert lines[0] == "leads: 0 rows: the lead KPIs will be empty; every deal's lead source is `unknown`"
    assert lines[1].startswith("activities: 0 rows: the activity KPIs")


def test_nothing_when_every_required_table_has_rows():
    assert empty_required_tables(raw_schema(set())) == []


def test_every_required_table_has_its_consequence():
    required = {table.name for table in load_contract().values() if table.required}
    lines = empty_required_tables(raw_schema(required))
    assert len(lines) == len(required)
    assert not [line for line in lines if line.endswith("its KPIs will be empty")]
