"""What `make build` prints at the end: where the warehouse is, what was built, rows per mart."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import duckdb

from salesdw.build_info import WarehouseBusy, connect_read_only, describe, read_build_info
from salesdw.contract import load_contract
from salesdw.load import empty_table_note


def print_summary(duckdb_path: Path, target_dir: Path, compact: bool = False) -> int:
    """compact (the end of `salesdw build`, which has said what dbt did): the rows per schema in
    one line instead of a line per table, and no dbt line."""
    results_file = target_dir / "run_results.json"
    print()
    print(f"Warehouse: {duckdb_path.resolve()}")
    try:
        print(f"Build: {describe(read_build_info(duckdb_path))}")
        con = connect_read_only(duckdb_path)
    except WarehouseBusy as busy:
        print(f"salesdw summary: {busy}")
        return 2
    if results_file.exists() and not compact:
        results = json.loads(results_file.read_text())["results"]
        kinds: Counter[tuple[str, str]] = Counter()
        for result in results:
            kind = result["unique_id"].split(".")[0]
            kinds[(kind, result["status"])] += 1
        models = sum(n for (k, _), n in kinds.items() if k == "model")
        tests = sum(n for (k, _), n in kinds.items() if k in ("test", "unit_test"))
        passed = sum(n for (k, s), n in kinds.items() if k in ("test", "unit_test") and s == "pass")
        warned = sum(n for (k, s), n in kinds.items() if k == "test" and s == "warn")
        print(f"dbt: {models} models built, {passed}/{tests} tests passed, {warned} warnings")
    try:
        empty = empty_required_tables(con)
        if empty:
            print("Required tables without rows (header-only files):")
            for line in empty:
                print(f"  {line}")
        rows = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in ('core', 'marts', 'quarantine') order by 1, 2"
        ).fetchall()
        counts = [
            (schema, table, con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0])
            for schema, table in rows
        ]
        if compact:
            print(_rows_per_schema(counts))
        else:
            print("Rows per table:")
            for schema, table, count in counts:
                print(f"  {schema}.{table:<40} {count:>10,}")
        _print_unconverted_amounts(con)
        _print_crm_input(con)
        _print_headline(con)
    finally:
        con.close()
    return 0


def _rows_per_schema(counts: list[tuple[str, str, int]]) -> str:
    """One line: tables and rows per schema (a schema of one table by its name)."""
    parts = []
    for schema in dict.fromkeys(schema for schema, _, _ in counts):
        tables = [(table, count) for s, table, count in counts if s == schema]
        rows = sum(count for _, count in tables)
        parts.append(
            f"{schema}.{tables[0][0]} {rows:,}"
            if len(tables) == 1
            else f"{schema} {len(tables)} tables {rows:,}"
        )
    return f"Rows: {'; '.join(parts)} (per table: `salesdw summary` or the build log)."


def empty_required_tables(con: duckdb.DuckDBPyConnection, raw_schema: str | None = None) -> list[str]:
    """One line per required contract table that was loaded empty (a header-only file), read
    from the raw schema (CRM_RAW_SCHEMA, default `raw`), with what it means for the KPIs."""
    raw_schema = raw_schema or os.environ.get("CRM_RAW_SCHEMA", "raw")
    loaded = {
        name
        for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = ?",
            [raw_schema],
        ).fetchall()
    }
    crm, provided = _crm_input(con, raw_schema)
    lines = []
    for table in load_contract().values():
        if not table.required or table.name not in loaded:
            continue
        relation = f'"{raw_schema}"."{table.name}"'
        if table.name in provided:  # made by the CRM's adapter model, not read from a file
            if not _table_exists(con, "crm_input", f"{crm}__{table.name}"):
                continue
            relation = f'"crm_input"."{crm}__{table.name}"'
        count = con.execute(f"select count(*) from {relation}").fetchone()[0]
        if count == 0:
            lines.append(empty_table_note(table.name))
    return lines


def _crm_input(con: duckdb.DuckDBPyConnection, raw_schema: str) -> tuple[str, list[str]]:
    """The CRM the raw data came from (raw._load_info) and the contract tables its adapter makes."""
    from salesdw.crm_sources import CONTRACT, crm_source_tables

    if not _table_exists(con, raw_schema, "_load_info"):
        return CONTRACT, []
    columns = {row[0] for row in con.execute(f'describe "{raw_schema}"."_load_info"').fetchall()}
    if "crm_source" not in columns:
        return CONTRACT, []
    crm = con.execute(f'select crm_source from "{raw_schema}"."_load_info"').fetchone()[0]
    return crm, crm_source_tables().get(crm, [])


def _print_headline(con: duckdb.DuckDBPyConnection) -> None:
    """The latest complete month's headline KPIs beside the month before (once kpi_values exists)."""
    if not _table_exists(con, "marts", "kpi_values"):
        return
    from salesdw.headline import headline_table

    print()
    print(headline_table(con))


def _print_unconverted_amounts(con: duckdb.DuckDBPyConnection) -> None:
    """Amounts left out of every sum because their currency has no exchange rate."""
    if not _table_exists(con, "marts", "dq_unconverted_amounts"):
        return
    rows = con.execute(
        "select table_name, currency, reporting_currency, row_count, amount "
        "from marts.dq_unconverted_amounts order by table_name, currency"
    ).fetchall()
    if not rows:
        return
    print()
    print(
        f"Amounts without an exchange rate to {rows[0][2]} (left out of every sum; add rates to "
        "fx_rates, quoted against the base currency, CRM_FX_BASE):"
    )
    for table, currency, _, count, amount in rows:
        print(f"  {table:<24} {currency:<8} {count:>8,} rows  {amount or 0:>18,.2f} {currency}")


def _print_crm_input(con: duckdb.DuckDBPyConnection) -> None:
    """For a CRM export: per CRM table, the rows its adapter used and dropped (with why)."""
    if not _table_exists(con, "marts", "dq_crm_input"):
        return
    rows = con.execute(
        "select crm_source, source_table, outcome, reason, row_count from marts.dq_crm_input "
        "order by source_table, outcome desc, reason"
    ).fetchall()
    if not rows:
        return
    print()
    print(f"The {rows[0][0]} export, row by row (rows landed = used + dropped, per table):")
    for _, table, outcome, reason, count in rows:
        why = f" ({reason})" if reason else ""
        print(f"  {table:<28} {count:>9,} {outcome}{why}")
    _print_crm_mapping(con)


def _print_crm_mapping(con: duckdb.DuckDBPyConnection) -> None:
    """Per mapping var: rows whose value the map lists, and the values it does not list (they
    get the mapping's default)."""
    if not _table_exists(con, "marts", "dq_crm_mapping"):
        return
    rows = con.execute(
        "select mapping_var, source_field, "
        "sum(case when is_listed then row_count else 0 end), "
        "sum(case when is_listed then 0 else row_count end), "
        "string_agg(case when not is_listed then source_value end, ', ' order by row_count desc) "
        "from marts.dq_crm_mapping group by 1, 2 order by 1, 2"
    ).fetchall()
    if not rows:
        return
    mapping = os.environ.get("CRM_MAPPING", "").strip()
    print(
        f"Mappings ({'mapping file ' + mapping if mapping else 'the defaults in dbt_project.yml'}"
        f"; list a value in a mapping file, CRM_MAPPING, to map it):"
    )
    for var, field_name, listed, unlisted, values in rows:
        line = f"  {var:<40} {field_name:<28} {listed:>8,} rows mapped"
        if unlisted:
            shown = (values or "")[:80]
            line += f", {unlisted:,} rows not listed -> default ({shown})"
        print(line)


def _table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )
