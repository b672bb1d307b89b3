"""Hostile input: what a real export gets wrong, and what the warehouse does with it.

Timestamps with a zone name, amounts in scientific notation or beyond the plausibility bound
are quarantined with their reason; typed parquet columns land as contract text and a nested one
stops the load; a CSV file that is not UTF-8 stops the load with the file, byte offset and line
named; empty files are either absent (optional) or a clear error (required). The loader checks
run on small folders in seconds; the staging checks share one `dbt build -s staging` (which also
runs the parse rules' dbt unit tests)."""

from __future__ import annotations

import subprocess
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from salesdw.load import ContractError, load
from tests.oracle import oracle

from .conftest import BIN, PROJECT_DIR, dbt_env, query, run_dbt
from .fixtures import AS_OF, TABLES, write_fixture

BERLIN = timezone(timedelta(hours=2))  # a fixed offset is enough: the value's instant matters

HOSTILE_DEALS = """d8,Huge,a1,u1,,default,upsell,demo,1e308,USD,2024-03-05T00:00:00Z,,,false,false,,,false,2024-03-05T00:00:00Z
d9,Implausible,a1,u1,,default,upsell,demo,2000000000000,USD,2024-03-05T00:00:00Z,,,false,false,,,false,2024-03-05T00:00:00Z
d10,At the bound,a1,u1,,default,upsell,demo,1000000000000,USD,2024-03-05T00:00:00Z,,,false,false,,,false,2024-03-05T00:00:00Z
d11,Eastern,a1,u1,,default,upsell,demo,10,USD,2024-09-04T08:38:07 EST,,,false,false,,,false,2024-09-04T00:00:00Z
d12,India,a1,u1,,default,upsell,demo,.5,USD,2024-09-04T08:38:07+0530,,,false,false,,,false,2024-09-04T00:00:00Z
"""


def run_load(raw: Path, duckdb_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "salesdw"), "load", "--raw-dir", str(raw), "--duckdb", str(duckdb_path)],
        cwd=PROJECT_DIR,
        env=dbt_env(duckdb_path, AS_OF),
        capture_output=True,
        text=True,
        check=False,
    )


def write_parquet(path: Path, columns: dict[str, pa.Array]) -> None:
    pq.write_table(pa.table(columns), path)


def typed_parquet_tables(raw: Path) -> None:
    """pipeline_stages, subscription_periods, deal_line_items and rep_surveys as typed parquet:
    int, double, boolean, date, decimal, timestamp with and without time zone, text."""
    (raw / "pipeline_stages.csv").unlink()
    (raw / "subscription_periods.csv").unlink()
    stages = ["prospecting", "demo", "negotiation", "closed_won", "closed_lost"]
    write_parquet(
        raw / "pipeline_stages.parquet",
        {
            "pipeline": pa.array(["default"] * 5),
            "stage": pa.array(stages),
            "stage_order": pa.array([1, 2, 3, 4, 5], pa.int64()),
            "probability": pa.array([0.1, 0.4, 0.8, 1.0, 0.0], pa.float64()),
            "is_closed": pa.array([False, False, False, True, True]),
            "is_won": pa.array([False, False, False, True, False]),
        },
    )
    write_parquet(
        raw / "subscription_periods.parquet",
        {
            "subscription_id": pa.array(["s1", "s1"]),
            "account_id": pa.array(["a1", "a1"]),
            "product_id": pa.array([None, None], pa.string()),
            "pricing_plan": pa.array(["pro", "pro"]),
            "period_start": pa.array([date(2024, 3, 1), date(2024, 5, 1)], pa.date32()),
            "period_end": pa.array([date(2024, 5, 1), None], pa.date32()),
            "mrr_amount": pa.array([Decimal("100.00"), Decimal("150.50")], pa.decimal128(12, 2)),
            "currency": pa.array(["USD", "USD"]),
            "billing_interval": pa.array(["month", "month"]),
            "updated_at": pa.array(
                [datetime(2024, 3, 1, 2, 0, tzinfo=BERLIN), datetime(2024, 5, 1, 12, 30, tzinfo=BERLIN)],
                pa.timestamp("us", tz="+02:00"),
            ),
        },
    )
    write_parquet(
        raw / "deal_line_items.parquet",
        {
            "line_item_id": pa.array(["li1", "li2"]),
            "deal_id": pa.array(["d1", "d1"]),
            "product_id": pa.array(["p1", "p2"]),
            "quantity": pa.array([3.0, 2.5], pa.float64()),
            "unit_price": pa.array([19.99, 0.00002], pa.float64()),
            "discount_pct": pa.array([0.00001, 0.25], pa.float64()),
            "updated_at": pa.array(
                [datetime(2024, 3, 1, 12, 34, 56, 789000), datetime(2024, 3, 2)], pa.timestamp("ns")
            ),
        },
    )
    write_parquet(
        raw / "rep_surveys.parquet",
        {  # an integer column as pandas writes it with nulls
            "response_id": pa.array(["r1", "r2"]),
            "user_id": pa.array(["u1", "u2"]),
            "responded_at": pa.array(
                [datetime(2024, 3, 1, 9, 0), datetime(2024, 3, 2, 9, 0)], pa.timestamp("ms")
            ),
            "score": pa.array([8.0, 10.0], pa.float64()),
        },
    )


