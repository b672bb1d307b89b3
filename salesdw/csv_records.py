"""The records of a CSV file, counted by an RFC 4180 parse of its own (independent of DuckDB's
reader), streamed in chunks so that a file of any size needs little memory.

A record ends at a line ending outside quotes; a quoted field (`"..."`, with `""` for a quote)
may hold commas and line endings, so one record can span several physical lines. As DuckDB
reads them: a quote opens a field only at its start (after optional spaces), elsewhere it is a
character; after a closing quote only spaces may come before the comma; blank lines are not
records. `scan_csv` returns how many records the file holds and every record that is not a
valid row (a field count other than the header's, text after a closing quote, a quoted field
never closed), with where it starts, so that the loader can check
`rows landed + rows rejected = records in the file` and keep each reject's raw text.

Runaway quotes. A quoted field may legitimately span lines (a note with line breaks). A record
that spans several lines *and* is not a valid row is a runaway: a quote opened on its first line
swallowed the lines after it (to the end of the file, or to some later stray quote). The loader
refuses such a file, naming the line the quote opens on. An unclosed quote on the last line
swallows nothing and is an ordinary rejected record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

QUOTE = 0x22
SPACE = 0x20
BOM = b"\xef\xbb\xbf"
# A record longer than this is rejected by the loader (it is DuckDB's default maximum line size).
MAX_RECORD_BYTES = 2_000_000
# A reject keeps its raw text up to this many bytes, with its full length and sha256.
RAW_TEXT_BYTES = 65_536
CHUNK_BYTES = 1 << 22
LINE_ENDINGS = {b"\n": "LF", b"\r\n": "CRLF", b"\r": "CR"}


@dataclass(frozen=True, slots=True)
class Record:
    """One record of the file that is not a valid row (or that was asked for)."""

    unit: int  # DuckDB's line number of it: 1 + the records and blank lines before it
    line: int  # the physical line it starts on (the header is line 1)
    end_line: int  # the physical line it ends on
    offset: int  # byte offset of its first byte
    length: int  # bytes, without the line ending after it
    fields: int
    expected: int  # fields of the header
    filled: int  # fields up to the last one that is not empty (DuckDB drops empty extra ones)
    malformed: bool = False  # text after a closing quote
    unclosed: bool = False  # a quoted field still open at the end of the file
    swallows: bool = False  # spans lines with text after its first one

    @property
    def problem(self) -> str:
        """Why this is not a valid row (empty when it is one)."""
        if self.unclosed:
            return "a quoted field is never closed"
        reasons = []
        if self.malformed:
            reasons.append("text after a closing quote")
        if self.fields < self.expected or self.filled > self.expected:
            reasons.append(f"{self.fields} fields where the header has {self.expected}")
        return "; ".join(reasons)

    @property
    def over_long(self) -> bool:
        return self.length > MAX_RECORD_BYTES

    @property
    def runaway(self) -> bool:
        """A quoted field opened on its first line swallowed the lines after it."""
        return self.swallows and bool(self.problem)

    def reason(self) -> str:
        """The reject reason the loader records."""
        reasons = [self.problem] if self.problem else []
        if self.over_long:
            reasons.insert(
                0, f"record of {self.length:,} bytes is longer than the {MAX_RECORD_BYTES:,}-byte maximum"
            )
        return "; ".join(reasons)

    def runaway_message(self, name: str) -> str:
        if self.unclosed:
            return (
                f"{name} line {self.line}: a quoted field opens here and is never closed (it "
                f"swallows the rest of the file, {self.end_line - self.line:,} more lines); "
                f"fix the quoting and re-export"
            )
        return (
            f"{name} line {self.line}: a quoted field opens here and closes only on line "
            f"{self.end_line}, so lines {self.line}-{self.end_line} read as one record with "
            f"{self.problem}; a quote is unbalanced: fix the quoting and re-export"
        )


@dataclass
class CsvScan:
    path: Path
    line_ending: str = "LF"
    header_fields: int = 0
    records: int = 0  # data records (the header and blank lines are not records)
    lines: int = 0
    bad: list[Record] = field(default_factory=list)  # in file order
    captured: dict[int, Record] = field(default_factory=dict)  # by unit, when asked for
    mixed_line: int | None = None  # first line ending other than the header's
    header_end_line: int = 1  # the header spans lines up to this one (a quote left open)

    @property
    def runaways(self) -> list[Record]:
        return [r for r in self.bad if r.runaway]

    @property
    def over_long(self) -> list[Record]:
        return [r for r in self.bad if r.over_long and not r.runaway]

    def problems(self, name: str) -> list[str]:
        """What keeps the file (called `name` in the messages) from being loaded."""
        problems = [r.runaway_message(name) for r in self.runaways[:5]]
        if self.header_end_line > 1:
            problems.insert(
                0,
                f"{name} line 1: a quote in the header runs to line "
                f"{self.header_end_line}; fix the header and re-export",
            )
        if self.mixed_line is not None:
            problems.append(
                f"{name} line {self.mixed_line}: mixed line endings (the header's line ends with "
                f"{self.line_ending}, this one does not, or a stray carriage return or line feed "
                f"stands outside quotes); re-export the file with one kind of line ending"
            )
        return problems


class _Fields:
    """The RFC 4180 state machine inside one record, resumable from one line to the next."""

    __slots__ = (
        "count",
        "filled",
        "last_filled",
        "in_quotes",
        "field_start",
        "lead_spaces",
        "after_close",
        "quote_pending",
        "malformed",
        "stray",
    )

    def __init__(self) -> None:
        self.count = 1
        self.last_filled = 0  # the last field that is not empty (DuckDB drops empty extra ones)
        self.filled = self.in_quotes = self.after_close = self.quote_pending = False
        self.lead_spaces = False  # spaces that start a field: before a quote, or its text
        self.malformed = self.stray = False
        self.field_start = True

    def feed(self, data: bytes, line_end: bool, stray: bytes) -> None:
        """Read `data`, a physical line (line_end) or a piece of a very long one."""
        i, n = 0, len(data)
        if self.quote_pending:  # a quote ended the last piece: closing, or half of ""?
            self.quote_pending = False
            if n and data[0] == QUOTE:
                i, self.filled = 1, True
            elif n or line_end:
                self._close()
            else:
                self.quote_pending = True
        while i < n:
            if self.in_quotes:
                i = self._quoted(data, i, n, line_end)
            elif self.after_close:
                i = self._after_close(data, i, n)
            else:
                i = self._unquoted(data, i, n, line_end, stray)
        if line_end and self.lead_spaces:  # a field of spaces only
            self.filled, self.lead_spaces = True, False

    def _quoted(self, data: bytes, i: int, n: int, line_end: bool) -> int:
        k = data.find(b'"', i)
        if k != i:
            self.filled = True
        if k < 0:
            return n
        if k + 1 < n:
            if data[k + 1] == QUOTE:  # an escaped quote
                self.filled = True
                return k + 2
            self._close()
            return k + 1
        if line_end:
            self._close()
        else:
            self.quote_pending = True
        return n

    def _after_close(self, data: bytes, i: int, n: int) -> int:
        k = data.find(b",", i)
        end = n if k < 0 else k
        if data[i:end].strip(b" "):
            self.malformed = True
        if k < 0:
            return n
        self._next_field()
        return k + 1

    def _unquoted(self, data: bytes, i: int, n: int, line_end: bool, stray: bytes) -> int:
        if self.field_start:
            j = i
            while j < n and data[j] == SPACE:
                j += 1
            if j < n and data[j] == QUOTE:
                self.in_quotes, self.field_start, self.lead_spaces = True, False, False
                return j + 1
            if j == n and not line_end:  # spaces up to the end of a piece: a quote may follow
                self.lead_spaces = self.lead_spaces or j > i
                return n
        k = data.find(b",", i)
        end = n if k < 0 else k
        if end > i or self.lead_spaces:
            self.filled = True
        self.lead_spaces = False
        if data.find(stray, i, end) >= 0:
            self.stray = True
        if k < 0:
            self.field_start = False
            return n
        self._next_field()
        return k + 1

    def _close(self) -> None:
        self.in_quotes, self.after_close = False, True

    def _next_field(self) -> None:
        if self.filled:
            self.last_filled = self.count
        self.count += 1
        self.filled, self.field_start, self.after_close = False, True, False

    def filled_fields(self) -> int:
        """How many fields remain when empty ones at the end are dropped."""
        return self.count if self.filled else self.last_filled

    @property
    def open(self) -> bool:
        return self.in_quotes or self.quote_pending


@dataclass
class _Open:
    """A record being read over several lines (or pieces of a very long line)."""

    unit: int
    line: int
    offset: int
    fields: _Fields = field(default_factory=_Fields)
    swallows: bool = False


class _Scanner:
    """Reads a file's physical lines in order and keeps the counts of a CsvScan."""

    def __init__(self, path: Path, newline: bytes, capture: frozenset[int], start: int) -> None:
        self.scan = CsvScan(path, line_ending=LINE_ENDINGS[newline])
        self.split = newline[-1:]  # lines are split on LF (LF, CRLF) or CR
        self.strip_cr = newline == b"\r\n"
        self.stray = b"\r" if self.split == b"\n" else b"\n"
        self.capture = capture
        self.line = self.unit = 0
        self.offset = start
        self.expected: int | None = None  # fields of the header, once read
        self.open: _Open | None = None
        self.in_piece = False  # a very long line is being read in pieces

    def batch(self, data: bytes) -> None:
        """Complete physical lines, `data` without the line ending after the last one. Lines
        that are plainly one valid record each are counted in bulk; the others one by one."""
        lines = data.split(self.split)
        i = 0
        while i < len(lines) and (self.expected is None or self.open or self.in_piece):
            self.physical_line(lines[i], terminated=True)
            i += 1
        if self.capture or (self.expected or 0) < 2:
            special = range(i, len(lines))
        else:
            special = self._special_lines(lines, data, i)
        for j in special:
            if j < i:  # read already, inside a record spanning lines
                continue
            self._bulk(lines, i, j)
            self.physical_line(lines[j], terminated=True)
            i = j + 1
            while i < len(lines) and self.open:
                self.physical_line(lines[i], terminated=True)
                i += 1
        self._bulk(lines, i, len(lines))

    def _bulk(self, lines: list[bytes], start: int, end: int) -> None:
        """Count lines[start:end], each known to be one valid record."""
        if end > start:
            count = end - start
            self.scan.records += count
            self.unit += count
            self.line += count
            self.offset += sum(map(len, lines[start:end])) + count

    def _special_lines(self, lines: list[bytes], data: bytes, start: int) -> list[int]:
        """Indexes (from `start`) of the lines that are not plainly one valid record each: a
        quote, another field count (a blank line too), a stray line ending, an over-long line."""
        every = range(start, len(lines))
        commas = self.expected - 1
        counts = list(map(bytes.count, lines, repeat(b",")))
        special = set() if counts.count(commas) == len(lines) else {j for j in every if counts[j] != commas}
        if b'"' in data:
            special.update(_holding(lines, b'"', every))
        if self.strip_cr:  # every line ends with CR, and holds no other
            ends = list(map(bytes.endswith, lines, repeat(b"\r")))
            if ends.count(True) != len(lines):
                special.update(j for j in every if not ends[j])
            if data.count(b"\r") != ends.count(True):
                special.update(j for j in every if lines[j].count(b"\r") > ends[j])
        elif self.stray in data:
            special.update(_holding(lines, self.stray, every))
        if len(data) > MAX_RECORD_BYTES:
            special.update(j for j in every if len(lines[j]) > MAX_RECORD_BYTES)
        return sorted(special)

    def piece(self, data: bytes) -> None:
        """A piece of a line too long to wait for its end."""
        if not data:
            return
        if not self.in_piece:
            self.in_piece = True
            self.line += 1
            if self.open is None:
                self.unit += 1
                self.open = _Open(self.unit, self.line, self.offset)
            else:
                self.open.swallows = True
        self.open.fields.feed(data, False, self.stray)
        self.offset += len(data)

    def physical_line(self, raw: bytes, terminated: bool) -> None:
        content = raw
        if self.strip_cr and terminated:
            if raw.endswith(b"\r"):
                content = raw[:-1]
            elif self.open is None and self.scan.mixed_line is None:
                self.scan.mixed_line = self.line + 1
        if self.in_piece:
            self.in_piece = False
            self._continue(content, len(raw), terminated, new_line=False)
        elif self.open is not None:
            self.line += 1
            self._continue(content, len(raw), terminated, new_line=True)
        else:
            self.line += 1
            self._start(content, len(raw), terminated)

    def _start(self, content: bytes, raw_length: int, terminated: bool) -> None:
        start = self.offset
        self.offset += raw_length + terminated
        if not content:
            self.unit += 1  # a blank line: no record, but DuckDB counts it
            return
        self.unit += 1
        if (
            self.expected is not None
            and not self.capture
            and len(content) <= MAX_RECORD_BYTES
            and b'"' not in content
            and self.stray not in content
            and content.count(b",") + 1 == self.expected
        ):
            self.scan.records += 1
            return
        record = _Open(self.unit, self.line, start)
        record.fields.feed(content, True, self.stray)
        self._end_of_line(record, start + len(content))

    def _continue(self, content: bytes, raw_length: int, terminated: bool, new_line: bool) -> None:
        record = self.open
        content_end = self.offset + len(content)
        self.offset += raw_length + terminated
        if new_line and content:
            record.swallows = True
        record.fields.feed(content, True, self.stray)
        self._end_of_line(record, content_end)

    def _end_of_line(self, record: _Open, content_end: int) -> None:
        if record.fields.stray and self.scan.mixed_line is None:
            self.scan.mixed_line = self.line
        if record.fields.open:
            self.open = record
            return
        self.open = None
        self._finish(record, content_end - record.offset)

    def _finish(self, open_: _Open, length: int, unclosed: bool = False) -> None:
        state = open_.fields
        if self.expected is None:  # the header
            self.expected = self.scan.header_fields = state.count
            self.scan.header_end_line = self.line
            return
        self.scan.records += 1
        record = Record(
            open_.unit,
            open_.line,
            self.line,
            open_.offset,
            length,
            state.count,
            self.expected,
            state.filled_fields(),
            state.malformed,
            unclosed,
            open_.swallows,
        )
        if record.problem or record.over_long:
            self.scan.bad.append(record)
        if record.unit in self.capture:
            self.scan.captured[record.unit] = record

    def end(self) -> CsvScan:
        record = self.open
        if record is not None:  # a quoted field still open at the end of the file
            self.open = None
            self._finish(record, self.offset - record.offset, unclosed=True)
        self.scan.lines = self.line
        return self.scan


