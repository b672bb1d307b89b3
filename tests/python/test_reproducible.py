"""Two builds of the same input give bit-identical kpi_values: the KPI chain is rebuilt into a
copy of the sample warehouse and compared with the published build, value for value, with no
tolerance (a parallel float sum used to differ in the last bits on ~5 % of the rows)."""

from __future__ import annotations

import shutil

import duckdb

from .conftest import SAMPLE_AS_OF, dbt_env, run_dbt


def test_rebuilding_the_kpis_gives_identical_values(sample_warehouse, tmp_path):
    copy = tmp_path / "w.duckdb"
    shutil.copy(sample_warehouse, copy)
    rebuilt = run_dbt(["run", "-s", "+kpi_values"], dbt_env(copy, SAMPLE_AS_OF), tmp_path)
    assert rebuilt.returncode == 0, rebuilt.stdout[-4000:]
    con = duckdb.connect()
    try:
        con.execute(f"attach '{sample_warehouse}' as first (read_only)")
        con.execute(f"attach '{copy}' as second (read_only)")
        key = "kpi_id, grain, period_start, dimension, dimension_value"
        counts = con.execute(
            "select (select count(*) from first.marts.kpi_values), "
            "(select count(*) from second.marts.kpi_values)"
        ).fetchone()
        differing = con.execute(
            f"select {key}, first_values.value, second_values.value "
            "from first.marts.kpi_values as first_values "
            f"full join second.marts.kpi_values as second_values using ({key}) "
            "where first_values.numerator is distinct from second_values.numerator "
            "or first_values.denominator is distinct from second_values.denominator "
            "or first_values.value is distinct from second_values.value limit 10"
        ).fetchall()
    finally:
        con.close()
    assert counts[0] == counts[1] > 0
    assert differing == []