@pytest.fixture(scope="module")
def hostile_warehouse(tmp_path_factory) -> Path:
    """The hand-made fixture plus hostile deals and typed parquet tables, loaded and built up to
    staging (models, data tests and the staging unit tests)."""
    work = tmp_path_factory.mktemp("hostile")
    raw = write_fixture(work / "raw", replace={"deals": TABLES["deals"] + HOSTILE_DEALS})
    typed_parquet_tables(raw)
    duckdb_path = work / "w.duckdb"
    loaded = run_load(raw, duckdb_path)
    assert loaded.returncode == 0, loaded.stderr
    build = run_dbt(["build", "--select", "staging"], dbt_env(duckdb_path, AS_OF), work)
    assert build.returncode == 0, build.stdout[-6000:] + build.stderr[-2000:]
    return duckdb_path


def quarantine_reason(duckdb_path: Path, table: str, key: str) -> str | None:
    rows = query(
        duckdb_path,
        "select quarantine_reason from quarantine.quarantine_crm_rows "
        f"where table_name = '{table}' and record_key = '{key}'",
    )
    return rows[0][0] if rows else None


# --- 1. timestamps: ISO 8601 only ---------------------------------------------------------


def test_zone_abbreviation_is_quarantined_not_read_as_utc(hostile_warehouse):
    assert quarantine_reason(hostile_warehouse, "deals", "d11") == "unparseable timestamp: created_at"
    assert query(hostile_warehouse, "select count(*) from staging.stg_crm__deals where deal_id = 'd11'") == [
        (0,)
    ]


def test_iso_offset_without_colon_is_honoured(hostile_warehouse):
    assert query(
        hostile_warehouse, "select created_at from staging.stg_crm__deals where deal_id = 'd12'"
    ) == [(datetime(2024, 9, 4, 3, 8, 7),)]


# --- 2. amounts: plain decimals, at most the plausibility bound -----------------------------


def test_scientific_notation_amount_is_quarantined(hostile_warehouse):
    assert quarantine_reason(hostile_warehouse, "deals", "d8") == "unparseable amount: amount"
    assert query(
        hostile_warehouse, "select count(*) from staging.stg_crm__deals where deal_id = 'd8' or amount > 1e12"
    ) == [(0,)]


def test_amount_beyond_the_plausibility_bound_is_quarantined_with_its_reason(hostile_warehouse):
    assert quarantine_reason(hostile_warehouse, "deals", "d9") == (
        "amount above the plausibility bound 1e12 (var max_plausible_amount): amount"
    )
    kept = query(
        hostile_warehouse,
        "select deal_id, amount from staging.stg_crm__deals where deal_id in ('d10', 'd12') order by deal_id",
    )
    assert kept == [("d10", 1e12), ("d12", 0.5)]


