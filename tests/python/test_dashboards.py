"""The dashboards of dashboards/ (Superset's YAML export format) without Superset: the import
zip with the BI file's path filled in, every reference resolved, every table and column, every
calculated column and virtual dataset's SQL valid on the BI file of the sample build, the
chart queries Superset is sent, and the dbt exposures in step with what the dashboards read.
`make test-dashboard` runs them in Superset itself (not part of `make test`)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import duckdb
import pytest
import yaml

from salesdw.bi_file import write_bi_file
from salesdw.dashboard.bundle import PATH_PLACEHOLDER, ROOT, bi_uri, build_zip, read_configs
from salesdw.dashboard.catalog import dashboard_chart_uuids, reference_problems, table_problems
from salesdw.dashboard.chart_query import queries, query_context, split_filters
from salesdw.dashboard.export import files_for_export, read_export

from .conftest import PROJECT_DIR

CONFIGS = read_configs()


def of_kind(kind: str) -> dict[str, dict]:
    return {name: config for name, config in CONFIGS.items() if name.startswith(kind + "/")}


@pytest.fixture(scope="module")
def bi_file(sample_warehouse, tmp_path_factory) -> Path:
    """The BI file of the sample build, as `make build` writes it."""
    path = tmp_path_factory.mktemp("bi") / "bi.duckdb"
    write_bi_file(sample_warehouse, path)
    return path


def test_the_folder_is_superset_export_format_with_two_dashboards():
    assert CONFIGS["metadata.yaml"]["version"] == "1.0.0"
    assert {c["slug"] for c in of_kind("dashboards").values()} == {"sales-leader", "revops-data-quality"}
    assert len(of_kind("databases")) == 1
    assert of_kind("charts") and of_kind("datasets")
    for name, config in CONFIGS.items():
        if name != "metadata.yaml":
            assert config.get("uuid") and config.get("version") == "1.0.0", name


def test_committed_database_uri_is_a_placeholder_opened_read_only():
    (database,) = of_kind("databases").values()
    assert database["sqlalchemy_uri"] == f"duckdb:///{PATH_PLACEHOLDER}?access_mode=read_only"
    assert database["allow_dml"] is False and database["allow_file_upload"] is False
    text = "".join(path.read_text() for path in (PROJECT_DIR / "dashboards").rglob("*.yaml"))
    assert not re.search(r"/(work|home|root|tmp|Users)/", text), "a machine path is committed"


def test_import_zip_fills_in_the_bi_path(tmp_path):
    bi = tmp_path / "my dir" / "bi.duckdb"
    bundle = build_zip(bi, tmp_path / "target" / "import.zip")
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        assert all(name.startswith(f"{ROOT}/") for name in names)
        assert f"{ROOT}/metadata.yaml" in names
        assert len(names) == len(CONFIGS)
        (database_name,) = [n for n in names if n.startswith(f"{ROOT}/databases/")]
        database = yaml.safe_load(archive.read(database_name))
        text = b"".join(archive.read(name) for name in names).decode()
    assert database["sqlalchemy_uri"] == f"duckdb:///{bi.resolve().as_posix()}?access_mode=read_only"
    assert database["sqlalchemy_uri"] == bi_uri(bi)
    assert PATH_PLACEHOLDER not in text
    with pytest.raises(ValueError, match="cannot carry"):
        bi_uri(tmp_path / "what?" / "bi.duckdb")


def test_an_export_goes_back_over_the_committed_files_without_the_machine_path(tmp_path):
    """make dashboard-export: a file of a known UUID replaces the committed file of that UUID,
    a new one keeps Superset's name, and the database URI gets its placeholder back."""
    bundle = build_zip(tmp_path / "bi.duckdb", tmp_path / "export.zip")
    exported = {  # Superset names files <name>_<id>.yaml
        (name.replace(".yaml", f"_{i}.yaml") if name.startswith("charts/") else name): config
        for i, (name, config) in enumerate(read_export(bundle.read_bytes()).items())
    }
    exported["charts/New_chart_99.yaml"] = {"uuid": "new", "slice_name": "New chart"}
    files = files_for_export(exported, CONFIGS)
    assert set(files) == set(CONFIGS) - {"metadata.yaml"} | {"charts/New_chart_99.yaml"}
    (database,) = [c for n, c in files.items() if n.startswith("databases/")]
    assert database["sqlalchemy_uri"] == f"duckdb:///{PATH_PLACEHOLDER}?access_mode=read_only"


def test_every_reference_resolves():
    assert reference_problems(CONFIGS) == []


