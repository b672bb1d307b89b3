"""A private, throwaway PostgreSQL cluster on 127.0.0.1 for building and testing the
project on Postgres (`make build-postgres`, `make test-postgres`), and the atomic publication
of the marts (`salesdw pg publish`), which works on any Postgres server.

The cluster lives in a folder of its own (default /tmp/salesdw-pg-<hash of this checkout's
path>, so two checkouts on one host never share one), belongs to the `postgres` system user
when run as root (initdb refuses root), and has password authentication. Roles:
  postgres                  superuser, with its own random password (superuser.pw, 0600)
  PGUSER (default dbt)      owns the warehouse database and builds it
  bi_reader                 SELECT on the marts schema only (granted by dbt and by publish)
The build and BI passwords come from the environment (PGPASSWORD, BI_READER_PASSWORD); start
writes them to <cluster dir>/pgpass (0600, for PGPASSFILE). A marker file written at creation
(salesdw-cluster.json, naming the checkout) is required by stop and destroy: a folder without
it, or made from another checkout, is never stopped or removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import socket
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
MARKER = "salesdw-cluster.json"
SUPERUSER_PASSWORD_FILE = "superuser.pw"
PGPASS_FILE = "pgpass"
BI_ROLE = "bi_reader"

# The marts are built into <marts><suffix> and published by a schema swap. The same default
# is the dbt var marts_build_suffix in dbt_project.yml (tests check they agree).
DEFAULT_BUILD_SUFFIX = "__building"
PREVIOUS_SUFFIX = "__previous"
COMPLETE_BUILD = "salesdw:complete"


class ClusterError(RuntimeError):
    """A refusal or a failure of the pg tooling, with the message to show the user."""


def default_cluster_dir(checkout: Path = CHECKOUT) -> Path:
    """/tmp/salesdw-pg-<first 12 hex of sha256(checkout path)>; the Makefile computes the same."""
    digest = hashlib.sha256(str(checkout).encode()).hexdigest()[:12]
    return Path(f"/tmp/salesdw-pg-{digest}")


# --- files ----------------------------------------------------------------------------------


def write_secret(path: Path, text: str) -> None:
    """Create path with mode 0600 (O_CREAT|O_EXCL: never an existing file or a symlink), then
    write text: the secret is never readable by others, not even for an instant."""
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(text)


def _pgpass_field(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


def _give_to_postgres(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")


def _write_marker(cluster_dir: Path, port: int) -> None:
    marker = {
        "created_by": "salesdw pg start",
        "checkout": str(CHECKOUT),
        "port": port,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    (cluster_dir / MARKER).write_text(json.dumps(marker, indent=2) + "\n")


def _require_marker(cluster_dir: Path, action: str) -> None:
    """Refuse to act on a folder that `salesdw pg start` of this checkout did not create."""
    marker = cluster_dir / MARKER
    try:
        owner = json.loads(marker.read_text()).get("checkout")
    except (OSError, ValueError):
        raise ClusterError(
            f"refusing to {action} {cluster_dir}: it has no {MARKER} marker, so this checkout "
            f"did not create it (it may be another user's cluster). Nothing was touched. Use a "
            f"folder of your own: --cluster-dir DIR (make PG_DIR=DIR ...)."
        ) from None
    if owner != str(CHECKOUT):
        raise ClusterError(
            f"refusing to {action} {cluster_dir}: it was created from the checkout {owner}, not "
            f"from {CHECKOUT}. Nothing was touched. Run `make pg-stop` in {owner}, or use "
            f"another folder (make PG_DIR=DIR ...)."
        )


# --- processes ------------------------------------------------------------------------------


def _bin(name: str) -> str:
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if not found:
        raise ClusterError(f"PostgreSQL's {name} is not installed (apt-get install postgresql)")
    return found


def _as_postgres(args: list[str], what: str, check: bool = True) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    done = subprocess.run(args, check=False, text=True, capture_output=True)
    if check and done.returncode != 0:
        output = (done.stderr or done.stdout).strip()[-1500:]
        raise ClusterError(f"{what} failed (exit {done.returncode}):\n{output}")
    return done


def _running_port(cluster_dir: Path) -> int | None:
    """The port of the server running on cluster_dir/data, or None when it is not running."""
    data = cluster_dir / "data"
    if not (data / "postmaster.pid").exists():
        return None
    status = _as_postgres([_bin("pg_ctl"), "-D", str(data), "status"], "pg_ctl status", check=False)
    if status.returncode != 0:
        return None
    lines = (data / "postmaster.pid").read_text().splitlines()
    return int(lines[3]) if len(lines) > 3 and lines[3].strip().isdigit() else None


def check_port_free(port: int) -> None:
    """Refuse a port something already listens on (another cluster, another program)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as PostgreSQL binds
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            raise ClusterError(
                f"port {port} on 127.0.0.1 is already in use ({exc.strerror}): another "
                f"PostgreSQL or program listens there, and this cluster will not share it. "
                f"Pick a free port (make ... PG_PORT=NNNN, or --port NNNN), or stop what "
                f"uses {port}."
            ) from None


