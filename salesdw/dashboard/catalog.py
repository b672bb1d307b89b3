"""What the dashboards of dashboards/ reference, checked: every dashboard's chart is a chart of
the folder, every chart's dataset a dataset of the folder, every dataset's database the
database of the folder, and every physical dataset a table of the BI file with the columns the
dataset lists. Returns the problems as sentences (empty: all is well)."""

from __future__ import annotations

from pathlib import Path

import duckdb


def _by_kind(configs: dict[str, dict], kind: str) -> dict[str, dict]:
    return {name: config for name, config in configs.items() if name.startswith(kind + "/")}


def dashboard_chart_uuids(dashboard: dict) -> list[str]:
    return [
        node["meta"]["uuid"]
        for node in (dashboard.get("position") or {}).values()
        if isinstance(node, dict) and node.get("type") == "CHART"
    ]


def reference_problems(configs: dict[str, dict]) -> list[str]:
    problems = []
    databases = {c["uuid"] for c in _by_kind(configs, "databases").values()}
    datasets = {c["uuid"]: name for name, c in _by_kind(configs, "datasets").items()}
    charts = {c["uuid"]: name for name, c in _by_kind(configs, "charts").items()}
    used_charts: set[str] = set()
    for name, dashboard in _by_kind(configs, "dashboards").items():
        for chart_uuid in dashboard_chart_uuids(dashboard):
            used_charts.add(chart_uuid)
            if chart_uuid not in charts:
                problems.append(f"{name}: chart {chart_uuid} is not in charts/")
    for name, chart in _by_kind(configs, "charts").items():
        if chart["dataset_uuid"] not in datasets:
            problems.append(f"{name}: dataset {chart['dataset_uuid']} is not in datasets/")
        if chart["uuid"] not in used_charts:
            problems.append(f"{name}: on no dashboard")
    for name, dataset in _by_kind(configs, "datasets").items():
        if dataset["database_uuid"] not in databases:
            problems.append(f"{name}: database {dataset['database_uuid']} is not in databases/")
    if not _by_kind(configs, "dashboards"):
        problems.append("no dashboard in dashboards/")
    return problems


def table_problems(configs: dict[str, dict], bi_path: Path) -> list[str]:
    """Physical datasets whose table, or one of whose listed columns, the BI file lacks."""
    con = duckdb.connect(str(bi_path), read_only=True)
    try:
        columns: dict[tuple[str, str], set[str]] = {}
        for schema, table, column in con.execute(
            "select schema_name, table_name, column_name from duckdb_columns()"
        ).fetchall():
            columns.setdefault((schema, table), set()).add(column)
    finally:
        con.close()
    problems = []
    for name, dataset in _by_kind(configs, "datasets").items():
        if dataset.get("sql"):
            continue
        key = (dataset.get("schema"), dataset["table_name"])
        if key not in columns:
            problems.append(f"{name}: table {key[0]}.{key[1]} is not in the BI file {bi_path}")
            continue
        listed = {c["column_name"] for c in dataset.get("columns", []) if not c.get("expression")}
        missing = sorted(listed - columns[key])
        if missing:
            problems.append(f"{name}: columns {missing} are not in {key[0]}.{key[1]}")
    return problems
