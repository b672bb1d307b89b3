"""The benchmark's report: figures, ratios and goal verdicts computed from fixed numbers, and
the CSV / Markdown / PNG written from them (the timing itself is not tested: performance is read
from `make benchmark`'s output, not asserted)."""

from __future__ import annotations

import csv

import pytest

from salesdw.benchmark import (
    Phase,
    Run,
    build_times,
    cpu_per_million_rows,
    csv_rows,
    generated_rows,
    goals,
    ratios,
    report,
    runs_from_csv,
    write_chart,
    write_csv,
    write_markdown,
)


def make_run(
    scale,
    tables,
    floor,
    load,
    seed,
    run_,
    test,
    oracle,
    rss=(100, 200, 300, 400),
    oracle_rss=500,
    file_mb=40,
    kpi_rows=50_000,
    full=(200, 180),
    day=(40, 27),
    no_new_rows=(30, 18),
):
    """A run from fixed (wall, cpu) pairs per phase; `rss` is the build steps' peak RSS."""
    phases = {
        "generate": Phase(5, 4, 300),
        "floor": Phase(*floor, 80),
        "oracle": Phase(*oracle, oracle_rss),
        "full_build": Phase(*full, 900),
        "incremental_day": Phase(*day, 800),
        "no_new_rows": Phase(*no_new_rows, 700),
    }
    for step, figures, mb in zip(("load", "dbt_seed", "dbt_run", "dbt_test"), (load, seed, run_, test), rss):
        phases[step] = Phase(*figures, mb)
    return Run(
        scale,
        table_rows=dict(tables),
        kpi_rows=kpi_rows,
        oracle_rows=kpi_rows,
        file_mb=file_mb,
        phases=phases,
    )


# scale 1: 1 M raw rows; build wall 2 + 1 + 30 + 60 = 93 s, CPU 3 + 1 + 40 + 56 = 100 s
SMALL = make_run(
    1,
    {"deals": 200_000, "activities": 800_000},
    floor=(1.0, 1.5),
    load=(2, 3),
    seed=(1, 1),
    run_=(30, 40),
    test=(60, 56),
    oracle=(10, 20),
)
# scale 4: 4 M raw rows; build wall 6 + 1 + 100 + 93 = 200 s, CPU 8 + 1 + 150 + 141 = 300 s
LARGE = make_run(
    4,
    {"deals": 800_000, "activities": 3_200_000},
    floor=(4.0, 7.0),
    load=(6, 8),
    seed=(1, 1),
    run_=(100, 150),
    test=(93, 141),
    oracle=(50, 200),
    rss=(500, 100, 2_000, 7_000),
    file_mb=150,
    kpi_rows=60_000,
    full=(400, 500),
    day=(50, 60),
    no_new_rows=(45, 55),
)
LARGE.build_times = {
    "full_build": {"load": 30.0, "carry-over": 0.1, "dbt build": 150.0, "BI file": 12.0},
    "incremental_day": {"load": 29.0, "carry-over": 14.0, "dbt build": 70.0, "BI file": 11.5},
}


def test_ratios_of_one_scale():
    assert ratios(SMALL) == pytest.approx(
        {
            "test_cpu_over_run_cpu": 56 / 40,
            "build_over_floor": 93 / 1.0,
            "build_cpu_over_floor_cpu": 100 / 1.5,
            "run_cpu_over_oracle_cpu": 40 / 20,
            "cpu_s_per_million_rows": 100.0,
            "incremental_over_full_wall": 40 / 200,
            "incremental_over_full_cpu": 27 / 180,
            "no_new_rows_over_full_wall": 30 / 200,
            "no_new_rows_over_full_cpu": 18 / 180,
        }
    )
    assert cpu_per_million_rows(LARGE) == pytest.approx(75.0)
    assert LARGE.peak_rss_mb == 7_000


