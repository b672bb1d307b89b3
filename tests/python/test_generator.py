"""The generator writes a whole export at any seed and scale without crashing, and no event of
the export lies after its as-of day (issue 14: `generate(seed=7, scale=2)` crashed on a deal
created minutes after the export's end, from a lead converted in its last minutes)."""
from __future__ import annotations

import csv

from salesdw.generate import generate


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
