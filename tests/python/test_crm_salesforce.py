"""CRM_SOURCE=salesforce (issue 11): the sample written as a Salesforce export
(salesdw.crm_export.salesforce) builds with every test and gives exactly the KPIs of the
equivalent contract folder; the export's file and column spellings land; a Fivetran-test-seed
shaped folder (hashed values, a few rows, hundreds of columns, orphans, deletes) builds.

One full build of the export per session (salesforce_builds), plus `dbt run` of the
equivalent contract folder up to kpi_values and of the small smoke folder."""

from __future__ import annotations

import csv
import hashlib
import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from salesdw.crm_export.salesforce import salesforce_id, to_18, write_salesforce_export

from .conftest import (
    BIN,
    PROJECT_DIR,
    SAMPLE_AS_OF,
    SAMPLE_DIR,
    build_warehouse,
    dbt_env,
    passed_unit_tests,
    query,
    query_df,
    run_dbt,
)

KEYS = ["kpi_id", "grain", "period_start", "dimension", "dimension_value"]
NUMBERS = ["numerator", "denominator", "value"]


def _load(raw_dir: Path, duckdb_path: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "salesdw"), "load", "--raw-dir", str(raw_dir), "--duckdb", str(duckdb_path)],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="session")
def salesforce_builds(tmp_path_factory) -> dict[str, Path]:
    """The sample as a Salesforce export, fully built (models + data tests) with
    CRM_SOURCE=salesforce, the adapter's unit tests run, and the equivalent contract folder
    built up to kpi_values."""
    work = tmp_path_factory.mktemp("salesforce")
    export, equivalent = work / "export", work / "equivalent"
    write_salesforce_export(SAMPLE_DIR, export, equivalent, seed=42, as_of=SAMPLE_AS_OF)
    sf_db = build_warehouse(
        export,
        SAMPLE_AS_OF,
        work / "salesforce.duckdb",
        work / "sf",
        adapter_unit_tests=True,
        CRM_SOURCE="salesforce",
        CRM_RAW_DIR=str(export),
    )
    adapter_unit_tests = passed_unit_tests(work / "sf" / "target")
    assert adapter_unit_tests, "the Salesforce adapter's unit tests did not run in its build"
    assert all(".salesforce__" in test for test in adapter_unit_tests), adapter_unit_tests
    eq_db = work / "w.duckdb"
    env = dbt_env(eq_db, SAMPLE_AS_OF, CRM_SOURCE="contract", CRM_RAW_DIR=str(equivalent))
    load = _load(equivalent, eq_db, env)
    assert load.returncode == 0, load.stderr + load.stdout
    run = run_dbt(["run", "--select", "+kpi_values"], env, work / "eq")
    assert run.returncode == 0, run.stdout[-6000:]
    return {"salesforce": sf_db, "equivalent": eq_db, "export": export, "equivalent_dir": equivalent}


# --- (a) the export gives the KPIs of its equivalent contract folder -------------------------


