"""The raw CRM contract, read from the dbt sources file (the single place it is written down)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
SOURCES_FILE = PROJECT_DIR / "models" / "staging" / "crm" / "_crm__sources.yml"
ROW_NUMBER_COLUMN = "_source_row_number"
REJECTS_TABLE = "_load_rejects"


@dataclass(frozen=True)
class ContractTable:
    name: str
    required: bool
    columns: tuple[str, ...]
    primary_key: tuple[str, ...]


def load_contract(sources_file: Path = SOURCES_FILE) -> dict[str, ContractTable]:
    """Every contract table (in file order) with its columns, as the loader must land them."""
    spec = yaml.safe_load(sources_file.read_text(encoding="utf-8"))
    (source,) = [s for s in spec["sources"] if s["name"] == "crm"]
    tables: dict[str, ContractTable] = {}
    for table in source["tables"]:
        meta = table.get("meta", {})
        if meta.get("internal"):
            continue
        columns = tuple(c["name"] for c in table["columns"] if c["name"] != ROW_NUMBER_COLUMN)
        tables[table["name"]] = ContractTable(
            name=table["name"],
            required=bool(meta.get("required")),
            columns=columns,
            primary_key=tuple(meta.get("primary_key", [])),
        )
    return tables
