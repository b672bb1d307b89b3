"""Back from Superset to dashboards/: the files of a Superset export (a dashboard edited in the
UI), each written over the committed file of the same UUID (else under Superset's own name),
with the database URI turned back into the placeholder - never a machine's path committed."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import yaml

from salesdw.dashboard.bundle import DASHBOARDS_DIR, PATH_PLACEHOLDER, read_configs

KINDS = ("databases/", "datasets/", "charts/", "dashboards/")


def read_export(data: bytes) -> dict[str, dict]:
    """The YAML files of an export zip by their path under its root folder."""
    configs = {}
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        for name in bundle.namelist():
            inner = name.split("/", 1)[1] if "/" in name else name
            if inner.endswith(".yaml") and inner.startswith(KINDS):
                configs[inner] = yaml.safe_load(bundle.read(name))
    return configs


def files_for_export(exported: dict[str, dict], committed: dict[str, dict]) -> dict[str, dict]:
    """Where each exported config goes in dashboards/ (the committed path of its UUID, else
    Superset's), the database URI replaced by the placeholder."""
    path_of_uuid = {config.get("uuid"): name for name, config in committed.items()}
    files = {}
    for name, config in exported.items():
        if name.startswith("databases/"):
            config = {**config, "sqlalchemy_uri": f"duckdb:///{PATH_PLACEHOLDER}?access_mode=read_only"}
        files[path_of_uuid.get(config.get("uuid"), name)] = config
    return files


def write_export(data: bytes, folder: Path = DASHBOARDS_DIR) -> list[str]:
    """Write an export zip into folder; returns the paths written."""
    files = files_for_export(read_export(data), read_configs(folder))
    for name, config in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
        )
    return sorted(files)