# --- cluster lifecycle ----------------------------------------------------------------------


def _create(cluster_dir: Path, port: int) -> None:
    """A new folder with the marker, then initdb with a random superuser password."""
    try:
        cluster_dir.mkdir(parents=True, mode=0o700)
    except FileExistsError:
        raise ClusterError(f"{cluster_dir} appeared while starting; nothing was touched") from None
    _write_marker(cluster_dir, port)
    _give_to_postgres(cluster_dir)
    _initdb(cluster_dir)


def _initdb(cluster_dir: Path) -> None:
    pwfile = cluster_dir / SUPERUSER_PASSWORD_FILE
    write_secret(pwfile, secrets.token_hex(16) + "\n")
    _give_to_postgres(pwfile)  # initdb reads it as postgres; mode stays 0600
    shutil.rmtree(cluster_dir / "data", ignore_errors=True)  # a half-made one (interrupted)
    _as_postgres(
        [
            _bin("initdb"),
            "-D",
            str(cluster_dir / "data"),
            "-U",
            "postgres",
            "--pwfile",
            str(pwfile),
            "-A",
            "scram-sha-256",
            "-E",
            "UTF8",
            "--no-locale",
        ],
        "initdb",
    )


def start(cluster_dir: Path, port: int) -> None:
    """Create (first time) and start the cluster, then the roles and the warehouse database."""
    password = _build_password()
    if cluster_dir.exists():
        _require_marker(cluster_dir, "start")
    running = _running_port(cluster_dir) if cluster_dir.exists() else None
    if running is not None:
        if running != port:
            raise ClusterError(
                f"the cluster in {cluster_dir} already runs on port {running}, not "
                f"{port}: use PG_PORT={running}, or `make pg-stop` first"
            )
    else:
        check_port_free(port)
        if not cluster_dir.exists():
            _create(cluster_dir, port)
        elif not (cluster_dir / "data" / "PG_VERSION").exists():
            _initdb(cluster_dir)
        _as_postgres(
            [
                _bin("pg_ctl"),
                "-D",
                str(cluster_dir / "data"),
                "-l",
                str(cluster_dir / "server.log"),
                "-w",
                "-o",
                f"-p {port} -c listen_addresses=127.0.0.1 -k {cluster_dir} -c fsync=off",
                "start",
            ],
            f"starting PostgreSQL on port {port} (log: {cluster_dir / 'server.log'})",
        )
    superuser = (cluster_dir / SUPERUSER_PASSWORD_FILE).read_text().strip()
    _bootstrap(port, superuser, password)
    _write_pgpass(cluster_dir, port, password)


def stop(cluster_dir: Path, action: str = "stop") -> bool:
    """Stop the cluster; False when there is no such folder (nothing to do)."""
    if not cluster_dir.exists():
        return False
    _require_marker(cluster_dir, action)
    if _running_port(cluster_dir) is not None:
        _as_postgres(
            [_bin("pg_ctl"), "-D", str(cluster_dir / "data"), "-w", "-m", "fast", "stop"], "pg_ctl stop"
        )
    return True


def destroy(cluster_dir: Path) -> bool:
    """Stop the cluster and remove its folder; False when there is no such folder."""
    if not stop(cluster_dir, "destroy"):
        return False
    shutil.rmtree(cluster_dir)
    return True


def _build_password() -> str:
    password = os.environ.get("PGPASSWORD", "")
    if not password:
        raise ClusterError(
            "PGPASSWORD is not set: it is the password given to the build role "
            "(make sets a random one per run)"
        )
    return password


