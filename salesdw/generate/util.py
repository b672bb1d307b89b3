"""Calendar helpers (days = integer days since 1970-01-01, timestamps = int s), text folding and
random draws."""

from __future__ import annotations

import datetime as _dt
import functools
import random
import unicodedata

_EPOCH = _dt.date(1970, 1, 1)

_FOLD = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "'": "",
        " ": "",
        "-": "",
        "&": "",
        ".": "",
        ",": "",
        '"': "",
    }
)


def _ascii(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.translate(_FOLD)).encode("ascii", "ignore").decode()
    return "".join(ch for ch in s.lower() if ch.isalnum())


# --------------------------------------------------------------------------
# Calendar helpers (days = integer days since 1970-01-01, timestamps = int s)
# --------------------------------------------------------------------------
def _day_of(d: _dt.date) -> int:
    return (d - _EPOCH).days


@functools.cache
def _date(day: int) -> _dt.date:
    return _EPOCH + _dt.timedelta(days=day)


@functools.cache
def _dstr(day: int) -> str:
    return _date(day).isoformat()


def _weekday(day: int) -> int:
    return (day + 3) % 7  # Monday = 0


@functools.cache
def _month_start(mi: int) -> int:
    return _day_of(_dt.date(mi // 12, mi % 12 + 1, 1))


def _mi(day: int) -> int:
    d = _date(day)
    return d.year * 12 + d.month - 1


def _month_end(mi: int) -> int:
    return _month_start(mi + 1) - 1


def _wchoice(rng: random.Random, items, weights):
    return rng.choices(items, weights)[0]


def _rint(rng: random.Random, a: int, b: int) -> int:
    return a + int(rng.random() * (b - a + 1))
