"""Make "a day of new data" from an export folder: the folder as it was the day before, and the
same folder with that day's events appended at the end of each file (as a daily export that
appends does). The benchmark's incremental day and the incremental tests use it.

    python -m salesdw.day_split --from DIR --day YYYY-MM-DD --before DIR --after DIR

A row belongs to the day when one of its table's event columns (DAY_COLUMNS) starts with the
day; the other rows keep their order. Tables without event columns are copied unchanged.
"""

from __future__ import annotations

import argparse
import csv
import shutil
from pathlib import Path

# The events of a day, per table: the columns whose date says when the row was written.
DAY_COLUMNS = {
    "activities": ("created_at", "updated_at"),
    "leads": ("created_at", "updated_at"),
    "deals": ("updated_at",),
    "deal_stage_history": ("entered_at",),
    "product_active_users": ("activity_date",),
    "rep_time_entries": ("work_date",),
}


def split_day(raw_dir: Path, day: str, before_dir: Path, after_dir: Path) -> dict[str, int]:
    """Write before_dir (without the day's rows) and after_dir (the day's rows appended last);
    return the number of rows of the day per table."""
    before_dir.mkdir(parents=True, exist_ok=True)
    after_dir.mkdir(parents=True, exist_ok=True)
    moved = {}
    for path in sorted(Path(raw_dir).glob("*.csv")):
        if path.stem not in DAY_COLUMNS:
            shutil.copyfile(path, before_dir / path.name)
            shutil.copyfile(path, after_dir / path.name)
            continue
        moved[path.stem] = _split_file(path, DAY_COLUMNS[path.stem], day, before_dir, after_dir)
    return moved


def _split_file(path: Path, columns: tuple[str, ...], day: str, before_dir: Path, after_dir: Path) -> int:
    with path.open(newline="", encoding="utf-8") as source:
        reader = csv.reader(source)
        header = next(reader)
        positions = [header.index(c) for c in columns if c in header]
        day_rows = []
        with (
            (before_dir / path.name).open("w", newline="", encoding="utf-8") as before,
            (after_dir / path.name).open("w", newline="", encoding="utf-8") as after,
        ):
            before_writer, after_writer = csv.writer(before), csv.writer(after)
            before_writer.writerow(header)
            after_writer.writerow(header)
            for row in reader:
                if any(i < len(row) and row[i].strip().startswith(day) for i in positions):
                    day_rows.append(row)
                else:
                    before_writer.writerow(row)
                    after_writer.writerow(row)
            after_writer.writerows(day_rows)
    return len(day_rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m salesdw.day_split", description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="raw_dir", required=True, type=Path)
    parser.add_argument("--day", required=True, help="YYYY-MM-DD")
    parser.add_argument("--before", required=True, type=Path)
    parser.add_argument("--after", required=True, type=Path)
    args = parser.parse_args(argv)
    moved = split_day(args.raw_dir, args.day, args.before, args.after)
    for table, rows in moved.items():
        print(f"{table}: {rows:,} rows of {args.day} appended")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
