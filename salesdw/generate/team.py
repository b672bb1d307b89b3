from __future__ import annotations

import datetime as _dt

from .packed import _checked, _Keys, _PackedRows, _TimeDecoder
from .reference import TEAM_CCY, TIME_SHARE
from .schema import DAY
from .util import _date, _day_of, _mi, _month_end, _month_start, _weekday


class TeamMixin:
    def build_time_entries(self):
        rng = self.rng("time")
        rank = {uid: i for i, uid in enumerate(sorted(u.id for u in self.sellers))}
        keys = _Keys()
        for u in self.sellers:
            share = TIME_SHARE[u.role]
            lo = max(u.hired, self.start_day)
            hi = min(u.term if u.term is not None else self.as_of_day, self.as_of_day)
            ukey = rank[u.id] << 20
            for day in range(lo, hi + 1):
                if _weekday(day) >= 5 or rng.random() >= u.log_rate:
                    continue
                total = rng.gauss(450, 45)
                dkey = ((day - self.start_day) << 40) | ukey
                for ci, sh in enumerate(share):
                    m = int(round(total * sh * (0.5 + rng.random()) / 15.0)) * 15
                    if m <= 0:
                        continue
                    keys.add(dkey | (ci << 16) | _checked(m // 15, 16))
        self.time_rows = _PackedRows(
            [keys.sorted()],
            _TimeDecoder(self.start_day, sorted(rank), self.id_base.get("rep_time_entries", 0)),
        )

    # ---- quotas, commissions ---------------------------------------------------------
    def build_quotas(self):
        rng = self.rng("quotas")
        book = {}
        for d in self.deals:
            if d.is_won and d.amount is not None:
                key = (d.owner.id, _mi(d.closed // DAY))
                book[key] = book.get(key, 0.0) + d.amount * self.rate(d.currency, d.closed // DAY)
        rows = []
        bases = {}
        for u in self.all_reps:
            months = [
                mi
                for mi in range(self.start_mi, self.as_of_mi + 1)
                if u.hired <= _month_end(mi) and (u.term is None or u.term >= _month_start(mi))
            ]
            tot = sum(book.get((u.id, mi), 0.0) for mi in months)
            bases[u.id] = (tot / max(1, len(months)), months)
        vals = sorted(b for b, _ in bases.values())
        median = vals[len(vals) // 2] if vals else 30000.0
        for u in self.all_reps:
            base, months = bases[u.id]
            base = max(base, 0.6 * median) * (1.0 + 0.25 * rng.random())
            for mi in months:
                yrs = (mi - self.start_mi) / 12.0
                qf = 1.25 if mi % 3 == 2 else 0.875
                tenure = mi - _mi(u.hired)
                ramp = (
                    (0.25, 0.5, 0.75)[tenure] if 0 <= tenure < 3 and u.hired >= self.start_day - 30 else 1.0
                )
                q_usd = base * 0.85 * (1.12**yrs) * qf * ramp
                ccy = TEAM_CCY[u.region]
                ps = _month_start(mi)
                q = round(q_usd / self.rate(ccy, ps) / 500.0) * 500.0
                rows.append([u.id, ps, max(q, 500.0), ccy])
        rows.sort(key=lambda r: (r[0], r[1]))
        self.quota_rows = rows

    def build_commissions(self):
        rng = self.rng("commissions")
        rows = []
        fy = _day_of(_dt.date(_date(self.start_day).year, 1, 1))
        change = _month_start(self.start_mi + 12)
        for u in self.all_reps:
            eff = max(u.hired, fy)
            base = round(0.07 + 0.05 * rng.random(), 3)
            thr = rng.choice((1.0, 1.0, 1.0, 0.9, 1.1))
            acc = round(base * (1.5 + 0.5 * rng.random()), 3)
            end = (u.term + 1) if u.term is not None else None
            if rng.random() < 0.35 and eff < change and (end is None or end > change):
                rows.append([u.id, eff, change, base, thr, acc])
                base2 = round(base + rng.choice((-0.01, 0.01, 0.015)), 3)
                rows.append([u.id, change, end, base2, 1.0, round(acc + 0.02, 3)])
            else:
                rows.append([u.id, eff, end, base, thr, acc])
        rows.sort(key=lambda r: (r[0], r[1]))
        self.commission_rows = rows
