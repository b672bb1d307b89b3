"""Reading a published warehouse: which build it is (marts.build_info), and opening it read-only
with a clear message when another process holds it."""

from __future__ import annotations

from pathlib import Path

import duckdb

from salesdw.publish import lock_holder


class WarehouseBusy(Exception):
    """The file is held by a writer (the message names the process and what to do)."""


def connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as error:
        holder = lock_holder(str(error))
        if "lock" not in str(error).lower():
            raise
        raise WarehouseBusy(
            f"{path} is open for writing by {holder or 'another process'}. Read the published "
            f"files only (builds never write them: `make build` publishes new files), or close that "
            f"connection and retry."
        ) from None


def read_build_info(path: Path) -> dict | None:
    """marts.build_info of a DuckDB file as a dict, or None (no file / no table)."""
    if not path.exists():
        return None
    con = connect_read_only(path)
    try:
        exists = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'marts' and table_name = 'build_info'"
        ).fetchone()[0]
        if not exists:
            return None
        cursor = con.execute("select * from marts.build_info")
        names = [d[0] for d in cursor.description]
        row = cursor.fetchone()
        return dict(zip(names, row)) if row else None
    finally:
        con.close()


def describe(info: dict | None) -> str:
    if info is None:
        return "no published build yet"
    finished = info.get("finished_at")
    return (
        f"build {info['build_id']} ({info['status']}"
        + (f" {finished:%Y-%m-%d %H:%M} UTC" if finished else "")
        + f"; input {info.get('input_dir')}, as of {info['as_of_date']}, "
        f"{info['reporting_currency']}, MRR at {info['mrr_snapshot']})"
    )


def describe_published(path: Path) -> str:
    try:
        return f"{path} is {describe(read_build_info(path))}"
    except WarehouseBusy as busy:
        return str(busy)
