"""CRM_SOURCE=hubspot (issue 11): the sample written as a HubSpot export (salesdw.crm_export.hubspot)
builds with every data test, gives the KPIs of the equivalent contract folder, lands Airbyte and
Fivetran spellings under one name, and a Fivetran-test-seed-shaped portal does not crash.

One full dbt build of the export (session fixture), one `dbt run -s +kpi_values` of the
equivalent contract folder, one unit-test run and one small staging build of the smoke folder."""

from __future__ import annotations

import csv
import math
import random
import re
import subprocess
from pathlib import Path

import duckdb
import pytest

from salesdw.crm_export.hubspot import CONTRACT_TABLES_PROVIDED, write_hubspot_export
from salesdw.load import ContractError, load

from .conftest import BIN, PROJECT_DIR, SAMPLE_AS_OF, SAMPLE_DIR, build_warehouse, dbt_env, query, run_dbt

KPI_KEYS = None  # set from the table's columns: every column but the numbers is a key


def _dbt(args: list[str], duckdb_path: Path, work: Path, **env: str) -> subprocess.CompletedProcess:
    return run_dbt(args, dbt_env(duckdb_path, SAMPLE_AS_OF, **env), work)


def _load(raw_dir: Path, duckdb_path: Path, crm_source: str) -> None:
    result = subprocess.run(
        [str(BIN / "salesdw"), "load", "--raw-dir", str(raw_dir), "--duckdb", str(duckdb_path)],
        cwd=PROJECT_DIR,
        env=dbt_env(duckdb_path, SAMPLE_AS_OF, CRM_SOURCE=crm_source),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout


@pytest.fixture(scope="session")
def hubspot_folders(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("hubspot")
    write_hubspot_export(SAMPLE_DIR, root / "export", root / "equivalent")
    return root / "export", root / "equivalent"


@pytest.fixture(scope="session")
def hubspot_warehouse(hubspot_folders, tmp_path_factory) -> Path:
    """The export built with CRM_SOURCE=hubspot: load, then dbt build with every data test."""
    work = tmp_path_factory.mktemp("hubspot_build")
    return build_warehouse(
        hubspot_folders[0], SAMPLE_AS_OF, work / "hubspot.duckdb", work, CRM_SOURCE="hubspot"
    )


@pytest.fixture(scope="session")
def equivalent_warehouse(hubspot_folders, tmp_path_factory) -> Path:
    """The equivalent contract folder, built up to kpi_values only (CRM_SOURCE=contract)."""
    work = tmp_path_factory.mktemp("hubspot_equivalent")
    path = work / "w.duckdb"
    _load(hubspot_folders[1], path, "contract")
    run = _dbt(["run", "-s", "+kpi_values"], path, work, CRM_SOURCE="contract")
    assert run.returncode == 0, run.stdout[-4000:]
    return path


def _kpi_rows(path: Path) -> tuple[list[str], dict[tuple, tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        relation = con.sql("select * from marts.kpi_values")
        columns, types = relation.columns, [str(t) for t in relation.types]
        rows = relation.fetchall()
    finally:
        con.close()
    numeric = [
        i
        for i, t in enumerate(types)
        if t in ("DOUBLE", "FLOAT", "HUGEINT", "BIGINT", "INTEGER") or t.startswith("DECIMAL")
    ]
    keys = [i for i in range(len(columns)) if i not in numeric]
    out: dict[tuple, tuple] = {}
    for row in rows:
        key = tuple(row[i] for i in keys)
        assert key not in out, f"kpi_values key repeated: {key}"
        out[key] = tuple(row[i] for i in numeric)
    return [columns[i] for i in numeric], out


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    a, b = float(a), float(b)
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def test_kpis_equal_the_equivalent_contract_build(hubspot_warehouse, equivalent_warehouse):
    numbers, hubspot = _kpi_rows(hubspot_warehouse)
    _, contract = _kpi_rows(equivalent_warehouse)
    assert len(hubspot) > 1000
    assert set(hubspot) == set(contract), (
        f"keys only in the HubSpot build: {sorted(set(hubspot) - set(contract), key=str)[:5]}; "
        f"only in the contract build: {sorted(set(contract) - set(hubspot), key=str)[:5]}"
    )
    differing = [
        (key, hubspot[key], contract[key])
        for key in hubspot
        if not all(_close(a, b) for a, b in zip(hubspot[key], contract[key]))
    ]
    assert differing == [], f"{len(differing)} kpi_values rows differ ({numbers}), e.g. {differing[:5]}"


def test_kpis_hubspot_cannot_support_are_empty(hubspot_warehouse):
    """Reply sentiment has no HubSpot field: the reply-rate KPIs have rows (their denominators, the
    contacted leads) but no value - null, not a silent 0 % (docs/crm_hubspot.md)."""
    rows = query(
        hubspot_warehouse,
        "select kpi_id, count(*), count(value), count(numerator), sum(denominator) "
        "from marts.kpi_values where kpi_id in ('positive_reply_rate', 'negative_reply_rate') "
        "group by kpi_id order by kpi_id",
    )
    assert [kpi_id for kpi_id, *_ in rows] == ["negative_reply_rate", "positive_reply_rate"]
    for kpi_id, count, values, numerators, contacted in rows:
        assert count > 100 and contacted > 0, (kpi_id, count, contacted)
        assert (values, numerators) == (0, 0), kpi_id


@pytest.mark.parametrize("table", CONTRACT_TABLES_PROVIDED)
def test_adapter_tables_equal_the_equivalent_files(hubspot_warehouse, hubspot_folders, table):
    """Each adapter model gives exactly the equivalent contract file's rows (numbers compared as
    numbers): the converter's reading rules and the SQL's agree row by row."""
    with (hubspot_folders[1] / f"{table}.csv").open(newline="", encoding="utf-8") as handle:
        expected_rows = list(csv.DictReader(handle))
    columns = list(expected_rows[0])

    def norm(value):
        if value is None or str(value).strip() == "":
            return None
        value = str(value).strip()
        try:
            return round(float(value), 9)
        except ValueError:
            return value

    built = query(hubspot_warehouse, f"select {', '.join(columns)} from crm_input.hubspot__{table}")
    got = sorted((tuple(norm(v) for v in row) for row in built), key=str)
    want = sorted((tuple(norm(row[c]) for c in columns) for row in expected_rows), key=str)
    assert len(got) == len(want)
    assert got == want


def test_every_hubspot_row_is_accounted_for(hubspot_warehouse, hubspot_folders):
    accounted = dict(
        query(
            hubspot_warehouse,
            "select source_table, sum(row_count) from crm_input.hubspot__row_accounting group by 1",
        )
    )
    dropped = dict(
        query(
            hubspot_warehouse,
            "select source_table || ': ' || reason, row_count from "
            "crm_input.hubspot__row_accounting where outcome = 'dropped'",
        )
    )
    with (hubspot_folders[0] / "deals.csv").open(encoding="utf-8") as handle:
        assert accounted["deal"] == sum(1 for _ in handle) - 1
    assert dropped["owner: queue owner, not a user"] == 1
    assert dropped["deal_pipeline_stage: soft-deleted stage"] == 1
    assert dropped["deal_company: not the primary company association"] > 0


# ---- loader and naming quirks -----------------------------------------------------------------------
def test_airbyte_and_fivetran_spellings_land_under_fivetran_names(hubspot_warehouse, hubspot_folders):
    export = hubspot_folders[0]
    # the converter writes Airbyte spellings for some objects
    assert (export / "companies.csv").exists() and (export / "deals.csv").exists()
    assert (export / "engagements_calls.csv").exists()
    with (export / "companies.csv").open(encoding="utf-8") as handle:
        assert "properties_name" in handle.readline()
    columns = {
        (t, c)
        for t, c in query(
            hubspot_warehouse,
            "select table_name, column_name from information_schema.columns "
            "where table_schema = 'raw_hubspot'",
        )
    }
    assert ("company", "property_name") in columns and ("company", "properties_name") not in columns
    assert ("deal", "deal_id") in columns and ("engagement_call", "property_hs_call_status") in columns
    # a declared column the file lacks is added as null (closed_won is not in the export)
    assert ("deal_pipeline_stage", "closed_won") in columns
    counts = dict(
        query(
            hubspot_warehouse,
            "select 'company', count(*) from raw_hubspot.company "
            "union all select 'deal', count(*) from raw_hubspot.deal",
        )
    )
    assert counts["company"] > 500 and counts["deal"] > 1000


def _tiny_portal(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "Owner.csv": "ownerId,email,type\n1,a@x.io,PERSON\n",
        "companies.csv": "id,properties_name\n10,Acme\n",
        "CONTACT.csv": "id,property_email\n20,b@x.io\n",
        "deal.csv": "deal_id,property_dealname\n30,Big deal\n",
        "deal_pipeline_stage.csv": "stage_id,label\ns1,prospecting\n",
        "engagements.csv": "id,type\n40,CALL\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def test_required_column_missing_fails_before_any_model(tmp_path):
    folder = tmp_path / "portal"
    _tiny_portal(folder)
    (folder / "deal.csv").write_text("id,property_dealname\n30,Big deal\n", encoding="utf-8")
    with pytest.raises(ContractError) as error:
        load(folder, tmp_path / "w.duckdb", source="hubspot")
    assert "deal.csv: required column 'deal_id' is missing" in str(error.value)


def test_required_object_missing_fails(tmp_path):
    folder = tmp_path / "portal"
    _tiny_portal(folder)
    (folder / "engagements.csv").unlink()
    with pytest.raises(ContractError) as error:
        load(folder, tmp_path / "w.duckdb", source="hubspot")
    assert "required hubspot table 'engagement' is missing" in str(error.value)


def test_tiny_portal_loads_with_any_case_and_spelling(tmp_path):
    folder = tmp_path / "portal"
    _tiny_portal(folder)
    report = load(folder, tmp_path / "w.duckdb", source="hubspot")
    assert report.rows["hubspot.owner"] == 1 and report.rows["hubspot.engagement"] == 1
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    try:
        assert con.sql("select owner_id from raw_hubspot.owner").fetchall() == [("1",)]
        assert con.sql("select property_name from raw_hubspot.company").fetchall() == [("Acme",)]
        # optional tables absent from the folder are created empty
        assert con.sql("select count(*) from raw_hubspot.deal_stage").fetchall() == [(0,)]
    finally:
        con.close()


# ---- smoke: a portal shaped like Fivetran's dbt_hubspot test seeds ----------------------------------
def _hash(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(32))


def _seed_shaped_portal(folder: Path) -> None:
    """Hashed values, 1-10 rows per object, a hundred extra columns, no foreign key that resolves,
    deleted and merged rows, empty and absent optional objects."""
    rng = random.Random(7)
    folder.mkdir(parents=True)
    extra = [f"property_hs_custom_{i}" for i in range(100)]

    def write(name: str, columns: list[str], rows: list[list]) -> None:
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns + extra)
            for row in rows:
                writer.writerow(row + [_hash(rng) if rng.random() < 0.3 else "" for _ in extra])

    write(
        "owner.csv",
        [
            "owner_id",
            "email",
            "first_name",
            "type",
            "created_at",
            "updated_at",
            "active_user_id",
            "is_active",
            "_fivetran_deleted",
        ],
        [
            [
                str(rng.randint(1, 10**8)),
                _hash(rng),
                _hash(rng),
                rng.choice(["PERSON", "QUEUE", ""]),
                "2019-08-01 17:16:55.000000",
                _hash(rng),
                "",
                rng.choice(["true", "false", ""]),
                rng.choice(["true", "false"]),
            ]
            for _ in range(10)
        ],
    )
    write(
        "company.csv",
        [
            "id",
            "is_deleted",
            "property_name",
            "property_numberofemployees",
            "property_country",
            "property_createdate",
        ],
        [
            [
                str(rng.randint(1, 10**9)),
                rng.choice(["true", "false"]),
                _hash(rng),
                rng.choice(["12", "abc", "", "1e5"]),
                rng.choice(["United States", _hash(rng), ""]),
                rng.choice(["2020-01-01 00:00:00", "yesterday"]),
            ]
            for _ in range(8)
        ],
    )
    write(
        "contact.csv",
        [
            "id",
            "property_hs_lead_status",
            "property_lifecyclestage",
            "property_createdate",
            "_fivetran_deleted",
        ],
        [
            [
                str(rng.randint(1, 10**6)),
                rng.choice(["", _hash(rng), "NEW"]),
                rng.choice(["", "lead", "customer"]),
                "2020-01-01 00:00:00",
                rng.choice(["true", "false"]),
            ]
            for _ in range(10)
        ],
    )
    write(
        "deal.csv",
        [
            "deal_id",
            "deal_pipeline_stage_id",
            "deal_pipeline_id",
            "property_amount",
            "property_dealname",
            "property_createdate",
            "property_closedate",
            "is_deleted",
        ],
        [
            [
                str(rng.randint(1, 10**9)),
                rng.choice(["", _hash(rng)]),
                "default",
                rng.choice(["", "12,5", "100"]),
                _hash(rng),
                "2020-01-01 00:00:00",
                rng.choice(["", "2020-02-01 00:00:00", "soon"]),
                rng.choice(["true", "false"]),
            ]
            for _ in range(10)
        ],
    )
    write(
        "deal_pipeline_stage.csv",
        [
            "stage_id",
            "pipeline_id",
            "label",
            "display_order",
            "probability",
            "is_closed",
            "_fivetran_deleted",
        ],
        [
            [
                _hash(rng),
                _hash(rng),
                _hash(rng),
                str(i),
                rng.choice(["1.0", "0.0", "x"]),
                rng.choice(["true", "false"]),
                rng.choice(["true", "false"]),
            ]
            for i in range(10)
        ],
    )
    write(
        "deal_stage.csv",
        ["deal_id", "value", "date_entered", "source", "source_id", "_fivetran_start"],
        [
            [
                str(rng.randint(1, 10**9)),
                _hash(rng),
                "2020-01-03 00:00:00",
                "CRM_UI",
                _hash(rng),
                "2020-01-03 00:01:00",
            ]
            for _ in range(10)
        ],
    )
    write(
        "merged_deal.csv", ["deal_id", "merged_deal_id"], [[str(rng.randint(1, 9)), str(rng.randint(1, 9))]]
    )
    write(
        "engagement.csv",
        ["id", "type", "owner_id", "timestamp", "active"],
        [
            [
                str(rng.randint(1, 10**9)),
                rng.choice(["CALL", "MEETING", "TASK", "NOTE", "EMAIL", "SMS"]),
                str(rng.randint(1, 10**8)),
                "2020-01-05 00:00:00",
                rng.choice(["true", "false"]),
            ]
            for _ in range(5)
        ],
    )
    write(
        "engagement_meeting.csv",
        [
            "engagement_id",
            "property_hs_meeting_outcome",
            "property_hs_meeting_start_time",
            "property_hs_meeting_end_time",
        ],
        [[str(rng.randint(1, 10**9)), _hash(rng), "2020-01-05 00:00:00", "later"] for _ in range(10)],
    )
    write("engagement_contact.csv", ["engagement_id", "contact_id"], [[str(rng.randint(1, 9)), "1"]])
    (folder / "engagement_note.csv").write_text("", encoding="utf-8")  # an empty optional object


def test_fivetran_seed_shaped_portal_does_not_crash(tmp_path):
    """Adapters, staging and quarantine on the seed-shaped portal, with their data tests, and the
    adapter rules' dbt unit tests (run here: they need the raw_hubspot tables, not their rows)."""
    folder = tmp_path / "seed_shaped"
    _seed_shaped_portal(folder)
    path = tmp_path / "hubspot.duckdb"
    _load(folder, path, "hubspot")
    # (the base models' unit tests feed source('crm', ...), which a HubSpot build does not read)
    result = _dbt(
        [
            "build",
            "-s",
            "path:models/crm_adapters/hubspot",
            "path:models/staging",
            "path:tests/dbt/crm_adapters",
            "--exclude",
            "test_type:unit,path:models/staging",
        ],
        path,
        tmp_path,
        CRM_SOURCE="hubspot",
    )
    assert result.returncode == 0, result.stdout[-6000:]
    assert "ERROR=0" in result.stdout, result.stdout[-6000:]
    unit_tests = re.findall(r"PASS (hubspot__[a-z_]+::[a-z_]+)", result.stdout)
    assert len(unit_tests) == 6, unit_tests
    deals = query(path, "select count(*) from crm_input.hubspot__deals")
    assert deals == [(10,)]
    accounted = dict(
        query(path, "select source_table, sum(row_count) from crm_input.hubspot__row_accounting group by 1")
    )
    assert accounted["deal"] == 10 and accounted["owner"] == 10