def test_oracle_parses_as_the_warehouse_does():
    assert oracle._parse_timestamp("2024-09-04T08:38:07 EST") is None
    assert oracle._parse_timestamp("2024-09-04Z") is None
    assert oracle._parse_timestamp("2024-09-04T08:38:07+0530") == datetime(2024, 9, 4, 3, 8, 7)
    assert oracle._parse_number("1e308") is None
    assert oracle._parse_number("+5") is None
    assert oracle._parse_number(".5") == 0.5
    assert oracle._parse_number("1" + "0" * 309) is None
    raw = pd.Series(["1000000000000", "1000000000000.5", "-1"], dtype=object)
    _, bad, _ = oracle._parse_column(raw, oracle.MONEY)
    assert list(bad) == [False, True, True]


# --- 3. parquet: scalar types as contract text, nested types refused ------------------------


def test_parquet_scalar_types_land_as_contract_text(tmp_path):
    raw = write_fixture(tmp_path / "raw")
    typed_parquet_tables(raw)
    load(raw, tmp_path / "w.duckdb")
    text = query(
        tmp_path / "w.duckdb",
        """
        select 'stages', stage_order, probability, is_closed from raw.pipeline_stages
        where stage in ('prospecting', 'closed_won')
        union all select 'subs', period_end, mrr_amount, updated_at from raw.subscription_periods
        union all select 'items', quantity, unit_price || ' ' || discount_pct, updated_at
        from raw.deal_line_items
        union all select 'surveys', score, null, responded_at from raw.rep_surveys
        order by 1, 2, 3""",
    )
    assert text == [
        ("items", "2.5", "0.00002 0.25", "2024-03-02"),
        ("items", "3", "19.99 0.00001", "2024-03-01T12:34:56.789Z"),
        ("stages", "1", "0.1", "false"),
        ("stages", "4", "1", "true"),
        ("subs", "2024-05-01", "100.00", "2024-03-01"),
        ("subs", None, "150.50", "2024-05-01T10:30:00Z"),
        ("surveys", "10", None, "2024-03-02T09:00:00Z"),
        ("surveys", "8", None, "2024-03-01T09:00:00Z"),
    ]


def test_parquet_scalar_types_round_trip_into_staged_values(hostile_warehouse):
    stages = query(
        hostile_warehouse,
        "select stage_name, stage_order, probability, is_closed, "
        "is_won from staging.base_crm__pipeline_stages order by 2",
    )
    assert stages[0] == ("prospecting", 1, 0.1, False, False)
    assert stages[3] == ("closed_won", 4, 1.0, True, True)
    subs = query(
        hostile_warehouse,
        "select period_start, period_end, mrr_amount, updated_at, "
        "quarantine_reason from staging.base_crm__subscription_periods "
        "order by 1",
    )
    assert subs == [
        (date(2024, 3, 1), date(2024, 5, 1), 100.0, datetime(2024, 3, 1, 0, 0), None),
        (date(2024, 5, 1), None, 150.5, datetime(2024, 5, 1, 10, 30), None),
    ]
    items = query(
        hostile_warehouse,
        "select quantity, unit_price, discount_pct, updated_at, "
        "quarantine_reason from staging.base_crm__deal_line_items "
        "order by line_item_id",
    )
    assert items == [
        (3.0, 19.99, 0.00001, datetime(2024, 3, 1, 12, 34, 56, 789000), None),
        (2.5, 0.00002, 0.25, datetime(2024, 3, 2), None),
    ]
    surveys = query(
        hostile_warehouse,
        "select score, responded_at, quarantine_reason from staging.base_crm__rep_surveys order by 1",
    )
    assert surveys == [(8, datetime(2024, 3, 1, 9), None), (10, datetime(2024, 3, 2, 9), None)]