def _holding(lines: list[bytes], mark: bytes, every: range) -> list[int]:
    found = list(map(bytes.__contains__, lines, repeat(mark)))
    return [j for j in every if found[j]]


def _chunks(handle, split: bytes, chunk_bytes: int) -> Iterator[tuple[bytes, bool | None]]:
    """(complete lines, True), (a piece of a very long line, False), finally (the rest, None)."""
    pending = b""
    while chunk := handle.read(chunk_bytes):
        data = pending + chunk
        cut = data.rfind(split)
        if cut < 0:  # keep the last byte back: it may be the CR of a CRLF or half of a ""
            yield data[:-1], False
            pending = data[-1:]
            continue
        yield data[:cut], True
        pending = data[cut + 1 :]
    yield pending, None


def line_ending(head: bytes) -> bytes:
    """The line ending of the header line (LF when the file is one line)."""
    lf, cr = head.find(b"\n"), head.find(b"\r")
    if cr < 0 or 0 <= lf < cr:
        return b"\n"
    return b"\r\n" if head[cr + 1 : cr + 2] == b"\n" else b"\r"


def scan_csv(path: Path, capture: frozenset[int] = frozenset(), chunk_bytes: int = CHUNK_BYTES) -> CsvScan:
    """Count the records of a UTF-8 CSV file (a BOM is skipped), keep every bad record and the
    records whose DuckDB line number (`unit`) is in `capture`."""
    with Path(path).open("rb") as handle:
        head = handle.read(1 << 16)
        start = len(BOM) if head.startswith(BOM) else 0
        scanner = _Scanner(Path(path), line_ending(head[start:]), capture, start)
        handle.seek(start)
        for data, complete in _chunks(handle, scanner.split, chunk_bytes):
            if complete:
                scanner.batch(data)
            elif complete is False:
                scanner.piece(data)
            elif data or scanner.in_piece:
                scanner.physical_line(data, terminated=False)
    return scanner.end()


