from __future__ import annotations

import datetime as _dt
import gc
import os

from .divisions import DIVISION_SCALE, _divisions, _write_division
from .generator import _Gen
from .output import _Sink
from .schema import LAST_MANIFEST, SCHEMA, TABLES


def generate(
    out_dir,
    seed: int = 42,
    as_of="2026-09-15",
    scale: float = 1.0,
    fmt: str = "csv",
    dirty: bool = True,
    manifest: dict | None = None,
    division_scale: float = DIVISION_SCALE,
) -> dict[str, int]:
    """Write every contract table into ``out_dir``; return table -> rows written.

    ``manifest`` (optional dict) is filled with what was injected as dirt, per
    table and kind (also kept in ``LAST_MANIFEST``).  Rows are formatted and
    written one at a time; a table's typed rows are dropped once it is written.
    An org larger than ``division_scale`` is simulated as independent divisions (own
    reps, campaigns, leads, accounts, deals and their events, numbered after the
    previous division's; shared teams, pipelines, products, fx and market data), each
    written and dropped before the next starts: memory is bounded by one division.
    """
    if isinstance(as_of, str):
        as_of = _dt.date.fromisoformat(as_of)
    elif isinstance(as_of, _dt.datetime):
        as_of = as_of.date()
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"fmt must be 'csv' or 'parquet', not {fmt!r}")
    if scale <= 0:
        raise ValueError("scale must be > 0")
    os.makedirs(out_dir, exist_ok=True)
    divisions = _divisions(float(scale), float(division_scale))
    sinks = {name: _Sink(out_dir, name, [c for c, _ in SCHEMA[name]], fmt) for name in TABLES}
    counts = dict.fromkeys(TABLES, 0)
    man: dict = {}
    id_base: dict = {}
    try:
        for k, part in enumerate(divisions):
            _write_division(
                k,
                _Gen(
                    int(seed),
                    as_of,
                    part,
                    dirty,
                    division=k,
                    id_base=id_base,
                    market_scale=scale,
                    divided=len(divisions) > 1,
                ),
                sinks,
                counts,
                man,
                id_base,
            )
            gc.collect()  # the division's entities hold cycles (accounts <-> deals, contacts)
    finally:
        for sink in sinks.values():
            sink.close()
    summary = _summarize(man, counts) if dirty else {}
    LAST_MANIFEST.clear()
    LAST_MANIFEST.update(
        {
            "seed": int(seed),
            "as_of": as_of.isoformat(),
            "scale": scale,
            "dirty": dirty,
            "divisions": len(divisions),
            "counts": counts,
            "dirt": man,
            "summary": summary,
        }
    )
    if manifest is not None:
        manifest.clear()
        manifest.update(LAST_MANIFEST)
    return counts


QUARANTINE_KINDS = (
    "bad_timestamp",
    "bad_amount",
    "negative_amount",
    "invalid_enum",
    "missing_pk",
    "end_before_start",
)


def _summarize(man, counts):
    out = {}
    for name, kinds in man.items():
        q = sum(v["rows"] for k, v in kinds.items() if k in QUARANTINE_KINDS)
        out[name] = {
            "rows_written": counts.get(name, 0),
            "extra_rows": sum(
                v["rows"]
                for k, v in kinds.items()
                if k in QUARANTINE_KINDS + ("old_version", "exact_duplicate", "conflict")
                or (k == "orphan_fk" and name == "deal_stage_history")
            ),
            "bad_rows": q,
            "conflicting_keys": kinds.get("conflict", {"rows": 0})["rows"],
            "expected_quarantined_rows": q + 2 * kinds.get("conflict", {"rows": 0})["rows"],
        }
    return out
