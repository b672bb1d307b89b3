"""Landing a CRM's export: file and column spellings, required objects and columns, what the
folder holds besides the CRM's files (salesdw.crm_sources + salesdw.load with a CRM source).

The CRM's declaration here is a small stand-in sources file, so these tests pin the loader's
rules whatever the real adapters declare."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from salesdw import crm_sources
from salesdw.crm_sources import mapping_vars_args, snake_case
from salesdw.load import ContractError, load

SAMPLE = Path(__file__).resolve().parents[2] / "seeds" / "crm_sample"

FAKE_SOURCES = """
version: 2
sources:
  - name: salesforce
    meta:
      column_prefix_aliases:
        properties_: property_
    tables:
      - name: opportunity
        meta: {required: true, aliases: [opportunities]}
        columns:
          - name: id
            meta: {required: true}
          - name: stage_name
            meta: {required: true}
          - name: amount
      - name: opportunity_history
        columns:
          - name: id
          - name: stage_name
      - name: product_2
        columns:
          - name: id
"""


@pytest.mark.parametrize(
    "name, landed",
    [
        ("OpportunityHistory", "opportunity_history"),
        ("opportunity_history", "opportunity_history"),
        ("OPPORTUNITY", "opportunity"),
        ("Product2", "product_2"),
        ("Region__c", "region_c"),
        ("SLAExpiration__c", "sla_expiration_c"),
        ("_fivetran_synced", "_fivetran_synced"),
        ("CurrencyIsoCode", "currency_iso_code"),
        ("property_hs_v2_date", "property_hs_v2_date"),
    ],
)
def test_names_are_landed_in_fivetran_spelling(name, landed):
    assert snake_case(name) == landed


@pytest.fixture
def fake_salesforce(tmp_path, monkeypatch):
    sources = tmp_path / "sources"
    (sources / "salesforce").mkdir(parents=True)
    (sources / "salesforce" / "_salesforce__sources.yml").write_text(FAKE_SOURCES)
    monkeypatch.setattr(crm_sources, "SOURCES_DIR", sources)
    monkeypatch.setattr(crm_sources, "crm_source_tables", lambda: {"salesforce": ["deals"], "hubspot": []})
    folder = tmp_path / "export"
    folder.mkdir()
    # the contract tables Salesforce lacks come in the contract's format
    for table in (
        "users",
        "accounts",
        "leads",
        "deal_stage_history",
        "pipeline_stages",
        "activities",
        "teams",
    ):
        shutil.copy(SAMPLE / f"{table}.csv", folder / f"{table}.csv")
    return folder


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_mixed_spellings_land_under_one_name(fake_salesforce, tmp_path):
    _write(
        fake_salesforce / "Opportunity.csv",
        "Id,StageName,Amount,Custom_Field__c\n006A,prospecting,10,x\n006B,closed_won,,y\n",
    )
    _write(fake_salesforce / "opportunity_history.csv", "id,stage_name\n008A,prospecting\n")
    warehouse = tmp_path / "w.duckdb"
    report = load(fake_salesforce, warehouse, source="salesforce")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        columns = [r[0] for r in con.execute("describe raw_salesforce.opportunity").fetchall()]
        rows = con.execute(
            "select _source_row_number, id, stage_name, amount, custom_field_c "
            "from raw_salesforce.opportunity order by 1"
        ).fetchall()
        product = [r[0] for r in con.execute("describe raw_salesforce.product_2").fetchall()]
        source = con.execute("select crm_source from raw._load_info").fetchone()[0]
        deals = con.execute("select count(*) from raw.deals").fetchone()[0]
    finally:
        con.close()
    assert columns == ["_source_row_number", "id", "stage_name", "amount", "custom_field_c"]
    assert rows == [(1, "006A", "prospecting", "10", "x"), (2, "006B", "closed_won", None, "y")]
    assert product == ["_source_row_number", "id"]  # absent optional table: empty, declared columns
    assert source == "salesforce"
    assert deals == 0  # made by the adapter from the opportunities, not read from a file
    assert report.rows["salesforce.opportunity"] == 2
    assert "salesforce.product_2" in report.absent


def test_an_alias_and_a_prefix_alias_are_read(fake_salesforce, tmp_path):
    _write(fake_salesforce / "opportunities.csv", "properties_id,Id,StageName\n1,006A,won\n")
    warehouse = tmp_path / "w.duckdb"
    load(fake_salesforce, warehouse, source="salesforce")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        columns = [r[0] for r in con.execute("describe raw_salesforce.opportunity").fetchall()]
    finally:
        con.close()
    assert columns == ["_source_row_number", "property_id", "id", "stage_name", "amount"]


def test_missing_required_object_names_the_folder_and_table(fake_salesforce, tmp_path):
    with pytest.raises(ContractError) as error:
        load(fake_salesforce, tmp_path / "w.duckdb", source="salesforce")
    assert "required salesforce table 'opportunity' is missing" in str(error.value)
    assert str(fake_salesforce) in str(error.value)
    assert not (tmp_path / "w.duckdb").exists()


def test_missing_required_column_names_the_file_and_column(fake_salesforce, tmp_path):
    _write(fake_salesforce / "Opportunity.csv", "Id,Amount\n006A,10\n")
    with pytest.raises(ContractError) as error:
        load(fake_salesforce, tmp_path / "w.duckdb", source="salesforce")
    message = str(error.value)
    assert "Opportunity.csv: required column 'stage_name' is missing" in message
    assert "'StageName'" in message


def test_two_spellings_of_one_file_or_column_are_refused(fake_salesforce, tmp_path):
    _write(fake_salesforce / "Opportunity.csv", "Id,StageName,stage_name\n006A,a,b\n")
    with pytest.raises(ContractError, match="columns 'StageName', 'stage_name' are all 'stage_name'"):
        load(fake_salesforce, tmp_path / "w.duckdb", source="salesforce")
    _write(fake_salesforce / "Opportunity.csv", "Id,StageName\n006A,a\n")
    _write(fake_salesforce / "opportunity.parquet", "")
    with pytest.raises(ContractError, match="are all the salesforce table 'opportunity'"):
        load(fake_salesforce, tmp_path / "w.duckdb", source="salesforce")


def test_a_contract_file_for_a_table_the_crm_provides_is_refused(fake_salesforce, tmp_path):
    _write(fake_salesforce / "Opportunity.csv", "Id,StageName\n006A,a\n")
    shutil.copy(SAMPLE / "deals.csv", fake_salesforce / "deals.csv")
    with pytest.raises(ContractError, match="with CRM_SOURCE=salesforce the table 'deals' comes from"):
        load(fake_salesforce, tmp_path / "w.duckdb", source="salesforce")


def test_unparseable_crm_lines_go_to_the_rejects(fake_salesforce, tmp_path):
    _write(fake_salesforce / "Opportunity.csv", "Id,StageName\n006A,a\n006B,b,extra\n006C,c\n")
    warehouse = tmp_path / "w.duckdb"
    report = load(fake_salesforce, warehouse, source="salesforce")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rejects = con.execute(
            "select table_name, file_name, line_number from raw._load_rejects "
            "where table_name like 'salesforce.%'"
        ).fetchall()
    finally:
        con.close()
    assert rejects == [("salesforce.opportunity", "Opportunity.csv", 3)]
    assert report.rows["salesforce.opportunity"] == 2
    assert report.records["salesforce.opportunity"] == 3


def test_unknown_crm_source_is_a_clear_error(tmp_path):
    with pytest.raises(ContractError, match="CRM_SOURCE is 'pipedrive': it must be one of contract"):
        load(SAMPLE, tmp_path / "w.duckdb", source="pipedrive")


def test_mapping_file_becomes_dbt_vars(tmp_path):
    mapping = tmp_path / "mapping.yml"
    _write(mapping, "salesforce_corporate_currency: EUR\n")
    assert mapping_vars_args(str(mapping)) == ["--vars", "salesforce_corporate_currency: EUR\n"]
    assert mapping_vars_args("") == []
    _write(mapping, "- a list\n")
    with pytest.raises(crm_sources.CrmSourceError, match="must be a YAML mapping of dbt vars"):
        mapping_vars_args(str(mapping))
    with pytest.raises(crm_sources.CrmSourceError, match="does not exist"):
        mapping_vars_args(str(tmp_path / "nope.yml"))


def test_a_declared_row_number_column_is_not_added_twice(fake_salesforce, tmp_path, monkeypatch):
    """Declaring _source_row_number in a CRM's sources file (adapters read it) must not make
    the loader add it again ("Column with name _source_row_number already exists")."""
    sources = crm_sources.SOURCES_DIR / "salesforce" / "_salesforce__sources.yml"
    sources.write_text(
        FAKE_SOURCES.replace(
            "          - name: amount\n", "          - name: amount\n          - name: _source_row_number\n"
        )
    )
    _write(fake_salesforce / "Opportunity.csv", "Id,StageName\n006A,a\n")
    warehouse = tmp_path / "w.duckdb"
    load(fake_salesforce, warehouse, source="salesforce")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        columns = [r[0] for r in con.execute("describe raw_salesforce.opportunity").fetchall()]
    finally:
        con.close()
    assert columns == ["_source_row_number", "id", "stage_name", "amount"]


def test_a_crm_file_named_like_a_contract_table_is_not_called_empty(fake_salesforce, tmp_path):
    """A CRM file whose name (an alias) is also a contract table name is the CRM's file: the
    load must not say the contract's deals.csv is empty."""
    source = crm_sources.SOURCES_DIR / "salesforce" / "_salesforce__sources.yml"
    source.write_text(FAKE_SOURCES.replace("aliases: [opportunities]", "aliases: [deals]"))
    _write(fake_salesforce / "deals.csv", "Id,StageName\n006A,a\n")
    report = load(fake_salesforce, tmp_path / "w.duckdb", source="salesforce")
    assert report.rows["salesforce.opportunity"] == 1
    assert not [note for note in report.notes if "deals" in note and "empty" in note], report.notes
