"""A Salesforce and a HubSpot export build on Postgres with every test (issue 11's "done when"),
and their kpi_values equal the independent pandas oracle run on the contract folder the export
is equivalent to (written by the same converter), for every KPI.

Each CRM gets its own throwaway database on the `make test-postgres` cluster, so the published
contract build there is not touched."""

from __future__ import annotations

import os
import subprocess
import uuid

import pandas as pd
import pytest

from salesdw.crm_export.hubspot import write_hubspot_export
from salesdw.crm_export.salesforce import write_salesforce_export

from .conftest import ADAPTER_UNIT_TESTS_ONLY, BIN, PROJECT_DIR, SAMPLE_AS_OF, SAMPLE_DIR, passed_unit_tests
from .test_oracle import FAMILIES, compare
from .test_postgres import connect

# Own databases: may run beside the tests of the `warehouse` database (another xdist group).
pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("postgres_crm_exports")]

psycopg2 = pytest.importorskip("psycopg2")

WRITERS = {"salesforce": write_salesforce_export, "hubspot": write_hubspot_export}


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=1800)


@pytest.fixture(params=sorted(WRITERS))
def crm_build(request, tmp_path):
    """The sample as the CRM's export, loaded, built (dbt build: every data test and the CRM
    adapter's unit tests; the other unit tests ran on Postgres in `make build-postgres`) and
    published in a fresh database, as `make build-postgres` does; yields (crm, equivalent
    contract folder, kpi_values)."""
    crm = request.param
    export, equivalent = tmp_path / "export", tmp_path / "equivalent"
    WRITERS[crm](SAMPLE_DIR, export, equivalent)
    database = f"salesdw_{crm}_{uuid.uuid4().hex[:8]}"
    admin = connect(os.environ.get("PGUSER", "dbt"), os.environ["PGPASSWORD"])
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"create database {database}")
    env = dict(
        os.environ,
        CRM_SOURCE=crm,
        PGDATABASE=database,
        CRM_AS_OF=SAMPLE_AS_OF,
        DBT_TARGET="postgres",
        CRM_RAW_DIR=str(export),
    )
    try:
        load = _run([str(BIN / "salesdw"), "pg", "load", "--raw-dir", str(export)], env)
        assert load.returncode == 0, load.stdout[-3000:] + load.stderr[-3000:]
        build = _run(
            [
                str(BIN / "dbt"),
                "build",
                *ADAPTER_UNIT_TESTS_ONLY,
                "--target-path",
                str(tmp_path / "target"),
                "--log-path",
                str(tmp_path / "logs"),
            ],
            env,
        )
        assert build.returncode == 0, build.stdout[-6000:] + build.stderr[-2000:]
        adapter_unit_tests = passed_unit_tests(tmp_path / "target")
        assert adapter_unit_tests, f"the {crm} adapter's unit tests did not run in its build"
        assert all(f".{crm}__" in test for test in adapter_unit_tests), adapter_unit_tests
        publish = _run([str(BIN / "salesdw"), "pg", "publish"], env)  # as make build-postgres
        assert publish.returncode == 0, publish.stdout[-3000:] + publish.stderr[-3000:]
        con = connect(os.environ.get("PGUSER", "dbt"), os.environ["PGPASSWORD"], database)
        try:
            kpi_values = pd.read_sql("select * from marts.kpi_values", con)
        finally:
            con.close()
        yield crm, equivalent, kpi_values
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f"drop database if exists {database} with (force)")
        admin.close()


def test_crm_export_builds_on_postgres_and_matches_the_oracle(crm_build):
    crm, equivalent, kpi_values = crm_build
    for kpis, oracle in FAMILIES.values():
        compare(kpis, oracle(equivalent, SAMPLE_AS_OF), kpi_values, require_values=False)
