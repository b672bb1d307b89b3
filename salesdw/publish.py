"""Publishing a DuckDB build atomically: a build writes new files next to the published ones and
only a finished, fully tested build replaces them, each with one rename (readers holding the old
file keep reading it; new connections see the new build). The replaced files are kept as
`<name>.previous.duckdb` for `salesdw rollback`.

Files beside the published warehouse `warehouse.duckdb`:
  .warehouse.duckdb.building                 the full warehouse being built (a fixed name, so
                                             dbt's partial parsing survives from build to build)
  .bi.duckdb.building                        the BI file being written
  warehouse.previous.duckdb, bi.previous.duckdb   the last published build, for rollback
  warehouse.failed.duckdb                    the last failed build, kept for inspection
  .warehouse.duckdb.build-lock               held (flock) while a build runs
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

STAGING_MARK = ".building"


class PublishError(Exception):
    """A publish or rollback cannot be done (the message says why and what to do)."""


@dataclass(frozen=True)
class PublishedFile:
    """One published DuckDB file and its siblings."""

    path: Path

    def sibling(self, suffix: str) -> Path:
        return self.path.with_name(f"{self.path.stem}.{suffix}{self.path.suffix}")

    @property
    def previous(self) -> Path:
        return self.sibling("previous")

    @property
    def failed(self) -> Path:
        return self.sibling("failed")

    @property
    def staging(self) -> Path:
        return self.path.with_name(f".{self.path.name}{STAGING_MARK}")

    def stale_staging(self) -> list[Path]:
        """Files a build left behind when it died (only ever looked at under the build lock)."""
        return [p for p in (self.staging, self.staging.with_name(self.staging.name + ".wal")) if p.exists()]


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _check_no_open_writer(path: Path) -> None:
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        raise PublishError(
            f"{wal} exists: {path.name} is open for writing by another process (or one crashed "
            f"while writing it). Close that connection (open it read-only), or checkpoint it with "
            f"`duckdb {path} 'checkpoint'`, then run the build again. Nothing was published."
        )


def publish(staging: Path, target: PublishedFile) -> None:
    """Replace the published file with `staging` in one rename; keep the replaced one as
    `previous`. The published path exists at every instant (a reader never finds it missing)."""
    _check_no_open_writer(staging)
    if target.path.exists():
        _check_no_open_writer(target.path)
        keep = target.previous.with_name(target.previous.name + ".tmp")
        keep.unlink(missing_ok=True)
        os.link(target.path, keep)
        os.replace(keep, target.previous)
    os.replace(staging, target.path)
    _fsync_dir(target.path.parent)


def rollback(target: PublishedFile) -> None:
    """Swap the published file and the previous one (a second rollback undoes the first)."""
    if not target.previous.exists():
        raise PublishError(f"{target.previous} does not exist: there is no earlier build to roll back to.")
    _check_no_open_writer(target.path)
    hold = target.path.with_name(target.path.name + ".rollback.tmp")
    hold.unlink(missing_ok=True)
    if target.path.exists():
        os.link(target.path, hold)
    os.replace(target.previous, target.path)
    if hold.exists():
        os.replace(hold, target.previous)
    _fsync_dir(target.path.parent)


def discard(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.with_name(path.name + ".wal").unlink(missing_ok=True)


def keep_failed(staging: Path, target: PublishedFile) -> Path | None:
    """Keep a failed build's file for inspection (replacing the previous failed one)."""
    if not staging.exists():
        return None
    discard(target.failed)
    os.replace(staging, target.failed)
    wal = staging.with_name(staging.name + ".wal")
    if wal.exists():
        os.replace(wal, target.failed.with_name(target.failed.name + ".wal"))
    return target.failed


@contextlib.contextmanager
def build_lock(target: PublishedFile) -> Iterator[None]:
    """Hold the build lock of a published file: one build at a time per warehouse. The lock is
    released by the kernel if the process dies (kill -9 included)."""
    target.path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = target.path.with_name(f".{target.path.name}.build-lock")
    handle = lock_path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise PublishError(
                f"Another build of {target.path} is running (PID {holder}). Wait for it to finish "
                f"or stop it; the published files are not touched by either."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()


def lock_holder(message: str) -> str:
    """Who holds a DuckDB file lock, from DuckDB's error ("... (PID 123) ..."): 'PID 123
    (command line)', or '' when the message names no process."""
    match = re.search(r"PID (\d+)", message)
    if not match:
        return ""
    pid = match.group(1)
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        command = ""
    return f"PID {pid}" + (f" ({command[:200]})" if command else "")
