from __future__ import annotations

import bisect
import functools
import random

from .reference import TS_OFFSETS
from .schema import DAY, SCHEMA
from .util import _dstr

_TOD: list = []


def _tod(sec: int) -> str:
    if not _TOD:
        _TOD.extend(f"{h:02d}:{m:02d}:{x:02d}" for h in range(24) for m in range(60) for x in range(60))
    return _TOD[sec]


def _fmt_ts_z(ts: int) -> str:
    day, s = divmod(ts, DAY)
    return f"{_dstr(day)}T{_tod(s)}Z"


def _fmt_ts_naive(ts: int) -> str:
    day, s = divmod(ts, DAY)
    return f"{_dstr(day)} {_tod(s)}"


def _fmt_ts_off(ts: int, off: float) -> str:
    day, s = divmod(ts + int(off * 3600), DAY)
    sign = "+" if off >= 0 else "-"
    oh, om = divmod(int(abs(off) * 60), 60)
    return f"{_dstr(day)} {_tod(s)}{sign}{oh:02d}:{om:02d}"


def _fmt_num(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if float(v).is_integer():
        return str(int(v))
    return f"{v:.6f}".rstrip("0").rstrip(".")


_BOOL_STYLES = (("true", "false"), ("TRUE", "FALSE"), ("1", "0"))


def _converter(kind: str, style: int, bstyle: int, off: float = 0.0):
    """Value -> cell text for one column kind (None -> '', str passes through)."""
    if kind == "ts":
        f = _fmt_ts_z if style == 0 else (_fmt_ts_naive if style == 1 else (lambda v: _fmt_ts_off(v, off)))
    elif kind == "d":
        f = _dstr
    elif kind == "b":
        t_, f_ = _BOOL_STYLES[bstyle]
        f = lambda v: t_ if v else f_  # noqa: E731
    elif kind == "m":
        f = lambda v: f"{v:.2f}"  # noqa: E731
    elif kind == "r":
        f = lambda v: f"{v:.6f}"  # noqa: E731
    elif kind == "i":
        f = lambda v: str(int(v))  # noqa: E731
    elif kind == "n":
        f = _fmt_num
    else:
        f = str
    return _fast_converter(kind, style, bstyle) or (
        lambda v: "" if v is None else (v if v.__class__ is str else f(v))
    )


def _ts_z_cell(v) -> str:
    if v is None:
        return ""
    if v.__class__ is str:
        return v
    day, s = divmod(v, DAY)
    return f"{_dstr(day)}T{_TOD[s]}Z"


def _fast_converter(kind: str, style: int, bstyle: int):
    """One-call converters for the commonest cells (same text as the general converter), or None."""
    if kind == "ts" and style == 0:
        _tod(0)  # fills _TOD
        return _ts_z_cell
    if kind == "s":
        return lambda v: "" if v is None else (v if v.__class__ is str else str(v))
    if kind == "m":
        return lambda v: "" if v is None else (v if v.__class__ is str else f"{v:.2f}")
    if kind == "b":
        t_, f_ = _BOOL_STYLES[bstyle]
        return lambda v: "" if v is None else (v if v.__class__ is str else (t_ if v else f_))
    return None


def _row_styles(table: str, rng: random.Random):
    """Endless (timestamp style, offset, boolean style) per row, drawn from ``rng``: a deterministic
    minority of rows gets naive or offset timestamps, and TRUE/FALSE or 1/0 booleans."""
    kinds = [k for _, k in SCHEMA[table]]
    has_ts = "ts" in kinds
    has_b = "b" in kinds
    rnd = rng.random
    while True:
        style, off, bstyle = 0, 0.0, 0
        if has_ts:
            x = rnd()
            if x >= 0.86:
                style = 1 if x >= 0.93 else 2
                if style == 2:
                    off = TS_OFFSETS[int(rnd() * len(TS_OFFSETS))]
        if has_b:
            y = rnd()
            bstyle = 0 if y < 0.88 else (1 if y < 0.94 else 2)
        yield style, off, bstyle


@functools.cache
def _converters(table: str, style: int, off: float, bstyle: int) -> tuple:
    """Cell converters of a table's columns for one row style (see :func:`_row_styles`)."""
    return tuple(_converter(k, style, bstyle, off) for _, k in SCHEMA[table])


def _format_rows(table: str, rows, rng: random.Random):
    """Typed rows -> text rows, lazily (one row at a time), styled by :func:`_row_styles`."""
    convs = {}
    for row, st in zip(rows, _row_styles(table, rng)):
        conv = convs.get(st)
        if conv is None:
            conv = convs[st] = _converters(table, *st)
        yield [f(v) for f, v in zip(conv, row)]


def _text_of(table: str, base, by_anchor: dict, rng: random.Random, wanted) -> dict:
    """Text of the merged rows (see :func:`_merged`) at the indices in ``wanted``, as
    :func:`_format_rows` gives them; draws every row's style but reads only the wanted rows."""
    out = {}
    styles = _row_styles(table, rng)
    m = 0

    def visit(get):
        nonlocal m
        st = next(styles)
        if m in wanted:
            out[m] = [f(v) for f, v in zip(_converters(table, *st), get())]
        m += 1

    for i in range(len(base)):
        visit(lambda: base[i])  # noqa: B023 (called at once)
        for row in by_anchor.get(i, ()):
            visit(lambda: row)  # noqa: B023
    for anc in sorted(a for a in by_anchor if a >= len(base)):
        for row in by_anchor[anc]:
            visit(lambda: row)  # noqa: B023
    return out


def _merged(base, by_anchor: dict):
    """Real rows with the extra rows of dirt after their anchor row (anchors past the end last)."""
    for i, row in enumerate(base):
        yield row
        yield from by_anchor.get(i, ())
    for anc in sorted(a for a in by_anchor if a >= len(base)):
        yield from by_anchor[anc]


def _with_copies(rows, copies: dict):
    for i, row in enumerate(rows):
        yield row
        yield from copies.get(i, ())


def _post_entries(base_len: int, extras, post_dups) -> list:
    """Duplicates and conflicts to add after formatting, indexed in the merged (real + extra) rows."""
    if not extras:
        return list(post_dups)
    anchors = sorted(anc for anc, _ in extras)
    post_idx = {i: (k, c, v) for i, k, c, v in post_dups}
    return [(i + bisect.bisect_left(anchors, i), k, c, v) for i, (k, c, v) in post_idx.items()]


def _dup_text(row, kind: str, ci, v, kinds) -> list:
    cp = list(row)
    if kind == "conflict":
        cp[ci] = f"{v:.2f}" if kinds[ci][1] == "m" else ("" if v is None else str(v))
    return cp


def _table_text(g, table: str, base, extras=(), post_dups=()):
    """Text rows of one table, streamed, and how many: real rows, extra dirt rows after their anchors,
    and the duplicates/conflicts of dirt as copies of the text of a real row at a random position."""
    by_anchor: dict[int, list] = {}
    for anc, row in extras:
        by_anchor.setdefault(anc, []).append(row)
    n = len(base) + len(extras)
    post = _post_entries(len(base), extras, post_dups)
    text = _format_rows(table, _merged(base, by_anchor) if by_anchor else base, g.rng(f"fmt:{table}"))
    if not post:
        return text, n
    rng = g.rng(f"post:{table}")
    adds: dict[int, list] = {}
    for i, kind, ci, v in post:
        pos = i if kind == "conflict" else int(rng.random() * n)
        adds.setdefault(pos, []).append((i, kind, ci, v))
    src = _text_of(table, base, by_anchor, g.rng(f"fmt:{table}"), {e[0] for e in post})
    copies = {
        pos: [_dup_text(src[i], kind, ci, v, SCHEMA[table]) for i, kind, ci, v in es]
        for pos, es in adds.items()
    }
    return _with_copies(text, copies), n + len(post)