def test_goal_verdicts():
    small = {g.name: g for g in goals(SMALL)}
    assert small["dbt test CPU / dbt run CPU"].figure == "1.40x"
    assert small["dbt test CPU / dbt run CPU"].verdict == "does not hold"
    assert small["(load + seed + run + test) / floor, wall"].figure == "93.0x"
    assert small["(load + seed + run + test) / floor, wall"].holds is False
    assert small["dbt run CPU / oracle CPU"].holds is False
    # the trend has no verdict on the run's first scale
    assert small["build CPU s per million raw rows"].verdict == "n/a"
    assert small["build peak RSS"].holds is True
    assert small["incremental day / full build, CPU"].figure == "15 % (wall 20 %)"
    assert small["incremental day / full build, CPU"].verdict == "holds"
    # the rebuild with no new rows is the day's least cost: a figure, no verdict
    assert small["no new rows / full build, CPU"].figure == "10 % (wall 15 %)"
    assert small["no new rows / full build, CPU"].verdict == "n/a"

    large = {g.name: g for g in goals(LARGE, SMALL)}
    assert large["dbt test CPU / dbt run CPU"].holds is True  # 141 / 150
    assert large["(load + seed + run + test) / floor, wall"].holds is False  # 200 / 4 = 50x
    assert large["dbt run CPU / oracle CPU"].holds is True  # 150 / 200
    assert large["build CPU s per million raw rows"].holds is True  # 75 after 100: falling
    assert large["build CPU s per million raw rows"].figure == "75.00 s (scale 1: 100.00 s)"
    assert large["build peak RSS"].holds is False  # 7,000 MB > 6 GB
    assert large["incremental day / full build, CPU"].figure == "12 % (wall 12 %)"  # 60/500, 50/400
    assert large["incremental day / full build, CPU"].holds is True
    assert large["no new rows / full build, CPU"].figure == "11 % (wall 11 %)"  # 55/500, 45/400
    slow = make_run(
        1,
        {"deals": 1},
        floor=(1, 1),
        load=(1, 1),
        seed=(1, 1),
        run_=(1, 1),
        test=(1, 1),
        oracle=(1, 1),
        full=(100, 100),
        day=(10, 16),
    )
    assert {g.name: g for g in goals(slow)}["incremental day / full build, CPU"].holds is False


def test_cpu_per_million_rows_flat_within_the_tolerance_rising_beyond():
    def per_million(cpu):  # 1 M rows, build CPU = cpu
        return make_run(
            2,
            {"deals": 1_000_000},
            floor=(1, 1),
            load=(1, 0),
            seed=(1, 0),
            run_=(1, cpu / 2),
            test=(1, cpu / 2),
            oracle=(1, 1),
        )

    trend = "build CPU s per million raw rows"
    assert {g.name: g for g in goals(per_million(110), SMALL)}[trend].holds is True  # +10 %
    assert {g.name: g for g in goals(per_million(111), SMALL)}[trend].holds is False  # +11 %


def test_zero_denominator_gives_no_ratio_and_no_verdict():
    empty = make_run(1, {}, floor=(0, 0), load=(1, 1), seed=(1, 1), run_=(1, 0), test=(1, 1), oracle=(1, 0))
    assert ratios(empty)["build_over_floor"] is None
    assert ratios(empty)["cpu_s_per_million_rows"] is None
    verdicts = {g.name: g.verdict for g in goals(empty)}
    assert verdicts["dbt test CPU / dbt run CPU"] == "n/a"
    assert verdicts["dbt run CPU / oracle CPU"] == "n/a"


def test_report_gives_each_scale_its_figures_goals_and_rows_per_table():
    text = report([SMALL, LARGE])
    assert (
        "| 1 | 1,000,000 | 5.00 / 4.00 | 1.00 / 1.50 | 2.00 / 3.00 | 1.00 / 1.00 | 30.00 / 40.00 | "
        "60.00 / 56.00 | 10.00 / 20.00 | 200.00 / 180.00 | 40.00 / 27.00 | 30.00 / 18.00 | 400 | 500 | "
        "40.0 | 50,000 |"
    ) in text
    assert "| 4 | dbt run CPU / oracle CPU | 0.75x | <= 1 (at scale 50) | holds |" in text
    assert (
        "| 4 | (load + seed + run + test) / floor, wall | 50.0x | <= 20 (at scale 50) "
        "| does not hold |" in text
    )
    assert "| activities | 800,000 | 3,200,000 |" in text
    assert "| deals | 200,000 | 800,000 |" in text


def test_csv_has_one_row_per_scale_with_every_figure(tmp_path):
    path = tmp_path / "b.csv"
    write_csv([SMALL, LARGE], path)
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["scale"] for r in rows] == ["1", "4"]
    large = rows[1]
    assert large["raw_rows"] == "4000000"
    assert large["rows_activities"] == "3200000"
    assert large["dbt_run_cpu_s"] == "150"
    assert large["oracle_peak_rss_mb"] == "500"
    assert large["build_wall_s"] == "200"
    assert large["build_cpu_s"] == "300"
    assert large["build_peak_rss_mb"] == "7000"
    assert large["incremental_day_wall_s"] == "50"
    assert large["full_build_cpu_s"] == "500"
    assert large["no_new_rows_cpu_s"] == "55"
    assert float(large["no_new_rows_over_full_cpu"]) == pytest.approx(0.11)
    assert float(large["incremental_over_full_wall"]) == pytest.approx(0.125)
    assert float(large["test_cpu_over_run_cpu"]) == pytest.approx(0.94)
    assert float(large["build_over_floor"]) == pytest.approx(50)
    assert float(large["cpu_s_per_million_rows"]) == pytest.approx(75)
    assert large["goal: dbt run CPU / oracle CPU"] == "holds"
    assert large["time incremental_day: carry-over"] == "14.0"
    assert rows[0]["time incremental_day: carry-over"] == ""
    assert large["goal: build peak RSS"] == "does not hold"
    assert rows[0]["goal: build CPU s per million raw rows"] == "n/a"
    assert csv_rows([SMALL])[0]["raw_rows"] == 1_000_000


