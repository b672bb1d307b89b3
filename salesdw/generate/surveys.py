"""Surveys: customers' NPS (March and September waves) and CSAT (after onboarding and now and then),
and the reps' quarterly pulse surveys."""

from __future__ import annotations

from .schema import DAY
from .util import _month_start, _rint

_COMMENTS = {
    "p": (
        "Great product, the forecasting module saves us hours every week.",
        "Support team is fantastic!",
        "Easy to use, our reps actually log their calls now.",
        "Love the dashboards, would recommend to peers.",
        "Best CRM we have used, period.",
    ),
    "n": (
        "Good overall, but reporting could be more flexible.",
        "Works fine; pricing is a bit high for us.",
        "Onboarding took longer than expected.",
        "Solid, though the mobile app needs work.",
    ),
    "d": (
        "Too many bugs since the last release.",
        "Integration with our ERP keeps failing, very frustrating.",
        "Price increase was not communicated, considering alternatives.",
        'Slow support, "urgent" tickets wait for days.',
    ),
}


def _comment(rng, cls: str, a):
    """A promoter's, passive's or detractor's comment (or none), sometimes with a contact's details."""
    if rng.random() >= 0.4:
        return None
    base = rng.choice(_COMMENTS[cls])
    if rng.random() < 0.12 and a.contacts:
        c = rng.choice(a.contacts)
        base += f" Please call me back: {c[2]} {c[3]}, {c[5] or c[4]}"
    return base


class SurveysMixin:
    def build_surveys(self):
        rng = self.rng("surveys")
        customers = [a for a in self.accounts if a.subs]
        rows = self._nps_rows(rng, customers)
        rows += self._csat_rows(rng, customers)
        rows.sort(key=lambda r: (r[4], r[2]))
        for i, r in enumerate(rows):
            r[0] = f"CS-{self.num('customer_surveys', i):06d}"
        self.csurvey_rows = rows
        rows = self._rep_survey_rows(rng)
        rows.sort(key=lambda r: (r[2], r[1]))
        for i, r in enumerate(rows):
            r[0] = f"RS-{self.num('rep_surveys', i):05d}"
        self.rsurvey_rows = rows

    def _nps_rows(self, rng, customers) -> list:
        """NPS answers of paying customers in the March and September waves."""
        rows = []
        waves = [
            _month_start(mi) + 4 for mi in range(self.start_mi, self.as_of_mi + 1) if (mi % 12) in (2, 8)
        ]
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
                rows.append(
                    [
                        None,
                        "nps",
                        a.id,
                        ct,
                        min(self.any_ts(rng, day, a.region), self.AE),
                        score,
                        _comment(rng, cls, a),
                    ]
                )
        return rows

    def _csat_days(self, rng, a) -> list:
        """Days a customer answers CSAT: after onboarding, and now and then over its first subscription."""
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
        return events

    def _csat_rows(self, rng, customers) -> list:
        rows = []
        for a in customers:
            for day in self._csat_days(rng, a):
                if day > self.as_of_day:
                    continue
                z = a.health * 0.7 + rng.gauss(0.3, 0.9)
                score = 5 if z > 0.4 else 4 if z > -0.5 else 3 if z > -1.2 else 2 if z > -1.8 else 1
                ct = self.contact_at(rng, a, day * DAY)
                cls = "p" if score >= 4 else ("n" if score == 3 else "d")
                rows.append(
                    [
                        None,
                        "csat",
                        a.id,
                        ct,
                        min(self.biz_ts(rng, day, a.region), self.AE),
                        score,
                        _comment(rng, cls, a),
                    ]
                )
        return rows

    def _rep_survey_rows(self, rng) -> list:
        """Rep pulse surveys (quarterly, mid-quarter): a score from the user's morale (low before leaving)."""
        rows = []
        for mi in range(self.start_mi, self.as_of_mi + 1):
            if mi % 3 != 1:
                continue
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
                rows.append([None, u.id, min(self.biz_ts(rng, day, u.region), self.AE), score])
        return rows
