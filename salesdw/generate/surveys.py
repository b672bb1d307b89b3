from __future__ import annotations

from .schema import DAY
from .util import _month_start, _rint


class SurveysMixin:
    def build_surveys(self):
        rng = self.rng("surveys")
        AE = self.AE
        rows = []
        customers = [a for a in self.accounts if a.subs]
        promoter_c = ("Great product, the forecasting module saves us hours every week.",
                      "Support team is fantastic!", "Easy to use, our reps actually log their calls now.",
                      "Love the dashboards, would recommend to peers.", "Best CRM we have used, period.")
        passive_c = ("Good overall, but reporting could be more flexible.",
                     "Works fine; pricing is a bit high for us.", "Onboarding took longer than expected.",
                     "Solid, though the mobile app needs work.")
        detractor_c = ("Too many bugs since the last release.",
                       "Integration with our ERP keeps failing, very frustrating.",
                       "Price increase was not communicated, considering alternatives.",
                       'Slow support, "urgent" tickets wait for days.')

        def comment(cls, a):
            if rng.random() >= 0.4:
                return None
            base = rng.choice({"p": promoter_c, "n": passive_c, "d": detractor_c}[cls])
            if rng.random() < 0.12 and a.contacts:
                c = rng.choice(a.contacts)
                base += f" Please call me back: {c[2]} {c[3]}, {c[5] or c[4]}"
            return base

        waves = []
        mi = self.start_mi
        while mi <= self.as_of_mi:
            if (mi % 12) in (2, 8):  # March and September
                waves.append(_month_start(mi) + 4)
            mi += 1
        for w in waves:
            for a in customers:
                if self.mrr_on(a, w) <= 0 or rng.random() >= 0.38:
                    continue
                day = w + int(rng.expovariate(1 / 4.0))
                if day > self.as_of_day:
                    continue
                z = a.health * 0.8 + rng.gauss(0.0, 0.85)
                if z > -0.05:
                    score, cls = (10 if rng.random() < 0.55 else 9), "p"
                elif z > -0.95:
                    score, cls = (8 if rng.random() < 0.55 else 7), "n"
                else:
                    score, cls = rng.choices((0, 1, 2, 3, 4, 5, 6), (1, 1, 2, 3, 4, 6, 8))[0], "d"
                ct = self.contact_at(rng, a, day * DAY) if rng.random() < 0.85 else None
                rows.append([None, "nps", a.id, ct, min(self.any_ts(rng, day, a.region), AE), score, comment(cls, a)])
        for a in customers:
            day = a.customer_since // DAY + _rint(rng, 20, 45)
            events = []
            if day <= self.as_of_day and rng.random() < 0.6:
                events.append(day)
            for s in a.subs[:1]:
                d0 = s.periods[0][0]
                d1 = s.periods[-1][1] or self.as_of_day
                dd = d0 + _rint(rng, 20, 90)
                while dd < d1:
                    if rng.random() < 0.35:
                        events.append(dd)
                    dd += _rint(rng, 30, 120)
            for day in events:
                if day > self.as_of_day:
                    continue
                z = a.health * 0.7 + rng.gauss(0.3, 0.9)
                score = 5 if z > 0.4 else 4 if z > -0.5 else 3 if z > -1.2 else 2 if z > -1.8 else 1
                ct = self.contact_at(rng, a, day * DAY)
                cls = "p" if score >= 4 else ("n" if score == 3 else "d")
                rows.append([None, "csat", a.id, ct, min(self.biz_ts(rng, day, a.region), AE), score,
                             comment(cls, a)])
        rows.sort(key=lambda r: (r[4], r[2]))
        for i, r in enumerate(rows):
            r[0] = f"CS-{self.num('customer_surveys', i):06d}"
        self.csurvey_rows = rows
        # rep pulse surveys (quarterly, mid-quarter)
        rows = []
        mi = self.start_mi
        while mi <= self.as_of_mi:
            if mi % 3 == 1:
                d0 = _month_start(mi) + 14
                for u in self.users:
                    if u.role not in ("rep", "sdr", "manager", "csm") or not u.active(d0):
                        continue
                    if rng.random() >= 0.8:
                        continue
                    day = d0 + _rint(rng, 0, 9)
                    if day > self.as_of_day or not u.active(day):
                        continue
                    m = u.morale
                    if u.term is not None and u.term - day < 200:
                        m -= 1.5
                    score = int(round(min(10, max(1, 7.0 + m + rng.gauss(0.0, 1.1)))))
                    rows.append([None, u.id, min(self.biz_ts(rng, day, u.region), AE), score])
            mi += 1
        rows.sort(key=lambda r: (r[2], r[1]))
        for i, r in enumerate(rows):
            r[0] = f"RS-{self.num('rep_surveys', i):05d}"
        self.rsurvey_rows = rows

