"""A CRM's own export (Salesforce, HubSpot): which files it has, under which spellings.

The one declaration is the CRM's dbt sources file, models/crm_adapters/<crm>/_<crm>__sources.yml:
its tables (Fivetran's table names) and the columns the adapter models read. Table meta:
`required: true` (the load fails without it), `aliases: [...]` (other names of the table, e.g.
Airbyte's). Column meta: `required: true`. Source meta: `column_prefix_aliases: {from: to}`
(e.g. Airbyte's `properties_` for Fivetran's `property_`).

File and column names are read in any spelling and landed under Fivetran's snake_case names:
`OpportunityHistory.csv` and `opportunity_history.csv` are the table `opportunity_history`,
`StageName` and `stage_name` the column `stage_name`, `Product2` is `product_2`, a custom field
`Region__c` is `region_c`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from salesdw.contract import PROJECT_DIR

CONTRACT = "contract"
SOURCES_DIR = PROJECT_DIR / "models" / "crm_adapters"
FILE_SUFFIXES = (".csv", ".parquet")


class CrmSourceError(Exception):
    """CRM_SOURCE names no known CRM (the message lists the known ones)."""


@dataclass(frozen=True)
class CrmTable:
    name: str
    required: bool
    aliases: tuple[str, ...]
    columns: tuple[str, ...]
    required_columns: tuple[str, ...]


@dataclass(frozen=True)
class CrmSource:
    name: str
    schema: str
    tables: dict[str, CrmTable]
    provides: tuple[str, ...]  # contract tables the adapter models make
    column_prefix_aliases: dict[str, str]
    # The CRM's tables already sit in the warehouse (a Fivetran/Airbyte schema, dbt var
    # <crm>_schema): the load lands only the contract files beside them (CRM_IN_PLACE=1).
    in_place: bool = False

    def table_for(self, file_stem: str) -> CrmTable | None:
        """The table a file (by its name without suffix) holds, in any spelling, or None."""
        name = snake_case(file_stem)
        for table in self.tables.values():
            if name == table.name or name in (snake_case(a) for a in table.aliases):
                return table
        return None

    def column_name(self, header: str) -> str:
        """The landed name of a file's column: snake_case, prefix aliases applied."""
        name = snake_case(header)
        for alias, prefix in self.column_prefix_aliases.items():
            if name.startswith(alias):
                return prefix + name[len(alias) :]
        return name


def snake_case(name: str) -> str:
    """Fivetran's spelling of a Salesforce/HubSpot name: `OpportunityHistory` ->
    `opportunity_history`, `Product2` -> `product_2`, `Region__c` -> `region_c`,
    `SLAExpiration` -> `sla_expiration`; a name in lower case keeps its underscores (a leading
    `_`, as in `_fivetran_synced`, is kept)."""
    name = name.strip()
    lead = len(name) - len(name.lstrip("_"))
    body = name[lead:]
    if body != body.lower():
        body = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", body)
        body = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", body)
        body = re.sub(r"([A-Za-z])([0-9])", r"\1_\2", body)
        body = re.sub(r"_+", "_", body)
    return "_" * lead + body.lower()


def source_name(value: str | None = None) -> str:
    """The CRM source of this run: the value given, else env CRM_SOURCE, else 'contract'."""
    name = (value if value is not None else os.environ.get("CRM_SOURCE", "")).strip().lower()
    name = name or CONTRACT
    known = [CONTRACT, *known_sources()]
    if name not in known:
        raise CrmSourceError(f"CRM_SOURCE is '{name}': it must be one of {', '.join(known)}")
    return name


def known_sources() -> list[str]:
    return sorted(crm_source_tables())


def crm_source_tables() -> dict[str, list[str]]:
    """The dbt var crm_source_tables: the contract tables each CRM's adapter provides."""
    spec = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return {name: list(tables) for name, tables in spec["vars"]["crm_source_tables"].items()}


def load_crm_source(name: str) -> CrmSource:
    """The CRM's tables and columns, from its dbt sources file."""
    path = SOURCES_DIR / name / f"_{name}__sources.yml"
    if not path.is_file():
        raise CrmSourceError(f"{path}: the {name} adapter's sources file is missing")
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    (source,) = [s for s in spec["sources"] if s["name"] == name]
    tables = {}
    for table in source["tables"]:
        meta = table.get("meta", {}) or {}
        columns = table.get("columns", []) or []
        tables[table["name"]] = CrmTable(
            name=table["name"],
            required=bool(meta.get("required")),
            aliases=tuple(meta.get("aliases", [])),
            columns=tuple(c["name"] for c in columns),
            required_columns=tuple(c["name"] for c in columns if (c.get("meta", {}) or {}).get("required")),
        )
    source_meta = source.get("meta", {}) or {}
    return CrmSource(
        name=name,
        schema=f"raw_{name}",
        tables=tables,
        provides=tuple(crm_source_tables()[name]),
        column_prefix_aliases=dict(source_meta.get("column_prefix_aliases", {})),
    )


def crm_files(raw_dir: Path, source: CrmSource) -> tuple[dict[str, Path], list[str]]:
    """The CRM's files in raw_dir by table, and problems: two files for one table."""
    found: dict[str, list[Path]] = {}
    for path in sorted(raw_dir.iterdir()):
        if path.suffix.lower() not in FILE_SUFFIXES or not path.is_file():
            continue
        table = source.table_for(path.stem)
        if table is not None:
            found.setdefault(table.name, []).append(path)
    problems = [
        f"{raw_dir}: {', '.join(p.name for p in paths)} are all the {source.name} table "
        f"'{name}': keep one of them"
        for name, paths in found.items()
        if len(paths) > 1
    ]
    return {name: paths[0] for name, paths in found.items()}, problems


def column_problems(path: Path, header: list[str], source: CrmSource, table: CrmTable) -> list[str]:
    """A required column missing, or two columns of the file with one landed name."""
    landed: dict[str, list[str]] = {}
    for column in header:
        landed.setdefault(source.column_name(column), []).append(column)
    problems = [
        f"{path}: columns {', '.join(repr(c) for c in spelled)} are all '{name}': keep one"
        for name, spelled in landed.items()
        if len(spelled) > 1
    ]
    problems += [
        f"{path}: required column '{column}' is missing (the {source.name} field "
        f"{column!r} in any spelling, e.g. {_api_spelling(column)!r})"
        for column in table.required_columns
        if column not in landed
    ]
    return problems


def _api_spelling(column: str) -> str:
    """`stage_name` as Salesforce's API writes it: `StageName` (a rough inverse, for messages)."""
    if column.startswith("_"):
        return column
    return "".join(part.capitalize() for part in column.split("_"))


def mapping_vars_args(mapping: str | None = None) -> list[str]:
    """dbt arguments passing the mapping file (CRM_MAPPING) as var overrides: ['--vars', text],
    or [] without one. The file is a YAML mapping of dbt var names to values."""
    path = (mapping if mapping is not None else os.environ.get("CRM_MAPPING", "")).strip()
    if not path:
        return []
    file = Path(path)
    if not file.is_file():
        raise CrmSourceError(f"{file}: the mapping file (CRM_MAPPING) does not exist")
    try:
        values = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise CrmSourceError(f"{file}: not valid YAML: {exc}") from None
    if not isinstance(values, dict):
        raise CrmSourceError(
            f"{file}: the mapping file must be a YAML mapping of dbt vars "
            f"(name: value), see docs/crm_mapping.example.yml"
        )
    return ["--vars", yaml.safe_dump(values, sort_keys=True)]
