"""Superset's "sync columns" from the BI file, done when the import zip is built: every physical
dataset lists every column its table has in the BI file, and each column carries the dbt
description the BI file keeps as its comment (persist_docs), so the BI tool shows what each
column means. A dataset without a description of its own gets its table's. Every other table of
the BI file becomes a dataset too (generated, not committed): a leader building a new chart
finds every mart in Superset, each column with its description."""

from __future__ import annotations

import uuid
from pathlib import Path

import duckdb

TEMPORAL_TYPES = ("DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE")


def _bi_catalog(bi_path: Path) -> tuple[dict, dict]:
    """(schema, table) -> comment, and (schema, table) -> [(column, type, comment)] in order."""
    con = duckdb.connect(str(bi_path), read_only=True)
    try:
        tables = {
            (schema, table): comment
            for schema, table, comment in con.execute(
                "select schema_name, table_name, comment from duckdb_tables() where not internal"
            ).fetchall()
        }
        columns: dict[tuple[str, str], list[tuple[str, str, str | None]]] = {}
        for schema, table, column, data_type, comment in con.execute(
            "select schema_name, table_name, column_name, data_type, comment from duckdb_columns() "
            "where not internal order by schema_name, table_name, column_index"
        ).fetchall():
            columns.setdefault((schema, table), []).append((column, data_type, comment))
    finally:
        con.close()
    return tables, columns


def _column(name: str, data_type: str, comment: str | None) -> dict:
    return {
        "column_name": name,
        "verbose_name": None,
        "is_dttm": data_type in TEMPORAL_TYPES,
        "is_active": True,
        "type": data_type,
        "advanced_data_type": None,
        "groupby": True,
        "filterable": True,
        "expression": None,
        "description": comment,
        "python_date_format": None,
        "datetime_format": None,
        "extra": None,
    }


def _new_dataset(schema: str, table: str, comment: str | None, database_uuid: str) -> dict:
    return {
        "table_name": table,
        "main_dttm_col": None,
        "currency_code_column": None,
        "description": comment,
        "default_endpoint": None,
        "offset": 0,
        "cache_timeout": None,
        "catalog": None,
        "schema": schema,
        "sql": None,
        "params": None,
        "template_params": None,
        "filter_select_enabled": True,
        "fetch_values_predicate": None,
        "extra": None,
        "normalize_columns": False,
        "always_filter_main_dttm": False,
        "folders": None,
        "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"salesdw/bi-file/{schema}.{table}")),
        "metrics": [
            {
                "metric_name": "count",
                "verbose_name": "COUNT(*)",
                "metric_type": "count",
                "expression": "COUNT(*)",
                "description": None,
                "d3format": None,
                "currency": None,
                "extra": None,
                "warning_text": None,
            }
        ],
        "columns": [],
        "version": "1.0.0",
        "database_uuid": database_uuid,
    }


def describe_datasets(configs: dict[str, dict], bi_path: Path) -> dict[str, dict]:
    """A copy of configs with a physical dataset for every table of the BI file (the committed
    ones, and one generated per other table), each listing every column of its table with its
    description (a column the YAML lists keeps its settings and gains the description when it
    has none); calculated columns and SQL datasets are left as they are."""
    tables, columns = _bi_catalog(bi_path)
    configs = dict(configs)
    databases = [config["uuid"] for name, config in configs.items() if name.startswith("databases/")]
    covered = {
        (config.get("schema"), config.get("table_name"))
        for name, config in configs.items()
        if name.startswith("datasets/") and not config.get("sql")
    }
    if len(databases) == 1:
        for (schema, table), comment in sorted(tables.items()):
            if (schema, table) not in covered:
                configs[f"datasets/bi/{schema}__{table}.yaml"] = _new_dataset(
                    schema, table, comment, databases[0]
                )
    described = {}
    for name, config in configs.items():
        key = (config.get("schema"), config.get("table_name"))
        if not name.startswith("datasets/") or config.get("sql") or key not in columns:
            described[name] = config
            continue
        listed = {column["column_name"]: column for column in config.get("columns") or []}
        synced = [column for column in listed.values() if column.get("expression")]
        for column_name, data_type, comment in columns[key]:
            column = dict(listed.get(column_name) or _column(column_name, data_type, comment))
            column["description"] = column.get("description") or comment
            synced.append(column)
        described[name] = {
            **config,
            "columns": synced,
            "description": config.get("description") or tables.get(key),
        }
    return described
