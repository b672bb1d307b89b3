"""Every KPI in kpi_values agrees row by row with an independent pandas implementation
(tests/oracle/), which reads the raw contract files directly and never the warehouse or the
SQL: on the sample, and on freshly generated datasets with other seeds, sizes and as-of days.
Each KPI family has its own oracle module; a mismatch is a bug in one of the two."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from salesdw.generate import generate
from tests.oracle.customer_market import CUSTOMER_MARKET_KPIS, compute_customer_market_kpis
from tests.oracle.funnel_activity import FUNNEL_ACTIVITY_KPIS, compute_funnel_activity_kpis
from tests.oracle.oracle import CORE_KPIS, compute_kpis
from tests.oracle.sales_execution import SALES_EXECUTION_KPIS, compute_sales_execution_kpis

from .conftest import SAMPLE_AS_OF, SAMPLE_DIR, build_warehouse, query_df

KEY = ["kpi_id", "grain", "period_start", "dimension", "dimension_value"]

FAMILIES = {
    "core": (CORE_KPIS, compute_kpis),
    "sales_execution": (SALES_EXECUTION_KPIS, compute_sales_execution_kpis),
    "funnel_activity": (FUNNEL_ACTIVITY_KPIS, compute_funnel_activity_kpis),
    "customer_market": (CUSTOMER_MARKET_KPIS, compute_customer_market_kpis),
}

# (seed, as-of day, scale) of the generated datasets; the first is checked for every family.
GENERATED = {"seed11": (11, "2025-11-30", 0.3), "seed2024": (2024, "2026-02-14", 0.4)}


def compare(kpis: list[str], oracle: pd.DataFrame, warehouse: pd.DataFrame,
            require_values: bool = True) -> None:
    """kpi_values == the oracle row by row for `kpis`; with require_values, every KPI must also
    have a non-null value somewhere (a partial export may leave a rate null everywhere)."""
    warehouse = warehouse[warehouse["kpi_id"].isin(kpis)].copy()
    missing = sorted(set(kpis) - set(warehouse["kpi_id"]))
    assert missing == [], f"KPIs without rows in kpi_values: {missing}"
    oracle = oracle.copy()
    for frame in (oracle, warehouse):
        frame["period_start"] = pd.to_datetime(frame["period_start"])
    merged = oracle.merge(warehouse, on=KEY, how="outer", suffixes=("_oracle", "_warehouse"),
                          indicator=True)
    only_oracle = merged[merged["_merge"] == "left_only"]
    only_warehouse = merged[merged["_merge"] == "right_only"]
    both = merged[merged["_merge"] == "both"]

    def differs(column: str) -> pd.Series:
        left, right = both[f"{column}_oracle"], both[f"{column}_warehouse"]
        same_null = left.isna() == right.isna()
        close = np.isclose(left.fillna(0).astype(float), right.fillna(0).astype(float),
                           rtol=1e-7, atol=1e-6)
        return ~(same_null & close)

    bad = both[differs("numerator") | differs("denominator") | differs("value")
               | (both["dimension_label_oracle"] != both["dimension_label_warehouse"])
               | (both["unit_oracle"] != both["unit_warehouse"])]
    report = []
    for name, frame in (("only in the oracle", only_oracle), ("only in the warehouse", only_warehouse),
                        ("different values", bad)):
        if len(frame):
            report.append(f"{len(frame)} rows {name}:\n{frame[KEY].head(10).to_string()}")
    assert not report, "\n".join(report)
    if not require_values:
        return
    # Every KPI is compared on real values, not only on empty series.
    compared = both.groupby("kpi_id")["value_warehouse"].count()
    assert (compared.reindex(kpis, fill_value=0) > 0).all(), compared.to_string()


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The generated datasets, each built once for every family's comparison."""
    built = {}

    def get(name: str):
        if name not in built:
            seed, as_of, scale = GENERATED[name]
            work = tmp_path_factory.mktemp(name)
            raw = work / "raw"
            generate(raw, seed=seed, as_of=as_of, scale=scale)
            built[name] = (raw, as_of, build_warehouse(raw, as_of, work / "w.duckdb", work))
        return built[name]

    return get


def kpi_values(duckdb_path) -> pd.DataFrame:
    return query_df(duckdb_path, "select * from marts.kpi_values")


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_sample_matches_the_oracle(sample_warehouse, family):
    kpis, oracle = FAMILIES[family]
    compare(kpis, oracle(SAMPLE_DIR, SAMPLE_AS_OF), kpi_values(sample_warehouse))


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_generated_dataset_matches_the_oracle(generated, family):
    raw, as_of, duckdb_path = generated("seed11")
    kpis, oracle = FAMILIES[family]
    compare(kpis, oracle(raw, as_of), kpi_values(duckdb_path))


def test_second_generated_dataset_matches_the_core_oracle(generated):
    raw, as_of, duckdb_path = generated("seed2024")
    compare(CORE_KPIS, compute_kpis(raw, as_of), kpi_values(duckdb_path))


def test_every_kpi_in_kpi_values_has_an_oracle(sample_warehouse):
    """kpi_values holds no KPI that escapes the independent check."""
    checked = {kpi for kpis, _ in FAMILIES.values() for kpi in kpis}
    built = set(kpi_values(sample_warehouse)["kpi_id"])
    assert sorted(built - checked) == []
