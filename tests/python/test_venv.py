"""The environment `make venv` / `make build` installs: its modules are compiled once at install.

Every dbt, salesdw and pytest process imports thousands of modules; with PYTHONDONTWRITEBYTECODE
set (as on this project's machines) Python compiles each from source at every start and never
writes the result, so the Makefile compiles the environment after pip installs it (COMPILE_VENV).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

# What every build starts: dbt (its adapters are dbt.adapters), DuckDB, templating, agate.
BUILD_PACKAGES = ("dbt", "dbt_common", "duckdb", "jinja2", "agate")


@pytest.mark.parametrize("package", BUILD_PACKAGES)
def test_every_module_of_the_build_tools_has_its_bytecode(package):
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.submodule_search_locations, f"{package} is not installed"
    package_dir = Path(next(iter(spec.submodule_search_locations)))
    sources = sorted(package_dir.rglob("*.py"))
    assert sources, f"no module found under {package_dir}"
    # Checks every module, not only the imported ones: a process that may write bytecode writes it
    # for what it imports, so only the install step can compile them all.
    missing = [path for path in sources if not Path(importlib.util.cache_from_source(str(path))).is_file()]
    assert not missing, (
        f"{len(missing)} of {len(sources)} modules of {package} have no bytecode, e.g. "
        f"{missing[0].relative_to(package_dir)}: the Makefile's COMPILE_VENV did not run after pip"
    )
