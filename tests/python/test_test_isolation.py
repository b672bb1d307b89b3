"""The tests of the Postgres cluster's `warehouse` database run one at a time (conftest's lock).

They once ran two at a time: `make postgres-suite` relied on pytest-xdist's `--dist loadgroup`,
which with pytest 9 no longer keeps a group on one worker, and a partial build of the publish
tests failed beside the kill -9 test's build ("relation kpi_catalog already exists")."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.python.conftest import PROJECT_DIR, exclusive_lock


def test_a_second_process_cannot_take_the_lock_and_is_told_who_holds_it(tmp_path):
    lock = tmp_path / "warehouse-tests.lock"
    other = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(PROJECT_DIR)!r})
        from pathlib import Path
        from tests.python.conftest import LockHeld, exclusive_lock
        try:
            with exclusive_lock(Path({str(lock)!r}), "the other test"):
                print("took it")
        except LockHeld as held:
            print(f"held by: {{held}}")
        """
    )
    with exclusive_lock(lock, "test_one in process 1"):
        held = subprocess.run([sys.executable, "-c", other], capture_output=True, text=True, check=True)
    assert held.stdout.strip() == "held by: test_one in process 1", held.stdout + held.stderr
    free = subprocess.run([sys.executable, "-c", other], capture_output=True, text=True, check=True)
    assert free.stdout.strip() == "took it", free.stdout + free.stderr


def test_the_lock_is_taken_again_after_a_failing_block(tmp_path):
    lock = tmp_path / "warehouse-tests.lock"
    with pytest.raises(RuntimeError), exclusive_lock(lock, "first"):
        raise RuntimeError("the test failed")
    with exclusive_lock(lock, "second"):
        assert Path(lock).read_text(encoding="utf-8") == "second"


def test_no_test_relies_on_xdist_groups():
    """`--dist loadgroup` groups nothing with pytest 9: a test that needs another not to run
    beside it says so with the postgres_warehouse mark (a lock), not an xdist_group."""
    marked = [
        path.name
        for path in (PROJECT_DIR / "tests" / "python").glob("test_*.py")
        if path != Path(__file__) and "xdist_group(" in path.read_text(encoding="utf-8")
    ]
    assert marked == []
    assert "--dist loadgroup" not in (PROJECT_DIR / "Makefile").read_text(encoding="utf-8")
