"""The project keeps its own rules: every model documented (model and every column), every
KPI mart in kpi_values, layers read only what they may."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from salesdw import kpi_registry

from .conftest import PROJECT_DIR, query

MODELS_DIR = PROJECT_DIR / "models"


def model_files() -> dict[str, Path]:
    return {path.stem: path for path in MODELS_DIR.rglob("*.sql")}


def documented_models() -> dict[str, dict]:
    documented: dict[str, dict] = {}
    for path in MODELS_DIR.rglob("*.yml"):
        spec = yaml.safe_load(path.read_text()) or {}
        for model in spec.get("models", []) or []:
            documented[model["name"]] = model
    return documented


def test_every_model_has_a_description_with_its_grain():
    documented = documented_models()
    missing = sorted(set(model_files()) - set(documented))
    assert missing == [], f"models without YAML: {missing}"
    for name, model in documented.items():
        assert model.get("description"), f"{name} has no description"


def model_tests(model: dict, test_name: str) -> list[dict]:
    """The arguments of every model-level test `test_name` of a model's YAML entry."""
    found = []
    for test in model.get("data_tests") or []:
        if isinstance(test, dict) and test_name in test:
            found.append((test[test_name] or {}).get("arguments") or {})
    return found


def test_every_model_has_one_test_of_its_key_and_not_null_columns():
    """Every model's primary key is tested: each model has exactly one `column_values_valid` test
    (its not-null columns, key, ranges and values in one query), whose `unique_key` names
    columns of the model that it also checks for nulls when the key is one column (a composite
    key may hold a null part, e.g. a reason only some outcomes have). A one-row table has
    `has_row_count` 1 instead of a key. No per-column `unique` / `not_null` test, no
    separate `not_null_columns` test, no model-level `expression_is_true` (a row invariant
    is a named entry of `expressions`) and no error-level `relationships` test (a reference is
    an entry of `foreign_keys`) is left to cost a query each (warn-level checks with their own
    `where` or severity, such as staging's orphan-key warnings, stay separate)."""
    for name, model in documented_models().items():
        checks = model_tests(model, "column_values_valid")
        assert len(checks) == 1, f"{name}: {len(checks)} column_values_valid tests, expected 1"
        (check,) = checks
        columns = {column["name"] for column in model.get("columns") or []}
        key = check.get("unique_key") or []
        if not key:
            assert model_tests(model, "has_row_count") == [{"expected": 1}], f"{name}: no primary key"
        assert set(key) <= columns, f"{name}: key {key} not among its columns"
        assert set(check.get("not_null") or []) <= columns, f"{name}: not_null names unknown columns"
        if len(key) == 1:
            assert key[0] in check["not_null"], f"{name}: key column {key[0]} not checked for nulls"
        for alternate in check.get("alternate_keys") or []:
            assert set(alternate) <= columns, f"{name}: alternate key {alternate} not among its columns"
        assert model_tests(model, "expression_is_true") == [], f"{name}: row invariants belong in expressions"
        names = [expression["name"] for expression in check.get("expressions") or []]
        assert len(names) == len(set(names)), f"{name}: expressions share a name: {names}"
        for reference in check.get("foreign_keys") or []:
            assert reference["column"] in columns, f"{name}: foreign key {reference} not among its columns"
            assert re.fullmatch(r"ref\('\w+'\)", reference["to"]), f"{name}: {reference} should name a ref()"
        for column in model.get("columns") or []:
            plain = [test for test in column.get("data_tests") or [] if test in ("unique", "not_null")]
            assert plain == [], f"{name}.{column['name']}: {plain} belongs in column_values_valid"
            for test in column.get("data_tests") or []:
                if isinstance(test, dict) and "relationships" in test:
                    severity = (test["relationships"].get("config") or {}).get("severity", "error")
                    assert severity == "warn", f"{name}.{column['name']}: a reference belongs in foreign_keys"


# Folders whose models differ from each other: one YAML file per model, named after it.
PER_MODEL_YAML = ("staging", "core", "reporting", "kpi")


