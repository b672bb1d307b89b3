"""Packed tables: the big tables' rows as numpy columns (one int64 key a row for rep_time_entries and
product_active_users, six columns for activities), decoded into typed rows while written."""

from __future__ import annotations

import array
import bisect
import itertools

from .reference import TIME_CATS


def _checked(v: int, bits: int) -> int:
    if not 0 <= v < (1 << bits):
        raise OverflowError(f"{v} does not fit in {bits} bits")
    return v


class _Keys:
    """Append-only int64 keys (8 bytes a row instead of a Python list a row; uint32 if ``small``)."""

    def __init__(self, small: bool = False):
        self._a = array.array("I" if small else "q")
        self.add = self._a.append

    def sorted(self):
        import numpy as np  # noqa: PLC0415

        dtype = np.uint32 if self._a.typecode == "I" else np.int64
        keys = np.frombuffer(self._a, dtype=dtype) if self._a else np.zeros(0, dtype=dtype)
        keys.sort()  # in place, in the array's own buffer
        return keys


class _PackedRows:
    """Sequence of a table's typed rows decoded on access from equal-length numpy columns (already in
    the table's row order).  A row read by index (by dirt, which may change it in place) is kept, so
    changes persist."""

    CHUNK = 8192

    def __init__(self, columns, decode):
        self.columns = tuple(columns)
        self.decode = decode
        self._held: dict[int, list] = {}

    def __len__(self) -> int:
        return len(self.columns[0])

    def __getitem__(self, i: int) -> list:
        row = self._held.get(i)
        if row is None:
            row = self._held[i] = self.decode(i, *(c[i].item() for c in self.columns))
        return row

    def __iter__(self):
        held, decode = self._held, self.decode
        for start in range(0, len(self), self.CHUNK):
            parts = [c[start : start + self.CHUNK].tolist() for c in self.columns]
            for i, values in enumerate(zip(*parts), start):
                row = held.get(i)
                yield row if row is not None else decode(i, *values)


class _LazyRows:
    """A table's typed rows made from the entities when read, so that they are not all held at once.
    A row read by index (by dirt, which may change it in place) is kept, so changes persist."""

    def __init__(self, n: int, make, iterate):
        self.n = n
        self.make = make
        self.iterate = iterate
        self._held: dict[int, list] = {}

    @classmethod
    def of(cls, items: list, row_of):
        return cls(len(items), lambda i: row_of(items[i]), lambda: map(row_of, items))

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> list:
        row = self._held.get(i)
        if row is None:
            if not 0 <= i < self.n:
                raise IndexError(i)
            row = self._held[i] = self.make(i)
        return row

    def __iter__(self):
        held = self._held
        for i, row in enumerate(self.iterate()):
            kept = held.get(i)
            yield row if kept is None else kept


class _Histories:
    """The stage histories of all deals, packed (16 bytes an entry): entered_at, and the codes of the
    stage and of changed_by (0 = none); a deal's entries are h0 .. h0 + hn - 1, in order."""

    def __init__(self):
        self.t, self.c = array.array("q"), array.array("q")
        self.stages, self.people = _Vocab(8), _Vocab(31)

    def put(self, d, hist):
        """The deal's history: (stage, entered_at) pairs, changed_by none."""
        d.h0, d.hn = len(self.t), len(hist)
        for s_, t in hist:
            self.t.append(t)
            self.c.append(self.stages.code(s_))

    def time(self, d, j: int) -> int:
        return self.t[d.h0 + j]

    def by(self, d, j: int):
        return self.people.words[self.c[d.h0 + j] >> 8]

    def set_by(self, d, j: int, user_id) -> None:
        k = d.h0 + j
        self.c[k] = (self.c[k] & 255) | self.people.code(user_id) << 8

    def entry(self, k: int) -> tuple:
        c = self.c[k]
        return self.stages.words[c & 255], self.t[k], self.people.words[c >> 8]

    def entries(self, d) -> list:
        """(stage, entered_at, changed_by) of the deal's history."""
        return [self.entry(k) for k in range(d.h0, d.h0 + d.hn)]


def _history_rows(deals: list, hist: _Histories) -> _LazyRows:
    """deal_stage_history: the stage entries of every deal, in deal order."""
    starts = list(itertools.accumulate((d.hn for d in deals), initial=0))

    def make(i):
        j = bisect.bisect_right(starts, i) - 1
        d = deals[j]
        return [d.id, *hist.entry(d.h0 + i - starts[j])]

    return _LazyRows(starts[-1], make, lambda: ([d.id, *e] for d in deals for e in hist.entries(d)))


