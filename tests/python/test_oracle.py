"""kpi_values agrees row by row with an independent pandas implementation of the KPIs
(tests/oracle), which reads the raw contract files directly: on the sample, and on freshly
generated datasets with other seeds, sizes and as-of dates."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from salesdw.generate import generate
from tests.oracle.oracle import CORE_KPIS, compute_kpis

from .conftest import SAMPLE_AS_OF, SAMPLE_DIR, build_warehouse, query_df

KEY = ["kpi_id", "grain", "period_start", "dimension", "dimension_value"]


def compare(raw_dir, as_of: str, duckdb_path) -> None:
    oracle = compute_kpis(raw_dir, as_of)
    warehouse = query_df(duckdb_path, "select * from marts.kpi_values")
    missing_kpis = sorted(set(CORE_KPIS) - set(warehouse["kpi_id"]))
    assert missing_kpis == [], f"core KPIs missing from kpi_values: {missing_kpis}"
    # Further KPIs (not in the oracle) are checked by their own tests.
    warehouse = warehouse[warehouse["kpi_id"].isin(CORE_KPIS)].copy()
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
    assert len(both) > 1000


def test_sample_matches_the_oracle(sample_warehouse):
    compare(SAMPLE_DIR, SAMPLE_AS_OF, sample_warehouse)


@pytest.mark.parametrize(
    ("seed", "as_of", "scale"),
    [(7, "2025-12-31", 0.3), (2024, "2026-02-14", 0.4)],
)
def test_generated_datasets_match_the_oracle(tmp_path, seed, as_of, scale):
    raw = tmp_path / "raw"
    generate(raw, seed=seed, as_of=as_of, scale=scale)
    duckdb_path = build_warehouse(raw, as_of, tmp_path / "w.duckdb", tmp_path)
    compare(raw, as_of, duckdb_path)
