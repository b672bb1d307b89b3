"""The benchmark's report: figures and ratios computed from the measured seconds (the timing
itself is not tested: performance is read from `make benchmark`'s output, not asserted)."""
from __future__ import annotations

from salesdw.benchmark import Run, report


def test_report_gives_each_scale_and_its_ratios_to_the_first():
    small = Run(1, raw_rows=100_000, kpi_rows=50_000, file_mb=40,
                seconds={"generate": 9, "load": 2, "dbt_seed": 1, "dbt_run": 60, "dbt_test": 38})
    large = Run(4, raw_rows=400_000, kpi_rows=60_000, file_mb=150,
                seconds={"generate": 30, "load": 6, "dbt_seed": 1, "dbt_run": 150, "dbt_test": 44})
    text = report([small, large])
    # totals are load + dbt run + dbt test: 100 s and 200 s; rows/s 1,000 and 2,000
    assert "| 1 | 100,000 | 50,000 | 40 | 2.0 | 60.0 | 38.0 | 100.0 | 1,000 |" in text
    assert "| 4 | 400,000 | 60,000 | 150 | 6.0 | 150.0 | 44.0 | 200.0 | 2,000 |" in text
    # rows x4.00; load 6/2, run 150/60, test 44/38, total 200/100
    assert "| 4 | 4.00 | 3.00 | 2.50 | 1.16 | 2.00 |" in text


def test_report_of_one_scale_has_no_ratio_table():
    only = Run(1, raw_rows=10, kpi_rows=1, file_mb=1,
               seconds={"load": 1, "dbt_run": 1, "dbt_test": 1})
    assert "Ratios" not in report([only])
