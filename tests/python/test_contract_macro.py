"""The contract (models/staging/crm/_crm__sources.yml) is the one place a table's columns, types,
allowed values, primary key and version column are written: the macro the base models read is
generated from it, and is current."""

from __future__ import annotations

import re

from salesdw import contract_macro
from salesdw.contract import load_contract


def test_the_generated_macro_is_current():
    assert not contract_macro.is_stale(), "run `make generated-files` and commit the result"


def test_check_names_a_stale_macro(tmp_path, monkeypatch, capsys):
    stale = tmp_path / "crm_contract_tables.sql"
    stale.write_text("{% macro crm_contract_tables() %}{{ return({}) }}{% endmacro %}\n")
    monkeypatch.setattr(contract_macro, "MACRO_FILE", stale)
    monkeypatch.setattr(contract_macro, "PROJECT_DIR", tmp_path)
    assert contract_macro.main(["--check"]) == 1
    assert "crm_contract_tables.sql is not what the contract generates" in capsys.readouterr().err
    assert contract_macro.main([]) == 0 and contract_macro.main(["--check"]) == 0


def test_every_contract_column_has_a_type_and_the_keys_are_columns():
    tables = contract_macro.contract_tables()
    assert set(tables) == set(load_contract())
    kinds = {
        "key",
        "text",
        "enum",
        "currency",
        "timestamp",
        "date",
        "boolean",
        "money",
        "amount",
        "number",
        "ratio",
        "integer",
    }
    for name, table in tables.items():
        columns = {column["name"] for column in table["columns"]}
        assert {column["type"] for column in table["columns"]} <= kinds, name
        assert set(table["primary_key"]) <= columns, name
        assert table["version_by"] is None or table["version_by"] in columns, name
        assert all(column["values"] for column in table["columns"] if column["type"] == "enum"), name


def test_base_models_declare_no_columns_keys_or_enumerations():
    """The base models take their columns from the contract: no column list, key or allowed
    values is written in them (it was in four places before)."""
    from salesdw.contract import PROJECT_DIR

    for path in (PROJECT_DIR / "models/staging/crm/base").glob("*.sql"):
        text = path.read_text()
        assert not re.search(r"'values'\s*:|primary_key\s*=|'type'\s*:", text), path.name
