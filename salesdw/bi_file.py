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
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for model in spec.get("models", []) or []:
            for column in model.get("columns", []) or []:
                meta = {**(column.get("meta") or {}), **((column.get("config") or {}).get("meta") or {})}
                if meta.get("contains_pii"):
                    marked.add((model["name"], column["name"]))
    return marked


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def write_bi_file(source: Path, target: Path) -> list[str]:
    """Copy the BI tables of `source` into a new file `target`; returns the tables copied."""
    target.unlink(missing_ok=True)
    hidden = pii_columns()
    con = duckdb.connect(str(target))
    copied = []
    try:
        con.execute(f"attach {_literal(str(source))} as src (read_only)")
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() "
            f"where database_name = 'src' and schema_name in {BI_SCHEMAS} order by 1, 2"
        ).fetchall()
        for schema, table in tables:
            columns = [
                name
                for (name,) in con.execute(
                    "select column_name from duckdb_columns() where database_name = 'src' "
                    "and schema_name = ? and table_name = ? order by column_index",
                    [schema, table],
                ).fetchall()
                if (table, name) not in hidden
            ]
            con.execute(f"create schema if not exists {_q(schema)}")
            con.execute(
                f"create table {_q(schema)}.{_q(table)} as select "
                + ", ".join(_q(c) for c in columns)
                + f" from src.{_q(schema)}.{_q(table)}"
            )
            _copy_comments(con, schema, table, columns)
            copied.append(f"{schema}.{table}")
        con.execute("detach src")
        con.execute("checkpoint")
    finally:
        con.close()
    return copied


def _copy_comments(con: duckdb.DuckDBPyConnection, schema: str, table: str, columns: list[str]) -> None:
    """The table's and its columns' comments (the dbt descriptions, persist_docs), so that a BI
    tool reading the BI file shows them next to the data."""
    (table_comment,) = con.execute(
        "select comment from duckdb_tables() where database_name = 'src' and schema_name = ? "
        "and table_name = ?",
        [schema, table],
    ).fetchone()
    if table_comment:
        con.execute(f"comment on table {_q(schema)}.{_q(table)} is {_literal(table_comment)}")
    for column, comment in con.execute(
        "select column_name, comment from duckdb_columns() where database_name = 'src' "
        "and schema_name = ? and table_name = ? and comment is not null",
        [schema, table],
    ).fetchall():
        if column in columns and comment:
            con.execute(f"comment on column {_q(schema)}.{_q(table)}.{_q(column)} is {_literal(comment)}")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
