"""salesdw/python_check.py: an interpreter with CPython's resource-tracker deadlock (gh-109593:
3.11.0-3.11.5, 3.12.0) is refused with what to do, before a venv is made; others pass."""

from __future__ import annotations

import subprocess
import sys
from types import ModuleType

from salesdw.python_check import interpreter_problem

from .conftest import PROJECT_DIR


def test_an_interpreter_without_the_fixed_resource_tracker_is_refused():
    unfixed = ModuleType("multiprocessing.resource_tracker")  # 3.12.0's has no ReentrantCallError
    problem = interpreter_problem(unfixed, "3.12.0")
    assert problem is not None
    assert "Python 3.12.0" in problem and "gh-109593" in problem
    assert "3.12.1+" in problem and "PYTHON=" in problem


def test_an_interpreter_with_the_fixed_resource_tracker_passes():
    fixed = ModuleType("multiprocessing.resource_tracker")
    fixed.ReentrantCallError = type("ReentrantCallError", (RuntimeError,), {})
    assert interpreter_problem(fixed, "3.12.1") is None


def test_the_check_passes_this_interpreter_as_a_script():
    check = subprocess.run(
        [sys.executable, "salesdw/python_check.py"], cwd=PROJECT_DIR, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
