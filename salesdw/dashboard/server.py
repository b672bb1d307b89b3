"""Superset's life cycle for this checkout: initialise the home (metadata database, roles,
admin user), start gunicorn on 127.0.0.1 in the background (pid
file), wait for /health, stop it (only the process group this module started)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from salesdw.contract import PROJECT_DIR
from salesdw.dashboard import DashboardError
from salesdw.dashboard.home import ADMIN_USER, Home, admin_password

BIN = Path(sys.executable).parent


def superset_env(home: Home) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        SUPERSET_HOME=str(home.path),
        SUPERSET_CONFIG_PATH=str(PROJECT_DIR / "superset_config.py"),
        FLASK_APP="superset",
        PYTHONUNBUFFERED="1",
    )
    return env


def _tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def run_superset(home: Home, *args: str, what: str) -> str:
    done = subprocess.run(
        [str(BIN / "superset"), *args],
        env=superset_env(home),
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
    )
    output = done.stdout + done.stderr
    with open(home.path / "superset-cli.log", "a", encoding="utf-8") as log:
        shown = ["***" if i and args[i - 1] == "--password" else a for i, a in enumerate(args)]
        log.write(f"$ superset {' '.join(shown)}\n")
        log.write(output)
    if done.returncode != 0:
        raise DashboardError(
            f"Superset could not {what} (superset {args[0]} exited {done.returncode}):\n"
            f"{_tail(output)}\nFull output: {home.path / 'superset-cli.log'}"
        )
    return output


def initialise(home: Home) -> str:
    """Make the home, migrate the metadata database, create the roles and the admin user
    (once), and set the admin password; returns the password."""
    home.make()
    password, changed = admin_password(home)
    if not home.initialised_marker.exists():
        print(f"Initialising Superset in {home.path} (once, about a minute)...", flush=True)
        run_superset(home, "db", "upgrade", what="create its metadata database")
        run_superset(home, "init", what="set up its roles and permissions")
        run_superset(
            home,
            "fab",
            "create-admin",
            "--username",
            ADMIN_USER,
            "--firstname",
            "Sales",
            "--lastname",
            "Admin",
            "--email",
            "admin@example.invalid",
            "--password",
            password,
            what="create the admin user",
        )
        home.initialised_marker.write_text("ok\n")
    elif changed:
        run_superset(
            home,
            "fab",
            "reset-password",
            "--username",
            ADMIN_USER,
            "--password",
            password,
            what="set the admin password from SUPERSET_ADMIN_PASSWORD",
        )
    return password


def running_pid(home: Home) -> int | None:
    """The pid of the Superset this home started, when it is still running."""
    try:
        pid = int(home.pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    _reap(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        home.pid_file.unlink(missing_ok=True)
        return None
    return pid


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def healthy(home: Home) -> bool:
    try:
        with urllib.request.urlopen(f"{home.url}/health", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def start(home: Home, timeout: float = 180) -> int:
    """Start Superset in the background (or keep the one already running); returns its pid."""
    pid = running_pid(home)
    if pid is not None and healthy(home):
        return pid
    if pid is None and not port_is_free(home.port):
        raise DashboardError(
            f"Port {home.port} on 127.0.0.1 is in use by another program: "
            f"choose another one, e.g. make dashboard SUPERSET_PORT=8089"
        )
    if pid is None:
        log = open(home.log_file, "ab")
        process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--bind",
                f"127.0.0.1:{home.port}",
                "--workers",
                "1",
                "--worker-class",
                "gthread",
                "--threads",
                "8",
                "--timeout",
                "120",
                "--limit-request-line",
                "0",
                "--limit-request-field_size",
                "0",
                "superset.app:create_app()",
            ],
            env=superset_env(home),
            cwd=PROJECT_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        pid = process.pid
        home.pid_file.write_text(f"{pid}\n")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if healthy(home):
            return pid
        if running_pid(home) is None:
            raise DashboardError(
                f"Superset stopped while starting:\n{_tail(home.log_file.read_text(errors='replace'))}"
                f"\nFull log: {home.log_file}"
            )
        time.sleep(1)
    stop(home)
    raise DashboardError(
        f"Superset did not answer on {home.url}/health within {timeout:.0f} s; log: {home.log_file}"
    )


def _reap(pid: int) -> None:
    """Collect the exit status when pid is this process's child (make test-dashboard)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def stop(home: Home, timeout: float = 30) -> bool:
    """Stop the Superset this home started (its process group); False when none was running."""
    pid = running_pid(home)
    if pid is None:
        return False
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _reap(pid)
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.5)
    else:
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    home.pid_file.unlink(missing_ok=True)
    return True