def _bi_password(build_password: str) -> str:
    return os.environ.get("BI_READER_PASSWORD") or build_password


def _write_pgpass(cluster_dir: Path, port: int, password: str) -> None:
    database = os.environ.get("PGDATABASE", "warehouse")
    lines = [
        ":".join(_pgpass_field(v) for v in ("127.0.0.1", str(port), database, user, secret))
        for user, secret in ((_build_user(), password), (BI_ROLE, _bi_password(password)))
    ]
    write_secret(cluster_dir / PGPASS_FILE, "\n".join(lines) + "\n")


def _build_user() -> str:
    return os.environ.get("PGUSER", "dbt")


def _connect(**kwargs):
    import psycopg2

    try:
        return psycopg2.connect(**kwargs)
    except psycopg2.OperationalError as exc:
        where = f"{kwargs.get('host', 'PGHOST')}:{kwargs.get('port', 'PGPORT')}"
        raise ClusterError(
            f"cannot connect to PostgreSQL at {where} as {kwargs.get('user', 'PGUSER')}: {str(exc).strip()}"
        ) from None


def _bootstrap(port: int, superuser_password: str, password: str) -> None:
    """Create the build role, the warehouse database and the BI role (idempotent)."""
    from psycopg2 import sql

    user = _build_user()
    database = os.environ.get("PGDATABASE", "warehouse")
    admin = {"host": "127.0.0.1", "port": port, "user": "postgres", "password": superuser_password}
    con = _connect(dbname="postgres", **admin)
    con.autocommit = True
    try:
        with con.cursor() as cursor:
            for role, secret, options in (
                (user, password, "login createdb"),
                (BI_ROLE, _bi_password(password), "login"),
            ):
                cursor.execute("select 1 from pg_roles where rolname = %s", (role,))
                verb = "alter" if cursor.fetchone() else "create"
                cursor.execute(
                    sql.SQL(verb + " role {} with " + options + " password %s").format(sql.Identifier(role)),
                    (secret,),
                )
            cursor.execute("select 1 from pg_database where datname = %s", (database,))
            if not cursor.fetchone():
                cursor.execute(
                    sql.SQL("create database {} owner {}").format(
                        sql.Identifier(database), sql.Identifier(user)
                    )
                )
            cursor.execute(sql.SQL("revoke all on database {} from public").format(sql.Identifier(database)))
            cursor.execute(
                sql.SQL("grant connect on database {} to {}, {}").format(
                    sql.Identifier(database), sql.Identifier(user), sql.Identifier(BI_ROLE)
                )
            )
    finally:
        con.close()
    # The public schema is not for anyone but the owner.
    con = _connect(dbname=database, **admin)
    con.autocommit = True
    try:
        with con.cursor() as cursor:
            cursor.execute("revoke create on schema public from public")
    finally:
        con.close()


def dsn(port: int = 5433) -> str:
    return (
        f"host={os.environ.get('PGHOST', '127.0.0.1')} port={port} "
        f"dbname={os.environ.get('PGDATABASE', 'warehouse')} "
        f"user={_build_user()} password={os.environ['PGPASSWORD']}"
    )


# --- atomic publication of the marts --------------------------------------------------------


@dataclass(frozen=True)
class MartSchemas:
    live: str  # what BI reads
    building: str  # what dbt builds and tests
    previous: str  # the marts before the last swap (kept for rollback)


def mart_schemas() -> MartSchemas:
    """The three schema names, from DBT_SCHEMA_PREFIX and SALESDW_PUBLISH_SCHEMA_SUFFIX as
    generate_schema_name reads them."""
    prefix = os.environ.get("DBT_SCHEMA_PREFIX", "")
    live = f"{prefix}_marts" if prefix else "marts"
    suffix = os.environ.get("SALESDW_PUBLISH_SCHEMA_SUFFIX", DEFAULT_BUILD_SUFFIX).strip()
    if not suffix:
        raise ClusterError(
            "SALESDW_PUBLISH_SCHEMA_SUFFIX is empty: dbt built the marts in place "
            f"({live}), so there is nothing to publish"
        )
    return MartSchemas(live, live + suffix, live + PREVIOUS_SUFFIX)


