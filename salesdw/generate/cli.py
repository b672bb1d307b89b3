from __future__ import annotations

import argparse
import json
import os
import time as _time

from .api import generate
from .schema import LAST_MANIFEST


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m salesdw.generate",
        description="Generate a synthetic CRM export in the raw contract format.",
    )
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--as-of", default="2026-09-15", help="YYYY-MM-DD, last day of the history")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--format", choices=("csv", "parquet"), default="csv")
    ap.add_argument("--clean", action="store_true", help="no injected dirt")
    ap.add_argument("--manifest", help="also write what dirt was injected to this JSON file")
    a = ap.parse_args(argv)
    t0 = _time.perf_counter()
    counts = generate(a.out, seed=a.seed, as_of=a.as_of, scale=a.scale, fmt=a.format, dirty=not a.clean)
    ext = "parquet" if a.format == "parquet" else "csv"
    total = 0
    for name, n in counts.items():
        size = os.path.getsize(os.path.join(a.out, f"{name}.{ext}"))
        total += size
        print(f"{name:<22} {n:>9} rows {size / 1024:>10.1f} KiB")
    print(
        f"{'total':<22} {sum(counts.values()):>9} rows {total / 1024:>10.1f} KiB "
        f"({_time.perf_counter() - t0:.1f}s, seed={a.seed}, as_of={a.as_of}, scale={a.scale}, "
        f"{'clean' if a.clean else 'dirty'})"
    )
    if a.manifest:
        with open(a.manifest, "w", encoding="utf-8") as f:
            json.dump(LAST_MANIFEST, f, indent=1, sort_keys=True)
    return 0