def test_a_chart_of_an_unknown_dataset_is_reported():
    broken = dict(CONFIGS)
    name, chart = next(iter(of_kind("charts").items()))
    broken[name] = {**chart, "dataset_uuid": "00000000-0000-0000-0000-000000000000"}
    assert reference_problems(broken) == [
        f"{name}: dataset 00000000-0000-0000-0000-000000000000 is not in datasets/"
    ]


def test_every_dataset_table_and_column_is_in_the_bi_file(bi_file):
    assert table_problems(CONFIGS, bi_file) == []


def test_a_missing_table_is_reported(bi_file):
    name, dataset = next(iter(of_kind("datasets").items()))
    broken = {name: {**dataset, "sql": None, "table_name": "no_such_mart"}}
    (problem,) = table_problems(broken, bi_file)
    assert "no_such_mart is not in the BI file" in problem


def test_calculated_columns_and_virtual_datasets_run_on_the_bi_file(bi_file):
    """The SQL Superset will send (a dataset's expressions, a virtual dataset's query) is valid
    DuckDB on the BI file, and every virtual dataset returns rows for the sample."""
    con = duckdb.connect(str(bi_file), read_only=True)
    try:
        for name, dataset in of_kind("datasets").items():
            if dataset.get("sql"):
                rows = con.execute(f"select * from ({dataset['sql']}) as virtual_dataset").fetchall()
                assert rows, f"{name}: the virtual dataset returns no rows"
                columns = [d[0] for d in con.description]
                assert sorted(columns) == sorted(c["column_name"] for c in dataset["columns"]), name
                continue
            for column in dataset["columns"]:
                if column.get("expression"):
                    con.execute(
                        f"select {column['expression']} from {dataset['schema']}.{dataset['table_name']} "
                        "limit 1"
                    ).fetchall()
    finally:
        con.close()


def test_kpi_values_is_always_filtered_on_grain_and_dimension():
    kpi_values = next(d["uuid"] for d in of_kind("datasets").values() if d["table_name"] == "kpi_values")
    for name, chart in of_kind("charts").items():
        if chart["dataset_uuid"] != kpi_values:
            continue
        params = chart["params"]
        for key in ("adhoc_filters", "adhoc_filters_b"):
            if key == "adhoc_filters_b" and params["viz_type"] != "mixed_timeseries":
                continue
            simple, _ = split_filters(params[key])
            subjects = {(f["col"], f["op"]) for f in simple}
            assert {("grain", "=="), ("dimension", "=="), ("kpi_id", "==")} <= subjects, f"{name} {key}"


def test_every_dashboard_places_each_of_its_charts_once():
    for name, dashboard in of_kind("dashboards").items():
        placed = dashboard_chart_uuids(dashboard)
        assert len(placed) == len(set(placed)), name


def test_chart_queries_split_filters_and_axes():
    simple, where = split_filters(
        [
            {
                "clause": "WHERE",
                "expressionType": "SIMPLE",
                "subject": "grain",
                "operator": "==",
                "comparator": "month",
            },
            {
                "clause": "WHERE",
                "expressionType": "SIMPLE",
                "subject": "is_latest",
                "operator": "IS TRUE",
                "comparator": None,
            },
            {"clause": "WHERE", "expressionType": "SQL", "sqlExpression": "a > 1"},
            {"clause": "HAVING", "expressionType": "SQL", "sqlExpression": "count(*) > 1"},
        ]
    )
    assert simple == [{"col": "grain", "op": "==", "val": "month"}, {"col": "is_latest", "op": "IS TRUE"}]
    assert where == "(a > 1)"
    mixed = next(c for c in of_kind("charts").values() if c["viz_type"] == "mixed_timeseries")
    first, second = queries(mixed["params"])
    assert first["columns"][0]["columnType"] == "BASE_AXIS" and first["columns"][0]["timeGrain"] == "P1M"
    assert first["filters"] != second["filters"]
    body = query_context(mixed["params"], 7)
    assert body["datasource"] == {"id": 7, "type": "table"} and len(body["queries"]) == 2
    raw = next(c for c in of_kind("charts").values() if c["params"].get("query_mode") == "raw")
    (query,) = queries(raw["params"])
    assert query["columns"] == raw["params"]["all_columns"] and query["metrics"] == []


