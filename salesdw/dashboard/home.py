"""Superset's home for this checkout: a git-ignored folder (SUPERSET_HOME, default
target/superset/) with the metadata database, the secret key, the admin password, the log
and the pid file. The admin password is SUPERSET_ADMIN_PASSWORD when set, else one generated
once and kept in the home (mode 0600); nothing secret is committed."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from salesdw.contract import PROJECT_DIR

ADMIN_USER = "admin"


@dataclass(frozen=True)
class Home:
    path: Path
    port: int

    @classmethod
    def from_env(cls) -> Home:
        path = Path(os.environ.get("SUPERSET_HOME") or PROJECT_DIR / "target" / "superset").resolve()
        port = os.environ.get("SUPERSET_PORT") or "8088"
        if not port.isdigit():
            raise ValueError(f"SUPERSET_PORT={port!r} is not a port number")
        return cls(path, int(port))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid_file(self) -> Path:
        return self.path / "superset.pid"

    @property
    def log_file(self) -> Path:
        return self.path / "superset.log"

    @property
    def password_file(self) -> Path:
        return self.path / "admin_password"

    @property
    def initialised_marker(self) -> Path:
        return self.path / "initialised"

    def make(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        os.chmod(self.path, 0o700)


def write_private(path: Path, text: str) -> None:
    """Write text to path, created with mode 0600 before anything is written."""
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)


def admin_password(home: Home) -> tuple[str, bool]:
    """The admin password and whether it differs from the one kept in the home (then the
    kept one is replaced: the caller resets the user's password)."""
    kept = home.password_file.read_text().strip() if home.password_file.exists() else None
    wanted = os.environ.get("SUPERSET_ADMIN_PASSWORD") or kept or secrets.token_urlsafe(12)
    if wanted != kept:
        write_private(home.password_file, wanted)
    return wanted, kept is not None and wanted != kept
