"""The KPI registry (seeds/reference/kpi_definitions.csv) is the one place a KPI is defined: the
files generated from it are current, and a broken row is refused with its line and column."""

from __future__ import annotations

import csv
import shutil

import pytest
import yaml

from salesdw import kpi_registry


def test_the_generated_files_are_what_the_registry_generates():
    stale = kpi_registry.stale_files(kpi_registry.generated_files())
    assert stale == [], f"run `make generated-files` and commit: {stale}"


def test_check_names_a_stale_file(tmp_path, monkeypatch, capsys):
    stale = tmp_path / "kpi_models.sql"
    stale.write_text("{% macro kpi_models() %}{{ return([]) }}{% endmacro %}\n")
    monkeypatch.setattr(kpi_registry, "MODELS_MACRO", stale)
    assert kpi_registry.main(["--check"]) == 1
    assert (
        "kpi_models.sql is not what the registry generates: run `make generated-files`"
        in capsys.readouterr().err
    )
    assert kpi_registry.main([]) == 0 and kpi_registry.main(["--check"]) == 0
    assert "'kpi_win_rate'" in stale.read_text()


def test_a_kpi_gets_its_bounds_grains_and_dimensions_as_tests():
    spec = yaml.safe_load(kpi_registry.MODELS_YAML.read_text())
    models = {model["name"]: model for model in spec["models"]}
    win_rate = models["kpi_win_rate"]["data_tests"][0]["column_values_valid"]["arguments"]
    # One test holds the not-null columns, the key, the bounds and the accepted values.
    assert win_rate["not_null"] == list(kpi_registry.KPI_NOT_NULL)
    assert win_rate["unique_key"] == list(kpi_registry.KPI_KEY)
    assert win_rate["ranges"] == [{"column": "value", "min_value": 0, "max_value": 1}]
    assert {"column": "grain", "values": ["month", "quarter", "year"]} in win_rate["accepted_values"]
    assert {"column": "unit", "values": ["ratio"]} in win_rate["accepted_values"]
    # No bound: quota attainment may exceed 1 and has no range test.
    attainment = models["kpi_quota_attainment"]["data_tests"][0]["column_values_valid"]["arguments"]
    assert "ranges" not in attainment
    # Every KPI mart has the same contract columns (the first entry's anchor).
    assert all(
        [c["name"] for c in model["columns"]] == [c[0] for c in kpi_registry.KPI_COLUMNS]
        for model in models.values()
    )
    # The registry's row check is an expression of the mart's one test; marts without one have none.
    (rank_test,) = models["kpi_leaderboard_rank"]["data_tests"]
    (row_check,) = rank_test["column_values_valid"]["arguments"]["expressions"]
    assert row_check["name"] == "row_check"
    assert row_check["expression"].startswith("dimension_value <> 'unknown'")
    assert "expressions" not in attainment


def _registry_copy(tmp_path, change):
    path = tmp_path / "kpi_definitions.csv"
    shutil.copy(kpi_registry.REGISTRY, path)
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    change(rows)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda rows: rows[0].update(unit="percent"),
            "kpi_definitions.csv line 2: unit 'percent' is not one of",
        ),
        (lambda rows: rows[1].update(min_value="zero"), "line 3, min_value: not a number: 'zero'"),
        (lambda rows: rows[2].update(model_name="kpi_other"), "line 4: model_name must be kpi_deals_won"),
        (lambda rows: rows[3].update(min_value="2", max_value="1"), "line 5: min_value is above max_value"),
        (lambda rows: rows.append(dict(rows[0])), "kpi_id listed twice: new_opportunities"),
    ],
)
def test_a_broken_row_is_refused_with_its_line(tmp_path, change, message):
    with pytest.raises(kpi_registry.RegistryError, match=None) as error:
        kpi_registry.load(_registry_copy(tmp_path, change))
    assert message in str(error.value)