def bi_roles() -> list[str]:
    return [r.strip() for r in os.environ.get("BI_READER_ROLES", BI_ROLE).split(",") if r.strip()]


def connect_builder(port: int | None = None):
    """The build role's connection (PGHOST, PGPORT or port, PGUSER, PGPASSWORD, PGDATABASE)."""
    return _connect(
        host=os.environ.get("PGHOST", "127.0.0.1"),
        port=port or int(os.environ.get("PGPORT", "5433")),
        dbname=os.environ.get("PGDATABASE", "warehouse"),
        user=_build_user(),
        password=os.environ.get("PGPASSWORD", ""),
    )


def _schema_comment(cursor, schema: str) -> str | None:
    """The schema's comment ('' when none), or None when the schema does not exist."""
    cursor.execute(
        "select coalesce(obj_description(oid, 'pg_namespace'), '') from pg_namespace where nspname = %s",
        (schema,),
    )
    row = cursor.fetchone()
    return None if row is None else row[0]


def _refuse_non_tables(cursor, schema: str) -> None:
    """Marts must be tables: a view would read core/intermediate, which a build replaces in
    place, so BI would see the new data before the swap (and a half-built one if it failed)."""
    cursor.execute(
        "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace "
        "where n.nspname = %s and c.relkind in ('v', 'm', 'f') order by 1",
        (schema,),
    )
    views = [row[0] for row in cursor.fetchall()]
    if views:
        raise ClusterError(
            f"{schema} holds views ({', '.join(views)}): the marts must be tables "
            f"(+materialized: table), else BI would read the build before it is published. "
            f"Nothing was published."
        )


def _outside_views(cursor, schemas: MartSchemas) -> list[str]:
    """Views in other schemas on a table of <marts> or <marts>__previous ('view reads table')."""
    cursor.execute(
        "select distinct vn.nspname || '.' || v.relname || ' reads ' || tn.nspname || '.' "
        "|| t.relname from pg_depend d "
        "join pg_rewrite r on r.oid = d.objid and d.classid = 'pg_rewrite'::regclass "
        "join pg_class v on v.oid = r.ev_class join pg_namespace vn on vn.oid = v.relnamespace "
        "join pg_class t on t.oid = d.refobjid and d.refclassid = 'pg_class'::regclass "
        "join pg_namespace tn on tn.oid = t.relnamespace "
        "where tn.nspname in (%s, %s) and vn.nspname <> tn.nspname order by 1",
        (schemas.live, schemas.previous),
    )
    return [row[0] for row in cursor.fetchall()]


def _refuse_outside_views(cursor, schemas: MartSchemas) -> None:
    """A view elsewhere on a mart binds to the table, not its name: after the swap it would
    read the previous build, and dropping <marts>__previous would drop it. (The project's own
    views on marts, like intermediate.int_sales_forecast, read the side schema after a
    complete build, so they never stop a publish.)"""
    found = _outside_views(cursor, schemas)
    if found:
        raise ClusterError(
            f"views outside {schemas.live} depend on the marts ({'; '.join(found)}): after the "
            f"swap they would keep reading the old tables, and the next publish would drop them. "
            f"Make them models of the project (rebuilt by every build) or drop them, then "
            f"publish again. Nothing was published."
        )


def _lock_tables(cursor, schema: str) -> None:
    """Wait for the BI queries reading schema to finish, and hold new ones until commit: a
    query then resolves every name after the swap, never some before and some after."""
    from psycopg2 import sql

    cursor.execute(
        "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " where n.nspname = %s and c.relkind in ('r', 'p') order by 1",
        (schema,),
    )
    tables = [sql.Identifier(schema, row[0]) for row in cursor.fetchall()]
    if tables:
        cursor.execute(sql.SQL("lock table {} in access exclusive mode").format(sql.SQL(", ").join(tables)))


def _rename(cursor, old: str, new: str) -> None:
    from psycopg2 import sql

    cursor.execute(sql.SQL("alter schema {} rename to {}").format(sql.Identifier(old), sql.Identifier(new)))


