"""The BI file: a DuckDB file with only what a BI tool needs - every table of `marts` and the
tables of `core` without personal data - copied from a finished build. No raw, staging,
quarantine or intermediate schema, and no column marked `meta: {contains_pii: true}` in the
models' YAML (the email hashes); rep names stay, because sales leaders rank reps by name."""

from __future__ import annotations

from pathlib import Path

import duckdb
import yaml

from salesdw.contract import PROJECT_DIR

BI_SCHEMAS = ("marts", "core")


def pii_columns(models_dir: Path = PROJECT_DIR / "models") -> set[tuple[str, str]]:
    """(model, column) of every column marked contains_pii in the models' YAML."""
    marked: set[tuple[str, str]] = set()
    for path in models_dir.rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        if "contains_pii" not in text:
            continue  # a file that does not say it marks nothing (parsing all 150 took ~2 s)
        spec = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
        for model in spec.get("models", []) or []:
            for column in model.get("columns", []) or []:
                meta = {**(column.get("meta") or {}), **((column.get("config") or {}).get("meta") or {})}
                if meta.get("contains_pii"):
                    marked.add((model["name"], column["name"]))
    return marked


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def write_bi_file(source: Path, target: Path) -> list[str]:
    """Copy the BI tables of `source` into a new file `target`; returns the tables copied.

    One transaction for every table and comment: DuckDB commits each statement run outside one
    on its own, and ~1,500 comment statements committed one by one took most of the copy."""
    target.unlink(missing_ok=True)
    hidden = pii_columns()
    con = duckdb.connect(str(target))
    try:
        con.execute(f"attach {_literal(str(source))} as src (read_only)")
        tables = con.execute(
            "select schema_name, table_name, comment from duckdb_tables() "
            f"where database_name = 'src' and schema_name in {BI_SCHEMAS} order by 1, 2"
        ).fetchall()
        columns_of: dict[tuple[str, str], list[tuple[str, str | None]]] = {}
        for schema, table, column, comment in con.execute(
            "select schema_name, table_name, column_name, comment from duckdb_columns() "
            f"where database_name = 'src' and schema_name in {BI_SCHEMAS} order by 1, 2, column_index"
        ).fetchall():
            if (table, column) not in hidden:
                columns_of.setdefault((schema, table), []).append((column, comment))
        con.execute("begin transaction")
        for schema in sorted({schema for schema, _, _ in tables}):
            con.execute(f"create schema {_q(schema)}")
        for schema, table, table_comment in tables:
            columns = columns_of[(schema, table)]
            con.execute(
                f"create table {_q(schema)}.{_q(table)} as select "
                + ", ".join(_q(column) for column, _ in columns)
                + f" from src.{_q(schema)}.{_q(table)}"
            )
            _copy_comments(con, f"{_q(schema)}.{_q(table)}", table_comment, columns)
        con.execute("commit")
        con.execute("detach src")
        con.execute("checkpoint")
    finally:
        con.close()
    return [f"{schema}.{table}" for schema, table, _ in tables]


def _copy_comments(
    con: duckdb.DuckDBPyConnection,
    table: str,
    table_comment: str | None,
    columns: list[tuple[str, str | None]],
) -> None:
    """The table's and its columns' comments (the dbt descriptions, persist_docs), so that a BI
    tool reading the BI file shows them next to the data."""
    if table_comment:
        con.execute(f"comment on table {table} is {_literal(table_comment)}")
    for column, comment in columns:
        if comment:
            con.execute(f"comment on column {table}.{_q(column)} is {_literal(comment)}")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
