"""The two lock files agree: what `make build` installs (requirements-build.lock) is a subset of
what `make test` installs (requirements.lock) at the same versions, and each covers what
pyproject.toml declares (the dependencies, and every extra for the full lock)."""

from __future__ import annotations

import re
import tomllib

from .conftest import PROJECT_DIR


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (PROJECT_DIR / name).read_text().splitlines():
        if line and not line.startswith("#"):
            package, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", package).lower()] = version
    return pins


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.split(r"[<>=\[; ]", requirement, maxsplit=1)[0]).lower()


def test_the_build_lock_is_the_full_lock_cut_down():
    build, full = _pins("requirements-build.lock"), _pins("requirements.lock")
    assert {package: full.get(package) for package in build} == build


def test_the_locks_cover_pyproject():
    project = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())["project"]
    build, full = _pins("requirements-build.lock"), _pins("requirements.lock")
    assert {_name(r) for r in project["dependencies"]} <= set(build)
    extras = {
        _name(requirement)
        for group, requirements in project["optional-dependencies"].items()
        if group != "dev"
        for requirement in requirements
    }
    assert extras <= set(full), extras - set(full)