def _mark_published(cursor, schema: str) -> None:
    """build_info (one row: which build this is) says 'published', in the swap's transaction."""
    from psycopg2 import sql

    cursor.execute("select to_regclass(%s)", (f'"{schema}".build_info',))
    if cursor.fetchone()[0] is not None:
        cursor.execute(
            sql.SQL(
                "update {} set status = 'published', "
                "finished_at = coalesce(finished_at, now() at time zone 'UTC')"
            ).format(sql.Identifier(schema, "build_info"))
        )


def _drop_schema(cursor, schema: str) -> None:
    from psycopg2 import sql

    cursor.execute(sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(schema)))


def _set_bi_usage(cursor, grant_on: str, revoke_on: str | None) -> None:
    from psycopg2 import sql

    roles = bi_roles()
    if not roles:
        return
    names = sql.SQL(", ").join(sql.Identifier(r) for r in roles)
    cursor.execute(sql.SQL("grant usage on schema {} to {}").format(sql.Identifier(grant_on), names))
    if revoke_on:
        cursor.execute(sql.SQL("revoke usage on schema {} from {}").format(sql.Identifier(revoke_on), names))


def _in_one_transaction(con, lock_timeout_s: int, work):
    """Run work(cursor) in one transaction; a lock wait past the timeout or a deadlock with a
    BI query rolls it back (the marts stay as they were) and is retried twice."""
    import psycopg2

    for attempt in (1, 2, 3):
        try:
            with con, con.cursor() as cursor:
                cursor.execute("select set_config('lock_timeout', %s, true)", (f"{lock_timeout_s}s",))
                return work(cursor)
        except (psycopg2.errors.LockNotAvailable, psycopg2.errors.DeadlockDetected) as exc:
            if attempt == 3:
                raise ClusterError(
                    f"BI queries kept the marts locked ({str(exc).strip()}); nothing changed, "
                    f"publish again later or raise --lock-timeout"
                ) from None
    raise AssertionError("unreachable")


def publish(con, schemas: MartSchemas, lock_timeout_s: int = 60) -> tuple[str, bool]:
    """Swap the completely built and tested <marts>__building in as <marts>, in one
    transaction; the old marts become <marts>__previous (the one before is dropped).
    Returns the build's state and whether there were marts before."""

    def swap(cursor) -> tuple[str, bool]:
        state = _schema_comment(cursor, schemas.building)
        if state is None:
            raise ClusterError(
                f"schema {schemas.building} does not exist: nothing to publish "
                f"(run `dbt build` first; {schemas.live} is unchanged)"
            )
        if not state.startswith(COMPLETE_BUILD):
            raise ClusterError(
                f"{schemas.building} does not hold a complete build whose tests all passed "
                f"({state or 'no build state'}); {schemas.live} is unchanged. Run `dbt build` "
                f"(every mart, every test) to the end, then publish."
            )
        _refuse_non_tables(cursor, schemas.building)
        _refuse_outside_views(cursor, schemas)
        _mark_published(cursor, schemas.building)
        first = _schema_comment(cursor, schemas.live) is None
        if not first:
            _lock_tables(cursor, schemas.live)
            _drop_schema(cursor, schemas.previous)
            _rename(cursor, schemas.live, schemas.previous)
        _rename(cursor, schemas.building, schemas.live)
        _set_bi_usage(cursor, schemas.live, None if first else schemas.previous)
        return state, not first

    return _in_one_transaction(con, lock_timeout_s, swap)


def rollback(con, schemas: MartSchemas, lock_timeout_s: int = 60) -> list[str]:
    """Swap <marts> and <marts>__previous (run again to undo), in one transaction. Returns the
    views outside the marts that go on reading the tables they read (the next build re-creates
    the project's own)."""

    def swap(cursor) -> list[str]:
        for schema in (schemas.live, schemas.previous):
            if _schema_comment(cursor, schema) is None:
                raise ClusterError(f"schema {schema} does not exist: nothing to roll back to")
        outside = _outside_views(cursor, schemas)
        _lock_tables(cursor, schemas.live)
        _lock_tables(cursor, schemas.previous)
        swapping = schemas.live + "__swapping"
        _rename(cursor, schemas.live, swapping)
        _rename(cursor, schemas.previous, schemas.live)
        _rename(cursor, swapping, schemas.previous)
        _set_bi_usage(cursor, schemas.live, schemas.previous)
        return outside

    return _in_one_transaction(con, lock_timeout_s, swap)
