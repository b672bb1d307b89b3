"""What `make build` prints at the end: where the warehouse is, what was built, rows per mart."""
from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import duckdb

from salesdw.contract import load_contract

# What an empty (header-only) required table means for the KPIs: one summary line each.
EMPTY_TABLE_CONSEQUENCES = {
    "users": "active reps and the per-rep KPIs will be empty; every owner is `unknown`",
    "teams": "teams are shown by their id, without a name",
    "accounts": "the region and segment of every deal, customer and subscription are `unknown`",
    "leads": "the lead KPIs will be empty; every deal's lead source is `unknown`",
    "deals": "the deal, pipeline and forecast KPIs will be empty",
    "deal_stage_history": (
        "every open deal is in the first stage of its pipeline; days in stage will be empty"
    ),
    "pipeline_stages": (
        "every stage is `unknown`: weighted pipeline is 0 and stage conversion will be empty"
    ),
    "activities": (
        "the activity KPIs (and lead follow-up, response and reply rates) will be empty"
    ),
}


def print_summary(duckdb_path: Path, target_dir: Path) -> int:
    results_file = target_dir / "run_results.json"
    print()
    print(f"Warehouse: {duckdb_path.resolve()}")
    if results_file.exists():
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
    con = duckdb.connect(str(duckdb_path), read_only=True)
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
        print("Rows per table:")
        for schema, table in rows:
            count = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
            print(f"  {schema}.{table:<40} {count:>10,}")
        _print_headline(con)
    finally:
        con.close()
    return 0


def empty_required_tables(
    con: duckdb.DuckDBPyConnection, raw_schema: str | None = None
) -> list[str]:
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
    lines = []
    for table in load_contract().values():
        if not table.required or table.name not in loaded:
            continue
        count = con.execute(f'select count(*) from "{raw_schema}"."{table.name}"').fetchone()[0]
        if count == 0:
            consequence = EMPTY_TABLE_CONSEQUENCES.get(table.name, "its KPIs will be empty")
            lines.append(f"{table.name}: 0 rows: {consequence}")
    return lines


def _print_headline(con: duckdb.DuckDBPyConnection) -> None:
    """The latest complete month's headline KPIs beside the month before (once kpi_values exists)."""
    exists = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = 'marts' and table_name = 'kpi_values'"
    ).fetchone()[0]
    if not exists:
        return
    from salesdw.headline import headline_table

    print()
    print(headline_table(con))