class _Vocab:
    """Small-integer codes of strings (0 = None), below 2**bits."""

    def __init__(self, bits: int):
        self.bits = bits
        self.words: list = [None]
        self.codes: dict = {None: 0}

    def code(self, word) -> int:
        c = self.codes.get(word)
        if c is None:
            c = self.codes[word] = _checked(len(self.words), self.bits)
            self.words.append(word)
        return c


def _ref(entity_id) -> int:
    """'L-000123' -> 123 (None -> 0); ids are a prefix and the 1-based position, zero-padded to 6."""
    return 0 if entity_id is None else _checked(int(entity_id[2:]), 31)


class _Activities:
    """Activities as columns (40 bytes a row): created << 32 | occurred (the sort key),
    (updated_at - created_at) << 16 | duration code (0 = none, else whole minutes + 1),
    the codes of type, direction, status, sentiment and owner, and the lead/contact and account/deal
    numbers.  ``rows()`` sorts them as the table is ordered (created_at, occurred_at, stable) and
    numbers them ACT-0000001..."""

    def __init__(self, base: int = 0):
        self.base = base  # the number before the first activity's (see _Gen.num)
        self.when, self.upd, self.codes = array.array("q"), array.array("q"), array.array("q")
        self.people, self.deals = array.array("q"), array.array("q")
        self.words, self.owners = _Vocab(8), _Vocab(31)

    def add(
        self,
        atype,
        direction,
        owner_id,
        lead,
        contact,
        account,
        deal,
        created,
        occurred,
        status,
        dur,
        sent,
        upd,
    ):
        w = self.words.code
        self.when.append((_checked(created, 31) << 32) | _checked(occurred, 32))
        if dur is None:
            dcode = 0
        elif dur == int(dur):
            dcode = _checked(int(dur) + 1, 16)
        else:
            raise ValueError(f"duration {dur!r} is not whole minutes")
        self.upd.append(_checked(upd - created, 40) << 16 | dcode)
        self.codes.append(
            w(atype) | w(direction) << 8 | w(status) << 16 | w(sent) << 24 | self.owners.code(owner_id) << 32
        )
        self.people.append(_ref(lead) << 32 | _ref(contact))
        self.deals.append(_ref(account) << 32 | _ref(deal))

    def rows(self) -> _PackedRows:
        import numpy as np  # noqa: PLC0415

        order = np.argsort(np.frombuffer(self.when, dtype=np.int64), kind="stable")
        cols = []
        for name, dtype in (
            ("when", np.int64),
            ("upd", np.int64),
            ("codes", np.int64),
            ("people", np.int64),
            ("deals", np.int64),
        ):
            cols.append(
                np.frombuffer(getattr(self, name), dtype=dtype)[order]
                if len(order)
                else np.zeros(0, dtype=dtype)
            )
            setattr(self, name, None)
        return _PackedRows(cols, self.decode)

    def decode(self, i, when, upd, codes, people, deals) -> list:
        w = self.words.words
        lead, contact, account, deal = people >> 32, people & 0xFFFFFFFF, deals >> 32, deals & 0xFFFFFFFF
        dcode = upd & 0xFFFF
        return [
            f"ACT-{self.base + i + 1:07d}",
            w[codes & 255],
            w[(codes >> 8) & 255],
            self.owners.words[codes >> 32],
            f"L-{lead:06d}" if lead else None,
            f"C-{contact:06d}" if contact else None,
            f"A-{account:06d}" if account else None,
            f"D-{deal:06d}" if deal else None,
            when >> 32,
            when & 0xFFFFFFFF,
            w[(codes >> 16) & 255],
            float(dcode - 1) if dcode else None,
            w[(codes >> 24) & 255],
            False,
            (when >> 32) + (upd >> 16),
        ]


class _TimeDecoder:
    """rep_time_entries key: day offset << 40 | user rank << 20 | category << 16 | minutes / 15."""

    def __init__(self, start_day: int, user_ids: list, base: int = 0):
        self.base = base
        self.start_day = start_day
        self.user_ids = user_ids

    def __call__(self, i: int, k: int) -> list:
        return [
            f"TE-{self.base + i + 1:07d}",
            self.user_ids[(k >> 20) & 0xFFFFF],
            self.start_day + (k >> 40),
            TIME_CATS[(k >> 16) & 0xF],
            float((k & 0xFFFF) * 15),
        ]


class _UsageDecoder:
    """product_active_users key (uint32): day offset (< 120) << 25 | index of the app user (in account id,
    app user id order)."""

    def __init__(self, lo: int, accts: list, uids: list):
        self.lo = lo
        self.accts = accts
        self.uids = uids

    def __call__(self, i: int, k: int) -> list:
        g = k & 0x1FFFFFF
        return [self.lo + (k >> 25), self.accts[g], f"usr_{self.uids[g]:08x}"]