def test_pipeline_by_stage_is_in_funnel_order():
    """Stages sort by the stage's stage_order: the x-axis is a label led by the zero-padded order."""
    datasets = {d["uuid"]: d for d in of_kind("datasets").values()}
    for chart in of_kind("charts").values():
        if chart["params"].get("x_axis") == "stage_label":
            dataset = datasets[chart["dataset_uuid"]]
            label = next(c for c in dataset["columns"] if c["column_name"] == "stage_label")
            assert "stage_order" in label["expression"]
            assert chart["params"]["x_axis_sort"] == "stage_label" and chart["params"]["x_axis_sort_asc"]


def test_exposures_list_every_table_the_dashboards_read():
    exposures = yaml.safe_load((PROJECT_DIR / "models" / "exposures.yml").read_text())["exposures"]
    by_title = {
        e["label"]: {re.fullmatch(r"ref\('(\w+)'\)", d).group(1) for d in e["depends_on"]} for e in exposures
    }
    datasets = {d["uuid"]: d for d in of_kind("datasets").values()}
    for dashboard in of_kind("dashboards").values():
        charts = {c["uuid"]: c for c in of_kind("charts").values()}
        read: set[str] = set()
        for chart_uuid in dashboard_chart_uuids(dashboard):
            dataset = datasets[charts[chart_uuid]["dataset_uuid"]]
            sql = " ".join(
                [dataset.get("sql") or ""] + [c.get("expression") or "" for c in dataset["columns"]]
            )
            read |= set(re.findall(r"\b(?:marts|core)\.(\w+)", sql))
            if not dataset.get("sql"):
                read.add(dataset["table_name"])
        assert by_title[dashboard["dashboard_title"]] == read, dashboard["dashboard_title"]
    for exposure in exposures:
        assert exposure["type"] == "dashboard" and exposure["owner"]["email"].endswith(".invalid")


def test_superset_environment_pins_the_projects_duckdb():
    """One DuckDB version for every tool that opens the warehouse or BI file."""

    def pin(path: str) -> str:
        return re.search(r"^duckdb==(\S+)$", (PROJECT_DIR / path).read_text(), re.M).group(1)

    assert pin("requirements-superset.in") == pin("requirements-superset.lock") == pin("requirements.lock")


def test_superset_config_keeps_its_secret_in_the_home(tmp_path, monkeypatch):
    """No secret committed: SUPERSET_SECRET_KEY, else one generated once into the git-ignored
    home with mode 0600 and reused."""
    import runpy

    monkeypatch.setenv("SUPERSET_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("SUPERSET_SECRET_KEY", raising=False)
    first = runpy.run_path(str(PROJECT_DIR / "superset_config.py"))
    key_file = tmp_path / "home" / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert first["SECRET_KEY"] == key_file.read_text() and len(first["SECRET_KEY"]) >= 40
    assert runpy.run_path(str(PROJECT_DIR / "superset_config.py"))["SECRET_KEY"] == first["SECRET_KEY"]
    monkeypatch.setenv("SUPERSET_SECRET_KEY", "from-the-environment")
    assert runpy.run_path(str(PROJECT_DIR / "superset_config.py"))["SECRET_KEY"] == "from-the-environment"
    assert str(tmp_path / "home") in first["SQLALCHEMY_DATABASE_URI"]


def test_the_import_zip_carries_every_column_with_its_dbt_description(bi_file, tmp_path):
    """What Superset shows beside each column: the BI file's comments (persist_docs), synced into
    every physical dataset with the columns the committed YAML does not list, and a dataset for
    every other table of the BI file."""
    bundle = build_zip(bi_file, tmp_path / "import.zip")
    with zipfile.ZipFile(bundle) as archive:
        datasets = [
            yaml.safe_load(archive.read(name))
            for name in archive.namelist()
            if name.startswith(f"{ROOT}/datasets/")
        ]
    physical = [dataset for dataset in datasets if not dataset.get("sql")]
    assert physical
    undescribed = [
        (dataset["table_name"], column["column_name"])
        for dataset in physical
        for column in dataset["columns"]
        if not column.get("expression") and not column.get("description")
    ]
    assert undescribed == []
    assert all(dataset.get("description") for dataset in physical)
    con = duckdb.connect(str(bi_file), read_only=True)
    try:
        tables = set(
            con.execute("select schema_name, table_name from duckdb_tables() where not internal").fetchall()
        )
    finally:
        con.close()
    assert {(dataset["schema"], dataset["table_name"]) for dataset in physical} == tables  # every mart
    kpi_values = next(dataset for dataset in physical if dataset["table_name"] == "kpi_values")
    columns = {column["column_name"]: column for column in kpi_values["columns"]}
    assert {"is_complete_period", "dimension_sort_order", "currency_code"} <= set(columns)
    assert columns["is_complete_month"]["expression"]  # the calculated columns stay
