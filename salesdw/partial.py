"""Partial exports: a complete contract folder cut down to what one real source system exports.

Real exports cover part of the contract: a billing system knows subscriptions, a CRM knows
deals. `partial_export` derives such a folder from a complete one (e.g. the output of
`salesdw.generate.generate`): the tables a shape keeps are copied as they are, the other
required tables are written header-only (the contract asks for the file, not for rows) and the
other optional tables are left out.

    python -m salesdw.partial --raw-dir seeds/crm_sample --out /tmp/billing --shape billing_subscriptions
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from salesdw.contract import load_contract


@dataclass(frozen=True)
class Shape:
    description: str
    keep: frozenset[str]  # tables copied with their rows
    header_only: frozenset[str] = frozenset()  # optional tables written header-only, not absent


SHAPES: dict[str, Shape] = {
    "billing_subscriptions": Shape(
        "a billing export: subscriptions with their products and exchange rates; every required "
        "CRM table header-only, every other optional table absent",
        keep=frozenset({"subscription_periods", "fx_rates", "products"}),
    ),
    "crm_deals_only": Shape(
        "a CRM export with deals but no leads, no activities and no subscriptions: leads.csv and "
        "activities.csv header-only, subscription_periods absent, everything else kept",
        keep=frozenset(
            name for name in load_contract() if name not in {"leads", "activities", "subscription_periods"}
        ),
    ),
}


def partial_export(raw_dir: str | Path, out_dir: str | Path, shape: str) -> dict[str, int | None]:
    """Write the `shape` cut of the contract folder raw_dir into out_dir.

    Returns table -> data rows written (0 for a header-only file, None for an absent table).
    """
    spec = SHAPES[shape]
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, int | None] = {}
    for table in load_contract().values():
        source = _source_file(raw_dir, table.name)
        if table.name in spec.keep and source is not None:
            shutil.copyfile(source, out_dir / source.name)
            written[table.name] = _data_rows(source)
        elif table.required or table.name in spec.header_only:
            _write_header(out_dir / f"{table.name}.csv", table.columns)
            written[table.name] = 0
        else:
            written[table.name] = None
    return written


def _source_file(raw_dir: Path, table: str) -> Path | None:
    for suffix in (".csv", ".parquet"):
        path = raw_dir / f"{table}{suffix}"
        if path.is_file():
            return path
    return None


def _data_rows(path: Path) -> int:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.read_metadata(path).num_rows
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return max(sum(1 for _ in csv.reader(handle)) - 1, 0)


def _write_header(path: Path, columns: tuple[str, ...]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerow(columns)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m salesdw.partial", description=__doc__)
    parser.add_argument("--raw-dir", required=True, help="a complete contract folder")
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--shape", required=True, choices=sorted(SHAPES))
    args = parser.parse_args(argv)
    for table, rows in partial_export(args.raw_dir, args.out, args.shape).items():
        print(f"{table:<22} {'absent' if rows is None else f'{rows:>9} rows'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