def test_a_phase_not_run_has_no_ratio_and_no_verdict():
    skipped = make_run(
        200,
        {"activities": 5},
        floor=(1, 1),
        load=(1, 1),
        seed=(1, 1),
        run_=(1, 1),
        test=(1, 1),
        oracle=(1, 1),
    )
    skipped.phases["oracle"] = Phase.not_run()
    skipped.phases["incremental_day"] = Phase.not_run()
    skipped.phases["no_new_rows"] = Phase.not_run()
    assert ratios(skipped)["run_cpu_over_oracle_cpu"] is None
    verdicts = {g.name: g.verdict for g in goals(skipped)}
    assert verdicts["dbt run CPU / oracle CPU"] == verdicts["incremental day / full build, CPU"] == "n/a"
    assert {g.name: g for g in goals(skipped)}["no new rows / full build, CPU"].figure == "n/a (wall n/a)"
    assert "| not run |" in report([skipped])


def test_build_times_are_read_from_the_builds_time_line():
    out = (
        "Published build 20261208T011410Z-f798ed (196 models, 428 tests, none failed): ...\n"
        "Time: 69.9 s wall (load 0.9, carry-over 0.1, dbt build 67.6, build info 0.1, BI file 1.3, "
        "publish 0.0).\n\nWarehouse: /tmp/w.duckdb\n"
    )
    assert build_times(out) == {
        "load": 0.9,
        "carry-over": 0.1,
        "dbt build": 67.6,
        "build info": 0.1,
        "BI file": 1.3,
        "publish": 0.0,
    }
    assert build_times("Published build x\n") == {}


def test_report_gives_the_day_builds_seconds_per_phase():
    text = report([SMALL, LARGE])
    assert "| scale | build | load | carry-over | dbt build | BI file |" in text
    assert "| 4 | full build (make build) | 30.0 | 0.1 | 150.0 | 12.0 |" in text
    assert "| 4 | incremental day (make build) | 29.0 | 14.0 | 70.0 | 11.5 |" in text
    assert "| 1 | full build" not in text  # no Time line, no row
    assert "per phase of each build of the day" not in report([SMALL])


def test_generated_rows_are_read_from_the_generators_report():
    out = (
        "accounts                      574 rows       80.1 KiB\n"
        "activities                  19957 rows     4000.0 KiB\n"
        "total                       20531 rows     4080.1 KiB (1.2s, seed=7, ...)\n"
    )
    assert generated_rows(out) == {"accounts": 574, "activities": 19957}


def test_generator_memory_goal():
    big = make_run(
        1000,
        {"activities": 1},
        floor=(1, 1),
        load=(1, 1),
        seed=(1, 1),
        run_=(1, 1),
        test=(1, 1),
        oracle=(1, 1),
    )
    big.phases["generate"] = Phase(100, 90, 2_100)
    assert {g.name: g for g in goals(big)}["generator peak RSS"].holds is False
    big.phases["generate"] = Phase.not_run()
    assert {g.name: g for g in goals(big)}["generator peak RSS"].verdict == "n/a"


def test_report_again_from_the_csv(tmp_path):
    write_csv([SMALL, LARGE], tmp_path / "benchmark-x.csv")
    again = runs_from_csv(tmp_path / "benchmark-x.csv")
    assert report(again) == report([SMALL, LARGE])


def test_markdown_and_chart_files(tmp_path):
    write_markdown([SMALL, LARGE], tmp_path / "b.md")
    assert (tmp_path / "b.md").read_text(encoding="utf-8") == report([SMALL, LARGE]) + "\n"
    pytest.importorskip("matplotlib")
    write_chart([SMALL, LARGE], tmp_path / "b.png")
    assert (tmp_path / "b.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_run_without_the_build_reports_the_generator_alone():
    """`--skip build oracle day` (the generator at scale 1000): no build figure, ratio or verdict,
    and the generator's memory is still judged."""
    alone = make_run(
        1000,
        {"activities": 20_000_000},
        floor=(30, 25),
        load=(1, 1),
        seed=(1, 1),
        run_=(1, 1),
        test=(1, 1),
        oracle=(1, 1),
    )
    for step in (
        "load",
        "dbt_seed",
        "dbt_run",
        "dbt_test",
        "oracle",
        "full_build",
        "incremental_day",
        "no_new_rows",
    ):
        alone.phases[step] = Phase.not_run()
    alone.file_mb, alone.kpi_rows = float("nan"), 0
    alone.phases["generate"] = Phase(1200, 1150, 1_900)
    verdicts = {g.name: g.verdict for g in goals(alone)}
    assert verdicts["generator peak RSS"] == "holds"
    assert {name for name, verdict in verdicts.items() if verdict != "n/a"} == {"generator peak RSS"}
    text = report([alone])
    assert "| 1000 | 20,000,000 | 1200.00 / 1150.00 | 30.00 / 25.00 | not run |" in text
    assert "nan" not in text
