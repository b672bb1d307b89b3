"""Every KPI in kpi_values agrees row by row with an independent pandas implementation
(tests/oracle/), which reads the raw contract files directly and never the warehouse or the
SQL: on the sample, and on freshly generated datasets with other seeds, sizes and as-of days.
Each KPI family has its own oracle module; a mismatch is a bug in one of the two."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from salesdw.generate import DIVISION_SCALE, generate
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

# The generated datasets: generator seed, day the export was taken and scale; then the build's
# settings. "seed11" is built in the default settings from an org the generator simulates as two
# divisions (as it does every org above scale 200: ids numbered across divisions, shared fx and
# products, orphan keys no division holds); "moved" moves every setting away from
# the default at once: the export runs three months past the as-of day (records carry stages,
# closes and updates from after it), MRR is read on the first day of the month, and amounts
# are reported in EUR through the USD-quoted fx_rates (cross rates).
GENERATED = {
    "seed11": dict(seed=11, exported="2025-11-30", scale=0.3, as_of="2025-11-30", division_scale=0.15),
    "moved": dict(
        seed=2024,
        exported="2026-02-14",
        scale=0.4,
        as_of="2025-11-20",
        reporting_currency="EUR",
        mrr_snapshot="month_start",
    ),
}


def compare(
    kpis: list[str], oracle: pd.DataFrame, warehouse: pd.DataFrame, require_values: bool = True
) -> None:
    """kpi_values == the oracle row by row for `kpis`; with require_values, every KPI must also
    have a non-null value somewhere (a partial export may leave a rate null everywhere)."""
    warehouse = warehouse[warehouse["kpi_id"].isin(kpis)].copy()
    missing = sorted(set(kpis) - set(warehouse["kpi_id"]))
    assert missing == [], f"KPIs without rows in kpi_values: {missing}"
    oracle = oracle.copy()
    for frame in (oracle, warehouse):
        frame["period_start"] = pd.to_datetime(frame["period_start"])
    merged = oracle.merge(warehouse, on=KEY, how="outer", suffixes=("_oracle", "_warehouse"), indicator=True)
    only_oracle = merged[merged["_merge"] == "left_only"]
    only_warehouse = merged[merged["_merge"] == "right_only"]
    both = merged[merged["_merge"] == "both"]

    def differs(column: str) -> pd.Series:
        left, right = both[f"{column}_oracle"], both[f"{column}_warehouse"]
        same_null = left.isna() == right.isna()
        close = np.isclose(left.fillna(0).astype(float), right.fillna(0).astype(float), rtol=1e-7, atol=1e-6)
        return ~(same_null & close)

    bad = both[
        differs("numerator")
        | differs("denominator")
        | differs("value")
        | (both["dimension_label_oracle"] != both["dimension_label_warehouse"])
        | (both["unit_oracle"] != both["unit_warehouse"])
    ]
    report = []
    for name, frame in (
        ("only in the oracle", only_oracle),
        ("only in the warehouse", only_warehouse),
        ("different values", bad),
    ):
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
    """The generated datasets, each built once for every family's comparison; returns the raw
    folder, the warehouse file and the oracle's settings."""
    built = {}

    def get(name: str):
        if name not in built:
            spec = GENERATED[name]
            work = tmp_path_factory.mktemp(name)
            raw = work / "raw"
            generate(
                raw,
                seed=spec["seed"],
                as_of=spec["exported"],
                scale=spec["scale"],
                division_scale=spec.get("division_scale", DIVISION_SCALE),
            )
            settings = dict(
                reporting_currency=spec.get("reporting_currency", "USD"),
                mrr_snapshot=spec.get("mrr_snapshot", "month_end"),
            )
            env = dict(
                CRM_REPORTING_CURRENCY=settings["reporting_currency"],
                CRM_MRR_SNAPSHOT=settings["mrr_snapshot"],
            )
            duckdb_path = build_warehouse(raw, spec["as_of"], work / "w.duckdb", work, **env)
            built[name] = (raw, spec["as_of"], duckdb_path, settings)
        return built[name]

    return get


def kpi_values(duckdb_path) -> pd.DataFrame:
    return query_df(duckdb_path, "select * from marts.kpi_values")


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_sample_matches_the_oracle(sample_warehouse, family):
    kpis, oracle = FAMILIES[family]
    compare(kpis, oracle(SAMPLE_DIR, SAMPLE_AS_OF), kpi_values(sample_warehouse))


@pytest.mark.parametrize("name", sorted(GENERATED))
@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_generated_dataset_matches_the_oracle(generated, name, family):
    raw, as_of, duckdb_path, settings = generated(name)
    kpis, oracle = FAMILIES[family]
    compare(kpis, oracle(raw, as_of, **settings), kpi_values(duckdb_path))


def test_every_kpi_in_kpi_values_has_an_oracle(sample_warehouse):
    """kpi_values holds no KPI that escapes the independent check."""
    checked = {kpi for kpis, _ in FAMILIES.values() for kpi in kpis}
    built = set(kpi_values(sample_warehouse)["kpi_id"])
    assert sorted(built - checked) == []
