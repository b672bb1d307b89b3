from __future__ import annotations

import functools
import math

from .reference import COMPETITORS, PRODUCTS, REGIONS, TEAM_CCY
from .util import _date, _mi, _month_end, _month_start, _rint, _weekday


class MarketMixin:
    # ---- fx ---------------------------------------------------------------
    def build_fx(self):
        rng = self.rng("fx")
        self.fx_start = self.start_day - 45
        params = {
            "EUR": (1.085, 0.0031, 0.00004),
            "GBP": (1.27, 0.0036, 0.00002),
            "PLN": (0.252, 0.0042, 0.00005),
        }
        self.fx = {}
        rows = []
        for ccy in ("EUR", "GBP", "PLN"):
            mu, sig, trend = params[ccy]
            lx = math.log(mu)
            lm = lx
            arr, last = [], round(mu, 6)
            for d in range(self.fx_start, self.as_of_day + 1):
                lm += trend
                if _weekday(d) < 5:
                    lx += 0.015 * (lm - lx) + rng.gauss(0.0, sig)
                    last = round(math.exp(lx), 6)
                    rows.append([d, ccy, last])
                arr.append(last)
            self.fx[ccy] = arr
        rows.sort(key=lambda r: (r[0], r[1]))
        self.fx_rows = rows

    def rate(self, ccy: str, day: int) -> float:
        if ccy == "USD":
            return 1.0
        arr = self.fx[ccy]
        return arr[min(max(day - self.fx_start, 0), len(arr) - 1)]

    # ---- expenses ------------------------------------------------------------------------
    _ALWAYS_SPEND = (
        ("paid_ads", 6000.0),
        ("organic", 4000.0),
        ("social", 1500.0),
        ("email", 900.0),
        ("referral", 1200.0),
        ("partner", 1500.0),
        (None, 3000.0),
    )

    def build_expenses(self):
        """Campaign spend (events: deposit and invoice; others: monthly by the days run), then each
        month's always-on marketing and every region's sales costs (salaries, tools, travel)."""
        rng = self.rng("expenses")
        rows = []
        add = functools.partial(self._add_expense, rng, rows)
        for c in self.campaigns:
            self._campaign_spend(rng, add, c)
        for mi in range(self.start_mi, self.as_of_mi + 1):
            self._monthly_spend(rng, add, mi)
        rows.sort(key=lambda r: (r[1], r[2], r[3] or "", r[4] or ""))
        for i, r in enumerate(rows):
            r[0] = f"EXP-{self.num('expenses', i):06d}"
        self.expense_rows = rows

    def _add_expense(self, rng, rows, day, cat, ch, camp, amount_usd, ccy="USD"):
        """An expense row (none outside the history), in ``ccy`` at the day's rate."""
        aod = self.as_of_day
        if day > aod or day < self.start_day:
            return
        amt = round(amount_usd / self.rate(ccy, day), 2)
        upd = min(self.biz_ts(rng, min(day + _rint(rng, 1, 10), aod), "NA"), self.AE)
        rows.append([None, day, cat, ch, camp, amt, ccy, upd])

    def _campaign_spend(self, rng, add, c) -> None:
        fx = self.rate(c["ccy"], c["start"])
        bud_usd = c["budget"] * fx
        if c["channel"] == "event":
            dep = c["start"] - _rint(rng, 30, 75)
            if rng.random() < 0.5 and dep >= self.start_day:
                add(dep, "marketing", "event", c["id"], bud_usd * 0.3, c["ccy"])
                add(
                    c["end"],
                    "marketing",
                    "event",
                    c["id"],
                    bud_usd * 0.7 * (0.9 + 0.2 * rng.random()),
                    c["ccy"],
                )
            else:
                add(c["end"], "marketing", "event", c["id"], bud_usd * (0.85 + 0.2 * rng.random()), c["ccy"])
            return
        days = c["end"] - c["start"] + 1
        mi = _mi(c["start"])
        while _month_start(mi) <= c["end"]:
            a0 = max(_month_start(mi), c["start"])
            a1 = min(_month_end(mi), c["end"])
            share = (a1 - a0 + 1) / days
            add(
                a1,
                "marketing",
                c["channel"],
                c["id"],
                bud_usd * share * (0.85 + 0.25 * rng.random()),
                c["ccy"],
            )
            mi += 1

    def _monthly_spend(self, rng, add, mi: int) -> None:
        sc = self.scale
        me = _month_end(mi)
        growth = 1.12 ** ((mi - self.start_mi) / 12.0)
        for ch, base in self._ALWAYS_SPEND:
            if ch == "partner" and mi % 3 != 2:
                continue
            amt = base * sc * growth * (0.8 + 0.4 * rng.random()) * (3 if ch == "partner" else 1)
            day = me if ch != "email" else _month_start(mi)
            add(day, "marketing", ch, None, amt)
        for r in REGIONS:
            active = [
                u
                for u in self.reps_by_region[r] + self.sdrs_by_region[r] + [self.leads_by_region[r]]
                if u.hired <= me and (u.term is None or u.term >= _month_start(mi))
            ]
            ccy = TEAM_CCY[r]
            sal = sum(
                11000.0 if u.role == "manager" else (6500.0 if u.role == "sdr" else 8500.0) for u in active
            )
            add(me, "sales", None, None, sal * (0.97 + 0.06 * rng.random()), ccy)
            add(_month_start(mi) + 2, "sales", None, None, 160.0 * len(active) + 400.0, "USD")
            add(
                me - _rint(rng, 0, 5),
                "sales",
                None,
                None,
                (600 + 2400 * rng.random()) * math.sqrt(sc) * (1.8 if r in ("APAC", "EMEA") else 1.0),
                ccy,
            )

    # ---- market ---------------------------------------------------------------------------
    def build_market(self):
        rng = self.rng("market")
        fam_price = {}
        for p in PRODUCTS:
            fam_price.setdefault(p[2], []).append(p[4])
        comp_fams = {
            "Pipedrift": ("crm", "automation"),
            "HubNest": ("crm", "analytics", "automation"),
            "Closewise": ("crm", "analytics"),
            "Salesforge": ("crm", "analytics"),
            "Zenbook CRM": ("crm",),
        }
        comp_factor = {
            "Pipedrift": 0.85,
            "HubNest": 1.1,
            "Closewise": 0.95,
            "Salesforge": 1.25,
            "Zenbook CRM": 0.7,
        }
        rows = []
        for comp in COMPETITORS:
            for fam in comp_fams[comp]:
                ours = sum(fam_price[fam]) / len(fam_price[fam])
                ccy = "EUR" if comp == "Salesforge" else "USD"
                lp = math.log(ours * comp_factor[comp] * (0.9 + 0.2 * rng.random()))
                for mi in range(self.start_mi, self.as_of_mi + 1):
                    day = _month_start(mi) + _rint(rng, 0, 20)
                    if day > self.as_of_day:
                        continue
                    if rng.random() < 0.06:
                        lp += rng.choice((-0.1, 0.08, 0.12))
                    price = math.exp(lp + rng.gauss(0, 0.015)) / self.rate(ccy, day)
                    rows.append([comp, fam, day, round(price, 2), ccy])
        self.comp_rows = rows
        base = {"NA": 48e6, "EMEA": 36e6, "APAC": 22e6, "LATAM": 11e6}
        rows = []
        y0 = _date(self.start_day).year
        y1 = _date(self.as_of_day).year
        for r in REGIONS:
            for y in range(y0, y1 + 1):
                v = base[r] * self.market_scale * (1.09 ** (y - y0)) * (0.95 + 0.1 * rng.random())
                rows.append([r, y, round(v / 1000.0) * 1000.0])
        self.market_rows = rows
