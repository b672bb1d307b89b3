"""The customer / market KPI marts (csat, csat_satisfied_share, dau_mau, ltv_to_cac, roas,
market_share, competitor_price_index) agree row by row with their independent pandas oracle
(tests/oracle/customer_market.py), which reads the raw contract files directly: on the sample,
and on one freshly generated dataset (another seed, size and as-of day)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from salesdw.generate import generate
from tests.oracle.customer_market import CUSTOMER_MARKET_KPIS, compute_customer_market_kpis

from .conftest import SAMPLE_AS_OF, SAMPLE_DIR, build_warehouse, query_df

KEY = ["kpi_id", "grain", "period_start", "dimension", "dimension_value"]


def warehouse_rows(duckdb_path) -> pd.DataFrame:
    """The rows of the KPI marts themselves (kpi_values holds the same rows once they are listed
    in kpi_models())."""
    sql = "\nunion all\n".join(f"select * from marts.kpi_{kpi_id}" for kpi_id in CUSTOMER_MARKET_KPIS)
    return query_df(duckdb_path, sql)


def compare(raw_dir, as_of: str, duckdb_path) -> None:
    oracle = compute_customer_market_kpis(raw_dir, as_of)
    warehouse = warehouse_rows(duckdb_path)
    missing = sorted(set(CUSTOMER_MARKET_KPIS) - set(warehouse["kpi_id"]))
    assert missing == [], f"KPIs without rows in the warehouse: {missing}"
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
    # Every KPI is compared on real rows, not only on empty series.
    compared = both.groupby("kpi_id")["value_warehouse"].count()
    assert (compared.reindex(CUSTOMER_MARKET_KPIS, fill_value=0) > 0).all(), compared.to_string()


def test_sample_matches_the_customer_market_oracle(sample_warehouse):
    compare(SAMPLE_DIR, SAMPLE_AS_OF, sample_warehouse)


def test_generated_dataset_matches_the_customer_market_oracle(tmp_path):
    raw = tmp_path / "raw"
    as_of = "2025-11-30"
    generate(raw, seed=11, as_of=as_of, scale=0.3)
    duckdb_path = build_warehouse(raw, as_of, tmp_path / "w.duckdb", tmp_path)
    compare(raw, as_of, duckdb_path)
