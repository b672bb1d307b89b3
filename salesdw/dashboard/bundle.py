"""The import zip: Superset's export format (metadata.yaml, databases/, datasets/, charts/,
dashboards/) from the committed dashboards/ folder, with the BI file's path filled into the
database URI (the committed YAML holds the placeholder, never a machine's path)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import yaml

from salesdw.contract import PROJECT_DIR
from salesdw.dashboard.describe import describe_datasets

DASHBOARDS_DIR = PROJECT_DIR / "dashboards"
PATH_PLACEHOLDER = "__BI_DUCKDB_PATH__"
ROOT = "salesdw_dashboards"


def bi_uri(bi_path: Path) -> str:
    """duckdb-engine URI of the BI file, opened read-only. SQLAlchemy 1.4 (Superset's) takes
    the path as written (no %-decoding), so a path holding '?' or '#' cannot be expressed."""
    path = Path(bi_path).resolve().as_posix()
    if "?" in path or "#" in path:
        raise ValueError(
            f"The BI file's path {path} holds '?' or '#', which a database URI cannot carry: "
            "move it, or point BI_DUCKDB_PATH at a copy elsewhere"
        )
    return f"duckdb:///{path}?access_mode=read_only"


def read_configs(folder: Path = DASHBOARDS_DIR) -> dict[str, dict]:
    """Every YAML file of the folder by its path relative to it (e.g. charts/MRR.yaml)."""
    configs = {}
    for path in sorted(folder.rglob("*.yaml")):
        configs[path.relative_to(folder).as_posix()] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return configs


def fill_database_uri(configs: dict[str, dict], bi_path: Path) -> dict[str, dict]:
    """A copy of configs whose database URIs point at bi_path (the placeholder replaced)."""
    filled = {}
    for name, config in configs.items():
        if name.startswith("databases/"):
            uri = config.get("sqlalchemy_uri", "")
            if PATH_PLACEHOLDER not in uri:
                raise ValueError(
                    f"dashboards/{name}: sqlalchemy_uri must hold {PATH_PLACEHOLDER}, not a path"
                )
            config = {**config, "sqlalchemy_uri": bi_uri(bi_path)}
        filled[name] = config
    return filled


def build_zip(bi_path: Path, target: Path, folder: Path = DASHBOARDS_DIR) -> Path:
    """Write the import zip of folder to target, the database URI pointing at bi_path; when the
    BI file exists, its datasets list every column of their tables with the dbt descriptions
    (describe_datasets)."""
    configs = fill_database_uri(read_configs(folder), bi_path)
    if Path(bi_path).exists():
        configs = describe_datasets(configs, Path(bi_path))
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, config in configs.items():
            bundle.writestr(f"{ROOT}/{name}", yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    return target