def test_salesforce_export_gives_the_equivalent_contract_kpis(salesforce_builds):
    """kpi_values of the Salesforce build = kpi_values of the equivalent contract build, row by
    row: the same keys, numbers within 1e-9 relative."""
    sql = "select * from marts.kpi_values"
    salesforce = query_df(salesforce_builds["salesforce"], sql)
    equivalent = query_df(salesforce_builds["equivalent"], sql)
    assert len(equivalent) > 10_000
    merged = salesforce.merge(equivalent, on=KEYS, how="outer", suffixes=("_sf", "_eq"), indicator=True)
    only = merged[merged["_merge"] != "both"]
    assert only.empty, only[KEYS + ["_merge"]].head(20).to_string()
    problems = []
    for row in merged.itertuples(index=False):
        for column in NUMBERS:
            left, right = getattr(row, column + "_sf"), getattr(row, column + "_eq")
            if _missing(left) and _missing(right):
                continue
            if (
                _missing(left)
                or _missing(right)
                or not math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-12)
            ):
                problems.append(
                    (
                        row.kpi_id,
                        row.grain,
                        row.period_start,
                        row.dimension,
                        row.dimension_value,
                        column,
                        left,
                        right,
                    )
                )
    assert problems == [], problems[:20]
    # every KPI family is there, from the Salesforce objects and the contract files beside them
    kpis = set(salesforce["kpi_id"])
    for kpi in (
        "won_revenue",
        "win_rate",
        "stage_conversion_rate",
        "pipeline_value",
        "mql_to_sql_rate",
        "activities_completed",
        "quota_attainment",
        "cost_per_lead",
        "avg_profit_margin",
        "net_revenue_retention",
    ):
        assert kpi in kpis


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def test_every_salesforce_row_is_accounted_for(salesforce_builds):
    """salesforce__row_accounting: the history noise, second price book entries, later campaign
    memberships and the corporate currency's rate are dropped with their reason; the rest used."""
    rows = query(
        salesforce_builds["salesforce"],
        "select source_table, outcome, reason, row_count from crm_input.salesforce__row_accounting",
    )
    by_table: dict[str, int] = {}
    for table, _, _, count in rows:
        by_table[table] = by_table.get(table, 0) + count
    export = salesforce_builds["export"]
    files = {
        "opportunity_history": "OpportunityHistory.csv",
        "pricebook_entry": "pricebook_entry.csv",
        "campaign_member": "campaign_member.csv",
        "task": "Task.csv",
        "event": "event.CSV",
    }
    for table, name in files.items():
        with (export / name).open(encoding="utf-8") as handle:
            assert by_table[table] == sum(1 for _ in handle) - 1, table
    reasons = {(table, reason) for table, outcome, reason, _ in rows if outcome == "dropped"}
    assert ("opportunity_history", "no stage change (amount, close date or probability change)") in reasons
    assert ("pricebook_entry", "not the list price (another price book or currency)") in reasons
    assert ("campaign_member", "not the lead's first campaign") in reasons
    assert ("dated_conversion_rate", "the corporate currency (its rate is 1)") in reasons


def test_deletes_and_merges_reach_staging_as_deleted(salesforce_builds):
    """Merged accounts, contacts and leads (MasterRecordId) and IsDeleted records are flagged
    deleted in staging (and so in no fact or KPI), not dropped."""
    export = salesforce_builds["export"]
    merged = {}
    for name, table, key in (
        ("Account.csv", "accounts", "Id"),
        ("contact.csv", "contacts", "id"),
        ("Lead.csv", "leads", "Id"),
    ):
        with (export / name).open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        master = "MasterRecordId" if key == "Id" else "master_record_id"
        merged[table] = {r[key] for r in rows if r[master]}
        assert merged[table], name
    for table, ids in merged.items():
        key = table[:-1] + "_id"
        flags = query(
            salesforce_builds["salesforce"],
            f"select {key}, is_deleted from staging.stg_crm__{table} where {key} in "
            f"({', '.join(repr(i) for i in ids)})",
        )
        assert len(flags) == len(ids) and all(flag for _, flag in flags), table


# --- (b) the export's spellings and the loader -----------------------------------------------


def test_export_has_the_real_quirks(salesforce_builds):
    """Mixed file and column spellings, 18-character ids with their key prefixes, date-only
    close dates, history rows for amount-only changes, dated rates."""
    export = salesforce_builds["export"]
    names = {p.name for p in export.iterdir()}
    assert {
        "Opportunity.csv",
        "OpportunityHistory.csv",
        "Product2.csv",
        "opportunity_line_item.csv",
        "event.CSV",
        "DatedConversionRate.csv",
    } <= names
    with (export / "Opportunity.csv").open(encoding="utf-8") as handle:
        opportunities = list(csv.DictReader(handle))
    assert all(re.fullmatch(r"006[0-9A-Za-z]{15}", o["Id"]) for o in opportunities)
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", o["CloseDate"]) for o in opportunities if o["CloseDate"])
    with (export / "opportunity_line_item.csv").open(encoding="utf-8") as handle:
        assert "product_2_id" in next(csv.reader(handle))
    with (export / "OpportunityHistory.csv").open(encoding="utf-8") as handle:
        history = list(csv.DictReader(handle))
    assert len(history) > len(
        query(salesforce_builds["salesforce"], "select 1 from crm_input.salesforce__deal_stage_history")
    )
    assert to_18("001D000000IqhSL") == "001D000000IqhSLIAZ"  # Salesforce's documented example
    assert salesforce_id("006", 62) == "0068d0000000010AAA"


