from __future__ import annotations

import bisect
import datetime as _dt
import math
import random

from .divisions import SHARED_STREAMS
from .entities import Account, Deal, Lead, _reset_cols
from .packed import _Histories
from .reference import SEASON, TZ_CENTER
from .schema import DAY, HOUR
from .util import _date, _day_of, _month_start, _weekday


class _GenBase:
    def __init__(
        self,
        seed: int,
        as_of: _dt.date,
        scale: float,
        dirty: bool,
        division: int = 0,
        id_base: dict | None = None,
        market_scale: float | None = None,
        divided: bool = False,
    ):
        """One org (``division`` 0) or one division of a divided org (see :func:`generate`): a division
        draws from its own random streams (but the shared ones, ``SHARED_STREAMS``), numbers its
        records after ``id_base`` (table -> last number used by the divisions before it) and, when
        ``divided``, plants orphan keys no division can hold."""
        _reset_cols(Account)
        _reset_cols(Lead)
        _reset_cols(Deal)
        self.hist = _Histories()
        self.seed = seed
        self.scale = float(scale)
        self.dirty = dirty
        self.division = division
        self.id_base = dict(id_base or {})
        self.market_scale = self.scale if market_scale is None else float(market_scale)
        self.divided = divided
        self.as_of_day = _day_of(as_of)
        self.AE = (self.as_of_day + 1) * DAY - 1  # end of the as-of day
        mi = as_of.year * 12 + as_of.month - 1 - 24
        self.start_day = _month_start(mi)
        self.start_mi = mi
        self.as_of_mi = as_of.year * 12 + as_of.month - 1
        self.span = self.as_of_day - self.start_day
        self.cum_biz = self._cum(weekend=0.05)
        self.cum_lead = self._cum(weekend=0.30)

    def rng(self, name: str) -> random.Random:
        if self.division and name not in SHARED_STREAMS:
            return random.Random(f"{self.seed}/{self.division}:{name}")
        return random.Random(f"{self.seed}:{name}")

    def num(self, table: str, i: int) -> int:
        """The id number of the i-th (0-based) record of ``table`` in this division."""
        return self.id_base.get(table, 0) + i + 1

    def orphan_key(self, key: str) -> str:
        """A planted orphan key: ``key`` itself, or past every division's numbers in a divided org."""
        if not self.divided:
            return key
        prefix, _, digits = key.partition("-")
        return f"{prefix}-{digits.rjust(10, '9')}"

    # ---- time sampling --------------------------------------------------
    def _cum(self, weekend: float):
        cum, tot = [], 0.0
        for d in range(self.start_day, self.as_of_day + 1):
            dd = _date(d)
            w = math.exp(0.30 * (d - self.start_day) / 365.0) * SEASON[dd.month]
            wd = _weekday(d)
            if wd >= 5:
                w *= weekend
            elif wd in (1, 2, 3):
                w *= 1.08
            if (dd.month == 12 and dd.day >= 23) or (dd.month == 1 and dd.day <= 2):
                w *= 0.3
            tot += w
            cum.append(tot)
        return cum

    def sample_day(self, rng, cum, lo=None, hi=None) -> int:
        i0 = 0 if lo is None else min(max(0, lo - self.start_day), len(cum) - 1)
        i1 = len(cum) - 1 if hi is None else min(max(0, hi - self.start_day), len(cum) - 1)
        if i1 < i0:
            i1 = i0
        base = cum[i0 - 1] if i0 > 0 else 0.0
        x = base + rng.random() * (cum[i1] - base)
        return self.start_day + min(bisect.bisect_left(cum, x, i0, i1 + 1), i1)

    def biz_ts(self, rng, day: int, region) -> int:
        c = TZ_CENTER.get(region, 15.0)
        h = min(max(rng.gauss(c, 2.0), c - 4.5), c + 4.5)
        return day * DAY + int(h * HOUR) % DAY

    def any_ts(self, rng, day: int, region) -> int:
        if rng.random() < 0.7:
            return self.biz_ts(rng, day, region)
        return day * DAY + int(rng.random() * DAY)

    def next_biz_day(self, day: int) -> int:
        wd = _weekday(day)
        return day + (7 - wd if wd >= 5 else 0)