def test_nested_parquet_columns_fail_the_load_naming_file_and_column(tmp_path):
    raw = write_fixture(tmp_path / "raw", drop=("teams",))
    write_parquet(
        raw / "teams.parquet",
        {
            "team_id": pa.array(["t1"]),
            "team_name": pa.array([["North", "Nord"]]),
            "region": pa.array([{"code": "NA", "name": "North America"}]),
            "updated_at": pa.array([[("k", "v")]], pa.map_(pa.string(), pa.string())),
        },
    )
    with pytest.raises(ContractError) as error:
        load(raw, tmp_path / "w.duckdb")
    message = str(error.value)
    for column, kind in (("team_name", "a list"), ("region", "a struct"), ("updated_at", "a map")):
        assert f"{raw / 'teams.parquet'}: column '{column}' is {kind}" in message
    assert "flatten it" in message
    result = run_load(raw, tmp_path / "w.duckdb")
    assert result.returncode == 2 and "Traceback" not in result.stderr


# --- 4. encodings -----------------------------------------------------------------------------


def corrupt(path: Path, line: int, old: bytes, new: bytes) -> int:
    """Replace the first `old` on `line` (1 = header) by `new`; return the byte offset."""
    lines = path.read_bytes().splitlines(keepends=True)
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_bytes(b"".join(lines))
    return len(b"".join(lines[: line - 1])) + lines[line - 1].index(new)


def test_csv_not_utf8_names_file_byte_offset_and_line(tmp_path):
    raw = write_fixture(tmp_path / "raw")
    offset = corrupt(raw / "teams.csv", 3, b"Europe", b"\xc9urope")  # Latin-1 capital E acute
    with pytest.raises(ContractError) as error:
        load(raw, tmp_path / "w.duckdb")
    message = str(error.value)
    assert f"{raw / 'teams.csv'}: not UTF-8: byte 0xC9 at byte offset {offset} (line 3, column 4)" in message
    assert "re-export the file as UTF-8" in message
    result = run_load(raw, tmp_path / "w.duckdb")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert not (tmp_path / "w.duckdb").exists()


def test_csv_not_utf8_deep_in_a_large_file_fails_the_load(tmp_path):
    header, first = TABLES["activities"].splitlines()[:2]
    body = "".join(first.replace("ac1", f"x{i}") + "\n" for i in range(3000))  # ~400 kB
    raw = write_fixture(tmp_path / "raw", replace={"activities": f"{header}\n{body}"})
    offset = corrupt(raw / "activities.csv", 2990, b"call", b"c\xe0ll")
    with pytest.raises(
        ContractError,
        match=rf"activities.csv: not UTF-8: byte 0xE0 at byte "
        rf"offset {offset + 1} \(line 2990, column",
    ):
        load(raw, tmp_path / "w.duckdb")


def test_utf8_bom_keeps_working(tmp_path):
    raw = write_fixture(tmp_path / "raw")
    (raw / "teams.csv").write_bytes(b"\xef\xbb\xbf" + TABLES["teams"].encode())
    load(raw, tmp_path / "w.duckdb")
    assert query(tmp_path / "w.duckdb", "select team_id, team_name from raw.teams order by 1") == [
        ("t1", "North"),
        ("t2", "Europe"),
    ]


# --- 5. empty files ---------------------------------------------------------------------------


def test_header_only_required_file_loads_with_one_line_saying_so(tmp_path):
    header = TABLES["activities"].splitlines()[0]
    raw = write_fixture(tmp_path / "raw", replace={"activities": header + "\n"})
    result = run_load(raw, tmp_path / "w.duckdb")
    assert result.returncode == 0, result.stderr
    assert "activities: 0 rows: the activity KPIs will be empty" in result.stdout


def test_zero_byte_optional_file_counts_as_absent(tmp_path):
    raw = write_fixture(tmp_path / "raw", replace={"products": ""})
    report = load(raw, tmp_path / "w.duckdb")
    assert "products" in report.absent and report.rows["products"] == 0
    assert (
        "products: products.csv is empty (no header row): optional table, treated as absent" in report.notes
    )


def test_zero_byte_required_file_is_a_contract_error_naming_the_file(tmp_path):
    raw = write_fixture(tmp_path / "raw", replace={"deals": ""})
    with pytest.raises(ContractError) as error:
        load(raw, tmp_path / "w.duckdb")
    assert (
        f"{raw / 'deals.csv'}: the file is empty (no header row): the required table 'deals' "
        "needs at least its header row"
    ) in str(error.value)
    assert "re-export it with its header" in str(error.value)
