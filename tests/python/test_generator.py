"""The generator writes a whole export at any seed and scale without crashing, and no event of
the export lies after its as-of day (issue 14: `generate(seed=7, scale=2)` crashed on a deal
created minutes after the export's end, from a lead converted in its last minutes)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

import salesdw.generate as gen
import salesdw.generate.output as gen_output
from salesdw.contract import load_contract
from salesdw.generate import TABLES, generate


def test_seed_7_scale_2_writes_every_table_with_no_deal_after_the_export(tmp_path):
    rows = generate(tmp_path, seed=7, scale=2, as_of="2026-09-15", dirty=False)
    assert rows["deals"] > 0 and rows["deal_stage_history"] > rows["deals"]
    with (tmp_path / "deals.csv").open(newline="", encoding="utf-8") as handle:
        created = [row["created_at"] for row in csv.DictReader(handle)]
    assert len(created) == rows["deals"]
    assert max(created)[:10] <= "2026-09-15", max(created)
    with (tmp_path / "deal_stage_history.csv").open(newline="", encoding="utf-8") as handle:
        entered = [row["entered_at"] for row in csv.DictReader(handle)]
    assert max(entered)[:10] <= "2026-09-15", max(entered)


SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "crm_sample"


def test_the_committed_sample_is_what_the_generator_writes_for_seed_42(tmp_path):
    """seeds/crm_sample/*.csv was written by the generator (seed 42, scale 1, as of 2026-09-15, dirty): the
    streamed writer and the packed tables must give the same bytes."""
    generate(tmp_path, seed=42, scale=1, as_of="2026-09-15")
    for table in TABLES:
        assert (tmp_path / f"{table}.csv").read_bytes() == (SEEDS / f"{table}.csv").read_bytes(), table


def test_chunked_writes_give_the_rows_of_a_whole_table_write(tmp_path, monkeypatch):
    """Rows written in small parquet row groups and decoded from packed keys in small chunks are the
    rows of one whole-table write (and of the CSV files)."""
    pq = pytest.importorskip("pyarrow.parquet")
    whole, chunked, text = tmp_path / "whole", tmp_path / "chunked", tmp_path / "csv"
    counts = generate(whole, seed=3, scale=0.3, fmt="parquet")
    monkeypatch.setattr(gen_output, "PARQUET_ROW_GROUP", 7)  # read where it is defined
    monkeypatch.setattr(gen._PackedRows, "CHUNK", 5)
    assert generate(chunked, seed=3, scale=0.3, fmt="parquet") == counts
    assert generate(text, seed=3, scale=0.3) == counts
    for table in TABLES:
        a, b = pq.read_table(whole / f"{table}.parquet"), pq.read_table(chunked / f"{table}.parquet")
        assert a.equals(b), table
        with (text / f"{table}.csv").open(newline="", encoding="utf-8") as handle:
            rows = [[v if v != "" else None for v in row] for row in list(csv.reader(handle))[1:]]
        assert [list(r.values()) for r in b.to_pylist()] == rows, table
    assert pq.ParquetFile(chunked / "activities.parquet").metadata.num_row_groups > 1


def test_packed_rows_keep_what_dirt_changes_in_place():
    np = pytest.importorskip("numpy")
    rows = gen._PackedRows([np.array([5, 7, 9]), np.array([0.5, 1.5, 2.5])], lambda i, k, x: [i, k, x, False])
    rows[1][3] = True
    assert list(rows) == [[0, 5, 0.5, False], [1, 7, 1.5, True], [2, 9, 2.5, False]] and len(rows) == 3


def test_fenwick_pops_are_the_positions_list_pops_remove():
    for n, k in ((10, 3), (5000, 900), (3000, 5000), (100_000, 200), (0, 3), (1, 1)):
        items, expected, rng = list(range(n)), [], random.Random(n)
        while items and len(expected) < k:
            expected.append(items.pop(int(rng.random() * len(items))))
        assert gen._pops(random.Random(n), n, k) == expected, (n, k)


def test_an_org_is_divided_only_above_the_division_scale():
    assert gen._divisions(1, 200) == [1.0]
    assert gen._divisions(200, 200) == [200.0]
    assert gen._divisions(201, 200) == [100.5, 100.5]
    assert gen._divisions(1000, 200) == [200.0] * 5


def _csv_rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_a_divided_org_numbers_every_record_once_and_shares_the_reference_tables(tmp_path):
    """An org simulated as three divisions (issue 14: bounded memory at scale 1000) writes one file
    per table: every key once, every reference resolving across divisions, and the shared tables
    (fx, products, pipelines, teams, market) exactly those of the undivided org."""
    divided, whole = tmp_path / "divided", tmp_path / "whole"
    counts = generate(divided, seed=5, scale=0.6, dirty=False, division_scale=0.2)
    assert gen.LAST_MANIFEST["divisions"] == 3
    generate(whole, seed=5, scale=0.6, dirty=False)
    assert gen.LAST_MANIFEST["divisions"] == 1
    for table in TABLES:
        rows = _csv_rows(divided / f"{table}.csv")
        assert len(rows) == counts[table], table
        keys = [tuple(row[c] for c in gen.PRIMARY_KEYS[table]) for row in rows]
        assert len(keys) == len(set(keys)), table
    for table in gen.SHARED_TABLES:
        assert (divided / f"{table}.csv").read_bytes() == (whole / f"{table}.csv").read_bytes(), table
    ids = {
        table: {row[key] for row in _csv_rows(divided / f"{table}.csv")}
        for table, key in (
            ("users", "user_id"),
            ("accounts", "account_id"),
            ("leads", "lead_id"),
            ("deals", "deal_id"),
            ("contacts", "contact_id"),
            ("campaigns", "campaign_id"),
        )
    }
    references = (
        ("deals", "account_id", "accounts"),
        ("deals", "owner_id", "users"),
        ("leads", "converted_deal_id", "deals"),
        ("leads", "campaign_id", "campaigns"),
        ("activities", "lead_id", "leads"),
        ("activities", "contact_id", "contacts"),
        ("deal_stage_history", "deal_id", "deals"),
        ("users", "manager_id", "users"),
    )
    for table, column, target in references:
        values = {row[column] for row in _csv_rows(divided / f"{table}.csv")} - {""}
        assert values and values <= ids[target], (table, column)
    owners = {row["owner_id"] for row in _csv_rows(divided / "deals.csv")}  # each division has its reps
    assert len(owners) > len({row["owner_id"] for row in _csv_rows(whole / "deals.csv")})


def test_a_divided_dirty_org_plants_orphans_no_division_holds(tmp_path):
    manifest: dict = {}
    counts = generate(tmp_path, seed=5, scale=0.4, division_scale=0.2, manifest=manifest)
    assert manifest["divisions"] == 2
    for table, n in counts.items():
        assert len(_csv_rows(tmp_path / f"{table}.csv")) == n, table
    users = {row["user_id"] for row in _csv_rows(tmp_path / "users.csv")}
    orphan_owners = {row["owner_id"] for row in _csv_rows(tmp_path / "deals.csv")} - users - {""}
    assert orphan_owners and all(owner.startswith("U-99999999") for owner in orphan_owners), orphan_owners
    assert manifest["dirt"]["deals"]["orphan_fk"]["rows"] >= 4  # planted in each division


def test_the_generator_writes_the_contracts_tables_and_columns():
    """The generator's tables and columns (with its own formatting kinds) are the contract's, in
    the contract's order; its primary keys are read from the contract."""
    contract = load_contract()
    assert list(gen.SCHEMA) == list(contract)
    assert {table: [name for name, _ in columns] for table, columns in gen.SCHEMA.items()} == {
        table: list(spec.columns) for table, spec in contract.items()
    }