@dataclass(frozen=True)
class RawText:
    text: str  # the record's text, or its first RAW_TEXT_BYTES bytes
    length: int  # bytes of the whole record
    sha256: str  # of the whole record

    @property
    def truncated(self) -> bool:
        return len(self.text.encode("utf-8")) < self.length

    @classmethod
    def of(cls, text: str) -> RawText:
        """The raw text of a string (cut to RAW_TEXT_BYTES)."""
        data = text.encode("utf-8")
        kept = data[:RAW_TEXT_BYTES].decode("utf-8", errors="ignore")
        return cls(kept, len(data), hashlib.sha256(data).hexdigest())


def read_record(path: Path, record: Record) -> RawText:
    """The raw text of one record (streamed: a record may be far larger than its kept text)."""
    digest = hashlib.sha256()
    head = b""
    with Path(path).open("rb") as handle:
        handle.seek(record.offset)
        left = record.length
        while left > 0:
            block = handle.read(min(left, CHUNK_BYTES))
            if not block:
                break
            digest.update(block)
            if len(head) < RAW_TEXT_BYTES:
                head += block[: RAW_TEXT_BYTES - len(head)]
            left -= len(block)
    text = head.decode("utf-8", errors="ignore" if record.length > RAW_TEXT_BYTES else "replace")
    return RawText(text, record.length, digest.hexdigest())
