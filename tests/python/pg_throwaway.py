"""A throwaway database on the `make test-postgres` cluster, owned by the build role, and its
removal even while an autovacuum worker is in it.

The removal is a plain DROP DATABASE: the server itself ends the autovacuum workers in the
database (waiting up to 5 s). DROP DATABASE ... WITH (FORCE) instead signals them as the
calling role, which a role that is neither superuser nor pg_signal_backend may not do: it failed
with InsufficientPrivilege whenever autovacuum happened to be working in the database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from .test_postgres import connect

psycopg2 = pytest.importorskip("psycopg2")


def build_role_connection(dbname: str | None = None):
    con = connect(os.environ.get("PGUSER", "dbt"), os.environ["PGPASSWORD"], dbname)
    con.autocommit = True
    return con


def drop_database(admin, name: str) -> None:
    from psycopg2 import sql

    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("drop database if exists {}").format(sql.Identifier(name)))


@contextmanager
def throwaway_database(prefix: str) -> Iterator[str]:
    """A new database named <prefix>_<8 hex>, dropped on leaving (every connection the caller
    opened to it must be closed by then)."""
    from psycopg2 import sql

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = build_role_connection()
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
        try:
            yield name
        finally:
            drop_database(admin, name)
    finally:
        admin.close()