def test_landed_in_fivetran_spelling(salesforce_builds):
    """API names and Fivetran names land as one schema of Fivetran table and column names."""
    columns = query(
        salesforce_builds["salesforce"],
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'raw_salesforce'",
    )
    landed = {(t, c) for t, c in columns}
    for pair in (
        ("opportunity", "stage_name"),
        ("opportunity_history", "opportunity_id"),
        ("product_2", "pricing_plan_c"),
        ("lead", "mql_date_c"),
        ("event", "start_date_time"),
        ("dated_conversion_rate", "next_start_date"),
        ("pricebook_entry", "pricebook_2_id"),
    ):
        assert pair in landed, pair


def test_missing_required_salesforce_column_stops_the_load(tmp_path):
    """Opportunity.csv without StageName: the load stops before any model, naming file and column;
    the same file under its Fivetran name `opportunity.csv` with snake_case columns loads."""
    export, equivalent = tmp_path / "export", tmp_path / "equivalent"
    write_salesforce_export(SAMPLE_DIR, export, equivalent, seed=7)
    path = export / "Opportunity.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    stage = rows[0].index("StageName")
    fivetran = [[re.sub(r"(?<=[a-z])(?=[A-Z])", "_", c).lower() for c in rows[0]]] + rows[1:]
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([r[:stage] + r[stage + 1 :] for r in rows])
    env = dbt_env(tmp_path / "x.duckdb", SAMPLE_AS_OF, CRM_SOURCE="salesforce")
    failed = _load(export, tmp_path / "x.duckdb", env)
    assert failed.returncode == 2
    assert "Opportunity.csv" in failed.stderr and "stage_name" in failed.stderr, failed.stderr
    path.unlink()
    with (export / "opportunity.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(fivetran)
    loaded = _load(export, tmp_path / "y.duckdb", env)
    assert loaded.returncode == 0, loaded.stderr
    assert (
        query(tmp_path / "y.duckdb", "select count(*) from raw_salesforce.opportunity")[0][0] == len(rows) - 1
    )


# --- (c) a Fivetran-test-seed shaped folder builds -------------------------------------------


def _hash(*parts) -> str:
    return hashlib.md5("|".join(map(str, parts)).encode()).hexdigest()


def write_fivetran_seed_shaped(folder: Path) -> None:
    """Like fivetran/dbt_salesforce's integration seeds: hashed values, 1-10 rows, hundreds of
    columns, no foreign key resolving, every opportunity deleted, no OpportunityHistory,
    OpportunityStage or rates."""
    folder.mkdir(parents=True)

    def table(name: str, rows: int, columns: dict, extra: int) -> None:
        header = list(columns) + [f"custom_field_{i}_c" for i in range(extra)] + ["_fivetran_synced"]
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for i in range(rows):
                values = [make(i) for make in columns.values()]
                values += [_hash(name, i, j) if j % 3 else "" for j in range(extra)]
                writer.writerow(values + [f"2020-0{1 + i % 9}-1{i % 9} 1{i % 9}:31:0{i % 9}.123000"])

    def sf_id(prefix):
        return lambda i: prefix + _hash(prefix, i)[:15]

    table(
        "user",
        10,
        {
            "id": sf_id("005"),
            "name": lambda i: _hash("u", i),
            "email": lambda i: _hash("e", i),
            "user_role_id": sf_id("00E"),
            "manager_id": sf_id("005"),
            "is_active": lambda i: "true",
            "title": lambda i: _hash("t", i),
        },
        58,
    )
    table(
        "user_role",
        10,
        {
            "id": sf_id("00E"),
            "name": lambda i: _hash("r", i),
            "_fivetran_deleted": lambda i: "false" if i % 4 else "true",
        },
        10,
    )
    table(
        "account",
        10,
        {
            "id": sf_id("001"),
            "name": lambda i: _hash("a", i),
            "number_of_employees": lambda i: str(i * 97),
            "billing_country": lambda i: "United States",
            "owner_id": sf_id("005"),
            "is_deleted": lambda i: "false",
            "master_record_id": lambda i: sf_id("001")(i + 1) if i == 3 else "",
        },
        42,
    )
    table(
        "contact",
        4,
        {
            "id": sf_id("003"),
            "account_id": sf_id("001"),
            "last_name": lambda i: _hash("l", i),
            "is_deleted": lambda i: "false",
            "last_modified_date": lambda i: "2021-03-0" + str(i + 1),
        },
        360,
    )
    table(
        "lead",
        1,
        {
            "id": sf_id("00Q"),
            "created_date": lambda i: "2020-01-01 00:00:00",
            "status": lambda i: _hash("s"),
            "is_converted": lambda i: "true",
            "converted_date": lambda i: "2020-02-01",
            "converted_opportunity_id": sf_id("006"),
            "owner_id": sf_id("00G"),
        },
        376,
    )
    table(
        "opportunity",
        10,
        {
            "id": sf_id("006"),
            "name": lambda i: _hash("o", i),
            "account_id": sf_id("001"),
            "owner_id": sf_id("005"),
            "stage_name": lambda i: _hash("st", i % 3),
            "amount": lambda i: str(1000 * i),
            "close_date": lambda i: f"2020-0{1 + i % 9}-15",
            "created_date": lambda i: f"2020-0{1 + i % 9}-01 10:00:00",
            "is_closed": lambda i: "true" if i % 2 else "false",
            "is_won": lambda i: "false",
            "probability": lambda i: str(10 * i),
            "is_deleted": lambda i: "true",
            "type": lambda i: _hash("ty", i),
        },
        24,
    )
    table(
        "opportunity_line_item",
        10,
        {
            "id": sf_id("00k"),
            "opportunity_id": sf_id("006x"),
            "product_2_id": sf_id("01t"),
            "quantity": lambda i: "6",
            "unit_price": lambda i: "850",
            "discount": lambda i: "",
            "is_deleted": lambda i: "false",
        },
        50,
    )
    table(
        "product_2",
        2,
        {
            "id": sf_id("01t"),
            "name": lambda i: _hash("p", i),
            "family": lambda i: _hash("f", i),
            "is_deleted": lambda i: "false",
        },
        151,
    )
    table(
        "task",
        10,
        {
            "id": sf_id("00T"),
            "who_id": sf_id("00Q"),
            "what_id": sf_id("006"),
            "owner_id": sf_id("005"),
            "status": lambda i: "Completed",
            "task_subtype": lambda i: "Call",
            "activity_date": lambda i: f"2020-0{1 + i % 9}-02",
            "is_deleted": lambda i: "false",
            "call_duration_in_seconds": lambda i: str(i * 30),
        },
        98,
    )
    table(
        "event",
        10,
        {
            "id": sf_id("00U"),
            "who_id": sf_id("003"),
            "what_id": sf_id("001"),
            "owner_id": sf_id("005"),
            "start_date_time": lambda i: f"2020-0{1 + i % 9}-03 10:00:00",
            "end_date_time": lambda i: f"2020-0{1 + i % 9}-03 11:00:00",
            "is_deleted": lambda i: "false",
            "duration_in_minutes": lambda i: "60",
            "no_show_c": lambda i: "false",
        },
        103,
    )


def test_fivetran_seed_shaped_folder_builds(tmp_path):
    """Hashed values, 1-10 rows, hundreds of extra columns, orphans, deletes, absent optional
    objects: the load and every model run (no crash; one full build per source is the suite's
    budget, so only the accounting and quarantine tests run here), the stages are derived from
    the opportunities, every row is accounted for, and the deleted opportunities reach no fact."""
    folder = tmp_path / "fivetran"
    write_fivetran_seed_shaped(folder)
    duckdb_path = tmp_path / "salesforce.duckdb"
    env = dbt_env(duckdb_path, "2021-06-30", CRM_SOURCE="salesforce", CRM_RAW_DIR=str(folder))
    loaded = _load(folder, duckdb_path, env)
    assert loaded.returncode == 0, loaded.stderr + loaded.stdout
    built = run_dbt(
        ["build", "--exclude", "resource_type:test", "resource_type:unit_test"], env, tmp_path / "smoke"
    )
    assert built.returncode == 0, built.stdout[-6000:]
    tested = run_dbt(
        ["test", "--select", "path:tests/dbt/crm_adapters", "path:models/staging/quarantine"],
        env,
        tmp_path / "smoke",
    )
    assert tested.returncode == 0, tested.stdout[-6000:]
    stages = query(duckdb_path, "select count(*) from crm_input.salesforce__pipeline_stages")[0][0]
    assert stages == 3
    assert query(duckdb_path, "select count(*) from core.fct_deals")[0][0] == 0
    accounted = query(
        duckdb_path,
        "select source_table, sum(row_count) from crm_input.salesforce__row_accounting group by 1",
    )
    assert dict(accounted)["contact"] == 4 and dict(accounted)["user_role"] == 10
    shutil.rmtree(tmp_path / "smoke", ignore_errors=True)


def test_summary_prints_the_rows_used_and_dropped_and_the_mappings(salesforce_builds, tmp_path):
    """The build summary of a CRM export says what the adapter did with each table's rows and
    how each mapping read the org's values (defaults: no mapping file)."""
    env = dbt_env(salesforce_builds["salesforce"], SAMPLE_AS_OF, CRM_SOURCE="salesforce")
    env.pop("CRM_MAPPING", None)
    summary = subprocess.run(
        [
            str(BIN / "salesdw"),
            "summary",
            "--duckdb",
            str(salesforce_builds["salesforce"]),
            "--target-dir",
            str(tmp_path),
        ],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert summary.returncode == 0, summary.stderr
    out = summary.stdout
    assert "The salesforce export, row by row (rows landed = used + dropped, per table):" in out
    history = [line for line in out.splitlines() if line.strip().startswith("opportunity_history")]
    assert any(" used" in line for line in history) and any(" dropped (" in line for line in history), history
    assert "Mappings (the defaults in dbt_project.yml" in out
    assert re.search(r"salesforce_deal_type_map\s+opportunity\.type\s+[\d,]+ rows mapped", out), out
    assert "deals: 0 rows" not in out  # the deals come from the opportunities, not a file


def test_salesforce_tables_already_in_the_warehouse_are_read_in_place(salesforce_builds, tmp_path):
    """A Fivetran user whose Salesforce schema already sits in the warehouse: CRM_IN_PLACE=1
    lands only the folder's contract files, the dbt var salesforce_schema points the sources at
    the connector's schema, and kpi_values equal the build from the files."""
    import duckdb

    from salesdw.contract import load_contract

    contract_only = tmp_path / "contract_files"
    contract_only.mkdir()
    for path in salesforce_builds["export"].iterdir():
        if path.stem in load_contract():
            shutil.copy(path, contract_only / path.name)
    warehouse = tmp_path / "salesforce.duckdb"
    env = dbt_env(
        warehouse, SAMPLE_AS_OF, CRM_SOURCE="salesforce", CRM_IN_PLACE="1", CRM_RAW_DIR=str(contract_only)
    )
    load = _load(contract_only, warehouse, env)
    assert load.returncode == 0, load.stderr + load.stdout
    assert "CRM_IN_PLACE" in load.stdout
    con = duckdb.connect(str(warehouse))
    try:
        assert (
            con.execute(
                "select count(*) from information_schema.tables where table_schema = 'raw_salesforce'"
            ).fetchone()[0]
            == 0
        )
        con.execute(f"attach '{salesforce_builds['salesforce']}' as built (read_only)")
        con.execute("create schema fivetran_salesforce")
        for (table,) in con.execute(
            "select table_name from information_schema.tables where "
            "table_catalog = 'built' and table_schema = 'raw_salesforce'"
        ).fetchall():
            con.execute(
                f'create table fivetran_salesforce."{table}" as select * from built.raw_salesforce."{table}"'
            )
    finally:
        con.close()
    run = run_dbt(
        ["run", "--select", "+kpi_values", "--vars", "{salesforce_schema: fivetran_salesforce}"],
        env,
        tmp_path / "run",
    )
    assert run.returncode == 0, run.stdout[-6000:]
    order = "order by kpi_id, grain, period_start, dimension, dimension_value"
    in_place = query(warehouse, f"select * from marts.kpi_values {order}")
    from_files = query(salesforce_builds["salesforce"], f"select * from marts.kpi_values {order}")
    assert len(in_place) > 1000 and in_place == from_files
