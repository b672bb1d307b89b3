from __future__ import annotations

import csv
import os


def _chunks(rows, size: int):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


PARQUET_ROW_GROUP = 100_000


class _Sink:
    """One table's output file, open for the whole run: each division appends its rows
    (``.csv`` with one header, or ``.parquet`` in row groups); ``rows`` counts them."""

    def __init__(self, out_dir: str, table: str, header, fmt: str):
        self.header, self.fmt, self.rows = list(header), fmt, 0
        if fmt == "parquet":
            import pyarrow as pa  # noqa: PLC0415
            import pyarrow.parquet as pq  # noqa: PLC0415

            self.schema = pa.schema([(h, pa.string()) for h in header])
            self.file = pq.ParquetWriter(os.path.join(out_dir, f"{table}.parquet"), self.schema)
        else:
            self.file = open(os.path.join(out_dir, f"{table}.csv"), "w", encoding="utf-8", newline="")  # noqa: SIM115
            self.csv = csv.writer(self.file, lineterminator="\n")
            self.csv.writerow(self.header)

    def write(self, rows) -> None:
        if self.fmt != "parquet":
            self.csv.writerows(rows)  # counted by the caller (the text rows are a generator)
            return
        import pyarrow as pa  # noqa: PLC0415

        for chunk in _chunks(rows, PARQUET_ROW_GROUP):
            cols = [
                pa.array([(r[i] if r[i] != "" else None) for r in chunk], type=pa.string())
                for i in range(len(self.header))
            ]
            self.file.write_table(pa.Table.from_arrays(cols, schema=self.schema))
            self.rows += len(chunk)

    def close(self) -> None:
        if self.fmt == "parquet" and self.rows == 0:
            self.file.write_table(self.schema.empty_table())
        self.file.close()
