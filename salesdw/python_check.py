"""Refuse a Python interpreter that would hang a build (stdlib only: runs before the venv exists).

CPython 3.11.0-3.11.5 and 3.12.0 have a deadlock in multiprocessing's resource tracker: a garbage
collection inside `ResourceTracker.ensure_running()` runs a semaphore's finalizer, which calls
back into the tracker and waits for the lock its own thread holds (CPython gh-109593, fixed in
3.11.6 and 3.12.1). dbt's threads create such semaphores for every unit test, so a build on those
interpreters can hang, silently and for ever (seen here on 3.12.0 in a Postgres test build). The
fixed tracker has `ReentrantCallError`.

    python salesdw/python_check.py    # exit 0, or 1 with what to do
"""

from __future__ import annotations

import platform
import sys
from types import ModuleType


def interpreter_problem(resource_tracker: ModuleType, version: str) -> str | None:
    """Why this interpreter cannot build the project, or None when it can."""
    if hasattr(resource_tracker, "ReentrantCallError"):
        return None
    return (
        f"Python {version} has multiprocessing's resource-tracker deadlock (CPython gh-109593, "
        "fixed in 3.11.6 and 3.12.1): dbt builds can hang on it. Use Python 3.11.6+, 3.12.1+ or "
        "3.13, e.g. `make build PYTHON=python3.13`, after removing .venv."
    )


def main() -> int:
    import multiprocessing.resource_tracker

    problem = interpreter_problem(multiprocessing.resource_tracker, platform.python_version())
    if problem:
        print(f"{sys.executable}: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