def test_yaml_files_are_per_model_and_unit_tests_apart():
    """Staging, core, reporting and KPI models: `<model>.yml` beside `<model>.sql`, describing that
    model only; the KPI marts instead share the YAML generated from the KPI registry
    (models/kpi/marts/_kpi_registry__models.yml). CRM adapters: one models file per CRM. Unit
    tests live in `*__unit_tests.yml` files, and those hold nothing else."""
    for path in MODELS_DIR.rglob("*.yml"):
        spec = yaml.safe_load(path.read_text()) or {}
        sections = set(spec) - {"version"}
        if path.name.endswith("__unit_tests.yml"):
            assert sections == {"unit_tests"}, f"{path} should hold unit tests only"
        else:
            assert "unit_tests" not in sections, f"{path}: unit tests belong in a __unit_tests.yml file"
    registered = {kpi.model_name for kpi in kpi_registry.kpi_marts(kpi_registry.load())}
    generated = yaml.safe_load(kpi_registry.MODELS_YAML.read_text())
    assert [model["name"] for model in generated["models"]] == sorted(
        registered, key=[kpi.model_name for kpi in kpi_registry.load()].index
    )
    for folder in {path.parent for path in MODELS_DIR.rglob("*.sql")}:
        rel = folder.relative_to(MODELS_DIR).as_posix()
        yamls = [
            path
            for path in folder.glob("*.yml")
            if not path.name.endswith(("__sources.yml", "__unit_tests.yml"))
            and path != kpi_registry.MODELS_YAML
        ]
        if rel.startswith(PER_MODEL_YAML):
            own = [sql for sql in folder.glob("*.sql") if sql.stem not in registered]
            for sql in own:
                spec = yaml.safe_load((folder / f"{sql.stem}.yml").read_text())
                assert [m["name"] for m in spec["models"]] == [sql.stem], sql
            assert len(yamls) == len(own), f"{folder}: a YAML file without its model"
        elif rel != "semantic":
            assert len(yamls) == 1, f"{folder} should have exactly one YAML file of models"


def test_every_kpi_mart_is_in_the_registry():
    """The KPI marts are exactly the registry's derivable KPIs (kpi_values unions the registry's
    list, macros/kpi/kpi_models.sql, generated from it)."""
    registered = {kpi.model_name for kpi in kpi_registry.kpi_marts(kpi_registry.load())}
    marts = {name for name in model_files() if name.startswith("kpi_")} - {"kpi_values", "kpi_catalog"}
    assert marts == registered


def test_only_staging_reads_sources():
    """Raw data is read by staging, and by the CRM adapters (models/crm_adapters/<crm>/) that turn a
    CRM's tables into the contract's, which staging then reads."""
    for name, path in model_files().items():
        if re.search(r"(?<![\w.])source\(", path.read_text()):
            assert path.is_relative_to(MODELS_DIR / "staging") or path.is_relative_to(
                MODELS_DIR / "crm_adapters"
            ), f"{name} reads a source"


def test_marts_do_not_read_staging():
    for name, path in model_files().items():
        if path.is_relative_to(MODELS_DIR / "kpi"):
            assert "ref('stg_" not in path.read_text(), f"{name} reads staging"


def test_every_built_column_is_documented(sample_warehouse):
    documented = documented_models()
    rows = query(
        sample_warehouse,
        "select table_name, column_name from information_schema.columns "
        "where table_schema in ('staging', 'intermediate', 'core', 'marts', 'quarantine')",
    )
    built: dict[str, set[str]] = {}
    for table, column in rows:
        built.setdefault(table, set()).add(column)
    problems = []
    for name, columns in built.items():
        if name not in documented:
            continue
        described = {c["name"] for c in documented[name].get("columns", []) or [] if c.get("description")}
        missing = columns - described
        extra = described - columns
        if missing or extra:
            problems.append(f"{name}: undocumented {sorted(missing)}, documented but absent {sorted(extra)}")
    assert problems == []


def test_unit_test_names_fit_postgres_relation_names():
    """Postgres names a unit test's relation after the test: 63 characters at most."""
    for path in MODELS_DIR.rglob("*.yml"):
        spec = yaml.safe_load(path.read_text()) or {}
        for unit_test in spec.get("unit_tests", []) or []:
            assert len(unit_test["name"]) <= 63, f"{path}: {unit_test['name']} is too long"


# The tiers of models/, in the order data flows through them (README "Layers").
TIERS = ("crm_adapters", "staging", "core", "kpi", "reporting", "semantic")


def tier_of(path: Path) -> int:
    return TIERS.index(path.relative_to(MODELS_DIR).parts[0])


def test_folders_follow_the_dag():
    """A model reads only models of its own tier or of an earlier one: the tree is the DAG."""
    files = model_files()
    assert {path.relative_to(MODELS_DIR).parts[0] for path in files.values()} <= set(TIERS)
    backwards = []
    for name, path in files.items():
        for parent in re.findall(r"ref\(\s*'([a-z0-9_]+)'\s*\)", path.read_text()):
            if parent in files and tier_of(files[parent]) > tier_of(path):
                backwards.append(
                    f"{name} ({TIERS[tier_of(path)]}) reads {parent} ({TIERS[tier_of(files[parent])]})"
                )
    assert backwards == []


def test_macros_hide_no_ref():
    """A model's dependencies are visible in its import CTEs: macros take the CTE names they read
    as keyword arguments and call no ref() (generic tests, which dbt gives the model, excepted)."""
    hidden = []
    for path in (PROJECT_DIR / "macros").rglob("*.sql"):
        if path.is_relative_to(PROJECT_DIR / "macros" / "tests"):
            continue
        code = re.sub(r"\{#.*?#\}", "", path.read_text(), flags=re.S)  # comments may show a ref
        if re.search(r"(?<![\w.])ref\(", code):
            hidden.append(str(path.relative_to(PROJECT_DIR)))
    assert hidden == []
