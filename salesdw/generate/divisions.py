from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .dirt import _Dirt
from .formatting import _table_text
from .schema import TABLES

if TYPE_CHECKING:
    from .generator import _Gen

# Above this scale the org is simulated as independent divisions of at most this scale each, one
# after another, so that memory stays that of one division (about 1.1 GB at scale 200).
DIVISION_SCALE = 200.0
# Tables every division shares: written from division 0 (its fx and market streams are the org's).
SHARED_TABLES = ("teams", "pipeline_stages", "products", "fx_rates", "competitor_prices", "market_size")
SHARED_STREAMS = ("fx", "market")


def _divisions(scale: float, division_scale: float) -> list[float]:
    """The scales of the divisions an org of ``scale`` is simulated as (one, if it fits in one)."""
    n = max(1, math.ceil(scale / division_scale - 1e-9))
    return [scale / n] * n


def _merge_manifest(total: dict, man: dict, tables) -> None:
    for table, kinds in man.items():
        if table not in tables:
            continue
        for kind, e in kinds.items():
            t = total.setdefault(table, {}).setdefault(kind, {"rows": 0, "keys": []})
            t["rows"] += e["rows"]
            t["keys"].extend(e["keys"])


def _write_division(k: int, g: _Gen, sinks: dict, counts: dict, man: dict, id_base: dict) -> None:
    """Simulate division ``k`` and append its tables (division 0 only: the shared ones); add its
    rows to ``counts``, its dirt to ``man`` and its last id numbers to ``id_base``. Nothing of the
    division outlives the call (its memory is free for the next)."""
    typed = g.run()
    extras: dict = {}
    post_dups: dict = {}
    nxt: dict = {}
    if g.dirty:
        d = _Dirt(g, typed)
        _merge_manifest(man, d.run(), TABLES if k == 0 else set(TABLES) - set(SHARED_TABLES))
        extras, post_dups, nxt = d.extra, d.post_dups, d.next_ids
        del d
    for name in TABLES:
        base, extra, dups = typed.pop(name), extras.pop(name, ()), post_dups.pop(name, ())
        id_base[name] = max(id_base.get(name, 0) + len(base), nxt.get(name, 0))
        if k and name in SHARED_TABLES:
            continue
        rows, n = _table_text(g, name, base, extra, dups)
        sink = sinks[name]
        before = sink.rows
        sink.write(rows)
        if sink.fmt == "parquet" and sink.rows - before != n:
            raise AssertionError(f"{name}: {sink.rows - before} rows written, {n} expected")
        counts[name] += n
        del base, extra, dups, rows
