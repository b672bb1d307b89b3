"""A private, throwaway PostgreSQL cluster on 127.0.0.1 for building and testing the
project on Postgres (`make build-postgres`, `make test-postgres`).

The cluster lives in a folder of its own (default /tmp/salesdw-pg), belongs to the `postgres`
system user (initdb refuses root), and has password authentication. Roles:
  PGUSER (default dbt)      owns the warehouse database and builds it
  bi_reader                 SELECT on the marts schema only (granted by dbt)
Passwords come from the environment (PGPASSWORD, BI_READER_PASSWORD); nothing is stored here.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

DEFAULT_DIR = Path(os.environ.get("SALESDW_PG_DIR", "/tmp/salesdw-pg"))


def _bin(name: str) -> str:
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed (apt-get install postgresql)")
    return found


def _as_postgres(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, text=True, capture_output=True, **kwargs)


def start(cluster_dir: Path = DEFAULT_DIR, port: int = 5433) -> None:
    data = cluster_dir / "data"
    password = os.environ["PGPASSWORD"]
    if not (data / "PG_VERSION").exists():
        cluster_dir.mkdir(parents=True, exist_ok=True)
        pwfile = cluster_dir / "pwfile"
        pwfile.write_text(password + "\n")
        if os.geteuid() == 0:
            shutil.chown(cluster_dir, "postgres", "postgres")
            shutil.chown(pwfile, "postgres", "postgres")
        _as_postgres([
            _bin("initdb"), "-D", str(data), "-U", "postgres", "--pwfile", str(pwfile),
            "-A", "scram-sha-256", "-E", "UTF8", "--no-locale",
        ])
        pwfile.unlink()
    _as_postgres([
        _bin("pg_ctl"), "-D", str(data), "-l", str(cluster_dir / "server.log"), "-w",
        "-o", f"-p {port} -c listen_addresses=127.0.0.1 -k {cluster_dir} -c fsync=off",
        "start",
    ])
    _bootstrap(port, password)


def stop(cluster_dir: Path = DEFAULT_DIR) -> None:
    data = cluster_dir / "data"
    if (data / "postmaster.pid").exists():
        _as_postgres([_bin("pg_ctl"), "-D", str(data), "-w", "-m", "fast", "stop"])


def destroy(cluster_dir: Path = DEFAULT_DIR) -> None:
    stop(cluster_dir)
    shutil.rmtree(cluster_dir, ignore_errors=True)


def _bootstrap(port: int, password: str) -> None:
    """Create the build role, the warehouse database and the BI role (idempotent)."""
    import psycopg2
    from psycopg2 import sql

    user = os.environ.get("PGUSER", "dbt")
    database = os.environ.get("PGDATABASE", "warehouse")
    bi_password = os.environ.get("BI_READER_PASSWORD", password)
    con = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", password=password,
                           dbname="postgres")
    con.autocommit = True
    try:
        with con.cursor() as cursor:
            for role, secret, options in ((user, password, "login createdb"),
                                          ("bi_reader", bi_password, "login")):
                cursor.execute("select 1 from pg_roles where rolname = %s", (role,))
                verb = "alter" if cursor.fetchone() else "create"
                cursor.execute(
                    sql.SQL(verb + " role {} with " + options + " password %s").format(
                        sql.Identifier(role)),
                    (secret,),
                )
            cursor.execute("select 1 from pg_database where datname = %s", (database,))
            if not cursor.fetchone():
                cursor.execute(sql.SQL("create database {} owner {}").format(
                    sql.Identifier(database), sql.Identifier(user)))
            cursor.execute(sql.SQL("revoke all on database {} from public").format(
                sql.Identifier(database)))
            cursor.execute(sql.SQL("grant connect on database {} to {}, bi_reader").format(
                sql.Identifier(database), sql.Identifier(user)))
    finally:
        con.close()
    # The public schema is not for anyone but the owner.
    con = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", password=password,
                           dbname=database)
    con.autocommit = True
    try:
        with con.cursor() as cursor:
            cursor.execute("revoke create on schema public from public")
    finally:
        con.close()


def dsn(port: int = 5433) -> str:
    return (
        f"host=127.0.0.1 port={port} dbname={os.environ.get('PGDATABASE', 'warehouse')} "
        f"user={os.environ.get('PGUSER', 'dbt')} password={os.environ['PGPASSWORD']}"
    )
