"""A Salesforce and a HubSpot export build on Postgres with every test (issue 11's "done when"),
and their kpi_values equal the independent pandas oracle run on the contract folder the export
is equivalent to (written by the same converter), for every KPI. And `dbt seed` alone works on
a fresh database (issue 14: the on-run-end grant hook failed without a marts schema).

Each CRM gets its own throwaway database on the `make test-postgres` cluster, so the published
contract build there is not touched. Its first dbt command is `dbt seed` alone; the build then
starts from that command's parse (same settings and target folder), so the seed costs no parse."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from salesdw.crm_export.hubspot import write_hubspot_export
from salesdw.crm_export.salesforce import write_salesforce_export

from .conftest import ADAPTER_UNIT_TESTS_ONLY, BIN, PROJECT_DIR, SAMPLE_AS_OF, SAMPLE_DIR, passed_unit_tests
from .pg_throwaway import build_role_connection, throwaway_database
from .test_oracle import FAMILIES, compare

# Own databases: may run beside the tests of the `warehouse` database (another pytest process).
pytestmark = [pytest.mark.postgres]

psycopg2 = pytest.importorskip("psycopg2")

WRITERS = {"salesforce": write_salesforce_export, "hubspot": write_hubspot_export}


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=1800)


@dataclass(frozen=True)
class SeedAlone:
    """What `dbt seed` alone did on the fresh database, and what the database then held."""

    returncode: int
    output: str
    kpi_definitions: int
    marts_schemas: int


@dataclass(frozen=True)
class CrmBuild:
    crm: str
    equivalent: Path
    kpi_values: pd.DataFrame
    seed_alone: SeedAlone


@pytest.fixture(scope="module", params=sorted(WRITERS))
def crm_build(request, tmp_path_factory) -> CrmBuild:
    """The sample as the CRM's export in a fresh database: `dbt seed` alone first, then loaded,
    built (dbt build: every data test and the CRM adapter's unit tests; the other unit tests ran
    on Postgres in `make build-postgres`) and published, as `make build-postgres` does."""
    crm = request.param
    work = tmp_path_factory.mktemp(crm)
    export, equivalent = work / "export", work / "equivalent"
    WRITERS[crm](SAMPLE_DIR, export, equivalent)
    with throwaway_database(f"salesdw_{crm}") as database:
        env = dict(
            os.environ,
            CRM_SOURCE=crm,
            PGDATABASE=database,
            CRM_AS_OF=SAMPLE_AS_OF,
            DBT_TARGET="postgres",
            CRM_RAW_DIR=str(export),
        )
        folders = ["--target-path", str(work / "target"), "--log-path", str(work / "logs")]
        seed = _run([str(BIN / "dbt"), "seed", *folders], env)
        seed_alone = SeedAlone(seed.returncode, seed.stdout[-4000:] + seed.stderr[-2000:], *_seeded(database))
        load = _run([str(BIN / "salesdw"), "pg", "load", "--raw-dir", str(export)], env)
        assert load.returncode == 0, load.stdout[-3000:] + load.stderr[-3000:]
        build = _run([str(BIN / "dbt"), "build", *ADAPTER_UNIT_TESTS_ONLY, *folders], env)
        assert build.returncode == 0, build.stdout[-6000:] + build.stderr[-2000:]
        adapter_unit_tests = passed_unit_tests(work / "target")
        assert adapter_unit_tests, f"the {crm} adapter's unit tests did not run in its build"
        assert all(f".{crm}__" in test for test in adapter_unit_tests), adapter_unit_tests
        publish = _run([str(BIN / "salesdw"), "pg", "publish"], env)  # as make build-postgres
        assert publish.returncode == 0, publish.stdout[-3000:] + publish.stderr[-3000:]
        con = build_role_connection(database)
        try:
            kpi_values = pd.read_sql("select * from marts.kpi_values", con)
        finally:
            con.close()
        yield CrmBuild(crm, equivalent, kpi_values, seed_alone)


def _seeded(database: str) -> tuple[int, int]:
    """(rows of the kpi_definitions seed, schemas named marts*) in database."""
    con = build_role_connection(database)
    try:
        with con.cursor() as cursor:
            cursor.execute(
                "select (select count(*) from pg_tables where schemaname = 'public' "
                "and tablename = 'kpi_definitions'), "
                "(select count(*) from pg_namespace where nspname like 'marts%')"
            )
            (tables, marts_schemas) = cursor.fetchone()
            definitions = 0
            if tables:
                cursor.execute("select count(*) from public.kpi_definitions")
                definitions = cursor.fetchone()[0]
        return definitions, marts_schemas
    finally:
        con.close()


def test_dbt_seed_alone_on_a_fresh_database(crm_build):
    """Issue 14: the on-run-end grant hook failed on a database without a marts schema."""
    seed_alone = crm_build.seed_alone
    assert seed_alone.returncode == 0, seed_alone.output
    assert seed_alone.kpi_definitions > 0
    assert seed_alone.marts_schemas == 0


def test_crm_export_builds_on_postgres_and_matches_the_oracle(crm_build):
    for kpis, oracle in FAMILIES.values():
        compare(kpis, oracle(crm_build.equivalent, SAMPLE_AS_OF), crm_build.kpi_values, require_values=False)
