"""Activities: the touches of leads (first touch, follow-ups, replies, meetings), of deals (calls,
emails, demos, quotes, next steps) and of accounts (onboarding and success touches of customers,
research of pool prospects)."""

from __future__ import annotations

import math

from .entities import _owner_at
from .packed import _Activities
from .schema import DAY, HOUR
from .util import _rint, _wchoice, _weekday

_MEETINGS = ("meeting", "demo", "onboarding")
_DEAL_SIZE = {"smb": 5.0, "mid_market": 9.5, "enterprise": 16.0}  # activities of a deal that reaches the end


class _ActivityLog:
    """The activities being drawn (one random stream) and the draws every kind of activity shares:
    status, duration, booking and logging times, reply sentiment."""

    def __init__(self, rng, AE: int, acts: _Activities):
        self.rng = rng
        self.AE = AE
        self.acts = acts

    def add(
        self, atype, direction, owner, lead, contact, account, deal, created, occurred, status, dur, sent
    ):
        rng, AE = self.rng, self.AE
        created = min(created, AE)
        if status == "completed" or status == "no_show":
            upd = max(created, occurred) + _rint(rng, 30, 4 * HOUR)
        elif status == "cancelled":
            upd = created + int((max(occurred, created) - created) * rng.random())
        else:
            upd = created + _rint(rng, 0, 600)
        self.acts.add(
            atype,
            direction,
            owner.id if owner is not None else None,
            lead,
            contact,
            account,
            deal,
            created,
            occurred,
            status,
            dur,
            sent,
            min(upd, AE),
        )

    def status_for(self, atype, occurred):
        if occurred > self.AE:
            return "scheduled"
        r = self.rng.random()
        if atype in _MEETINGS:
            return "completed" if r < 0.88 else ("cancelled" if r < 0.94 else "no_show")
        if atype == "call":
            return "completed" if r < 0.95 else ("no_show" if r < 0.98 else "cancelled")
        return "completed"

    def duration(self, atype, status):
        rng = self.rng
        if status in ("cancelled", "scheduled") and atype not in _MEETINGS:
            return None
        if atype == "call":
            return (
                0.0
                if status == "no_show"
                else float(max(1, min(90, int(rng.lognormvariate(math.log(7), 0.7)))))
            )
        if atype in ("meeting", "onboarding"):
            return float(rng.choice((30, 30, 45, 60, 60, 90)))
        if atype == "demo":
            return float(rng.choice((45, 60, 60, 90)))
        if atype == "event":
            return float(rng.choice((60, 120, 240)))
        if atype == "follow_up":
            return float(_rint(rng, 5, 20)) if rng.random() < 0.5 else None
        return None

    def booked(self, occurred, floor):
        return max(floor, occurred - _rint(self.rng, 1, 10) * DAY - _rint(self.rng, 0, DAY))

    def logged(self, occurred):
        return occurred + _rint(self.rng, 0, 1800)

    def sentiment_pick(self, pos, neu):
        r = self.rng.random()
        return "positive" if r < pos else ("neutral" if r < pos + neu else "negative")


class ActivitiesMixin:
    # ---- activities ----------------------------------------------------------------
    def build_activities(self):
        log = _ActivityLog(self.rng("activities"), self.AE, _Activities(self.id_base.get("activities", 0)))
        for L in self.leads:
            self._lead_activities(log, L)
        for d in self.deals:
            self._deal_activities(log, d)
        for a in self.accounts:
            if a.customer_since is not None:
                self._customer_activities(log, a)
            elif a.pool and not a.deals:
                self._prospect_activities(log, a)
        self.act_rows = log.acts.rows()

    # ---- leads ------------------------------------------------------------------------
    def _lead_activities(self, log: _ActivityLog, L):
        rng, AE = log.rng, log.AE
        reg = L.region or "NA"
        if L.source == "event" and L.owner is not None and L.campaign is not None:
            t = L.created - _rint(rng, 0, 3 * HOUR)
            log.add(
                "event",
                "inbound",
                self.staffed(rng, L.orig_owner, t, reg),
                L.id,
                None,
                None,
                None,
                L.created,
                t,
                "completed",
                log.duration("event", "completed"),
                None,
            )
        if not L.contacted:
            return
        end = min(x for x in (L.conv, L.dq_at, AE) if x is not None)
        if L.source == "outbound" and rng.random() < 0.05:
            t = L.created - _rint(rng, 30 * 60, 48 * HOUR)
            log.add(
                "call",
                "outbound",
                self.staffed(rng, L.orig_owner, t, reg),
                L.id,
                None,
                None,
                None,
                log.logged(t),
                t,
                "completed",
                log.duration("call", "completed"),
                None,
            )
        self._lead_touches(log, L, reg, end)
        self._lead_reply(log, L, reg, end)
        if (L.conv or L.sql) and rng.random() < 0.6:
            self._lead_meeting(log, L, reg, end)

    def _lead_touches(self, log: _ActivityLog, L, reg, end):
        """The first touch and up to seven follow-ups, about two days apart, until the lead's end."""
        rng = log.rng
        t = L.first_touch
        n = 1
        while rng.random() < 0.66 and n < 8:
            n += 1
        for i in range(n):
            if i > 0:
                t += int(rng.lognormvariate(math.log(2 * DAY), 0.6))
                if t > end:
                    break
            owner = self.staffed(rng, _owner_at(L, t), t, reg)
            atype = _wchoice(rng, ("call", "email", "social"), (0.45, 0.45, 0.10))
            st = log.status_for(atype, t)
            if i == 0:
                st = "completed"
            log.add(
                atype,
                "outbound",
                owner,
                L.id,
                None,
                None,
                None,
                log.logged(t),
                t,
                st,
                log.duration(atype, st),
                None,
            )

    def _lead_reply(self, log: _ActivityLog, L, reg, end):
        rng = log.rng
        p_reply = 0.8 if L.conv else (0.5 if L.sql else 0.3)
        if rng.random() >= p_reply:
            return
        tr = L.first_touch + int(rng.expovariate(1 / (30.0 * HOUR)))
        if tr > end:
            return
        s = log.sentiment_pick(0.7, 0.25) if (L.conv or L.sql) else log.sentiment_pick(0.25, 0.35)
        log.add(
            "email",
            "inbound",
            self.staffed(rng, _owner_at(L, tr), tr, reg),
            L.id,
            None,
            None,
            None,
            log.logged(tr),
            tr,
            "completed",
            None,
            s if rng.random() < 0.85 else None,
        )

    def _lead_meeting(self, log: _ActivityLog, L, reg, end):
        rng, AE = log.rng, log.AE
        tm = (L.sql or L.first_touch) + _rint(rng, HOUR, 3 * DAY)
        if not (tm < end or tm > AE):
            return
        tm = self.biz_ts(rng, tm // DAY, reg) if tm <= AE else tm
        st = log.status_for("meeting", tm)
        log.add(
            "meeting",
            "outbound",
            self.staffed(rng, _owner_at(L, tm), min(tm, AE), reg),
            L.id,
            None,
            None,
            None,
            log.booked(tm, L.first_touch),
            tm,
            st,
            log.duration("meeting", st),
            None,
        )

    # ---- deals ------------------------------------------------------------------------
    def _deal_owner(self, log: _ActivityLog, d, t, reg):
        return self.staffed(log.rng, _owner_at(d, t), t, reg)

    def _deal_activities(self, log: _ActivityLog, d):
        rng = log.rng
        reg = d.account.region
        start = d.created
        end = d.closed if d.is_closed else log.AE
        n = self._deal_activity_count(rng, d)
        span = max(end - start, HOUR)
        for _ in range(n):
            self._deal_touch(log, d, reg, start, end, start + int(rng.random() * span))
        stage_t = {}
        for s_, t, _ in self.hist.entries(d):
            stage_t.setdefault(s_, t)
        if "demo" in stage_t:
            self._deal_demos(log, d, reg, start, end, stage_t["demo"])
        if "proposal" in stage_t and rng.random() < 0.92:
            self._deal_quotes(log, d, reg, end, stage_t)
        if not d.is_closed and rng.random() < 0.55:
            self._deal_next_step(log, d, reg, start)

    @staticmethod
    def _deal_activity_count(rng, d) -> int:
        if d.pipeline == "renewals":
            return _rint(rng, 1, 4)
        frac = (min(d.k_reached, 4) + 1) / 5.0
        n = int(_DEAL_SIZE[d.segment] * frac * (0.7 + 0.7 * rng.random()) * d.orig_owner.activity + 0.5)
        if d.dtype != "new_business":
            n = max(1, n // 2)
        return n

    def _deal_touch(self, log: _ActivityLog, d, reg, start, end, t):
        """One call, email, meeting, follow-up or note of a deal, at about ``t``."""
        rng, a = log.rng, d.account
        if _weekday(t // DAY) < 5 and rng.random() < 0.8:
            t2 = self.biz_ts(rng, t // DAY, reg)
            if start < t2 < end:
                t = t2
        atype = _wchoice(rng, ("call", "email", "meeting", "follow_up", "note"), (0.33, 0.33, 0.14, 0.1, 0.1))
        direction = "outbound"
        sent = None
        if atype == "email" and rng.random() < 0.3:
            direction = "inbound"
            if rng.random() < 0.4:
                sent = (
                    log.sentiment_pick(0.45, 0.35)
                    if d.is_won or not d.is_closed
                    else log.sentiment_pick(0.2, 0.35)
                )
        elif atype == "call" and rng.random() < 0.15:
            direction = "inbound"
        st = log.status_for(atype, t)
        if atype == "meeting":
            cr = log.booked(t, start)
        else:
            cr = log.logged(t) if atype != "note" else t + _rint(rng, 0, 2 * HOUR)
        log.add(
            atype,
            direction,
            self._deal_owner(log, d, t, reg),
            None,
            self.contact_at(rng, a, t),
            a.id,
            d.id,
            cr,
            t,
            st,
            log.duration(atype, st),
            sent,
        )

    def _deal_demos(self, log: _ActivityLog, d, reg, start, end, demo_entered):
        """The demo of a deal that reached the demo stage, and a second one if it was missed."""
        rng, a = log.rng, d.account
        t = self.biz_ts(rng, demo_entered // DAY + _rint(rng, 0, 4), reg)
        if not (t < end or not d.is_closed):
            return
        st = log.status_for("demo", t)
        log.add(
            "demo",
            "outbound",
            self._deal_owner(log, d, t, reg),
            None,
            self.contact_at(rng, a, t),
            a.id,
            d.id,
            log.booked(t, start),
            t,
            st,
            log.duration("demo", st),
            None,
        )
        if st not in ("cancelled", "no_show"):
            return
        t2 = t + _rint(rng, 2, 7) * DAY
        if t2 < end or not d.is_closed:
            st2 = log.status_for("demo", t2)
            if st2 != "scheduled":
                st2 = "completed"
            log.add(
                "demo",
                "outbound",
                self._deal_owner(log, d, t2, reg),
                None,
                self.contact_at(rng, a, t2),
                a.id,
                d.id,
                log.booked(t2, t),
                t2,
                st2,
                log.duration("demo", st2),
                None,
            )

    def _deal_quotes(self, log: _ActivityLog, d, reg, end, stage_t):
        """The proposal or quote sent after the proposal stage (its time is the deal's quote_at), and a
        revised quote in negotiation."""
        rng, AE, a = log.rng, log.AE, d.account
        pe = stage_t["proposal"]
        lim = (end - pe) // 2 if d.is_closed else 2 * DAY
        t = pe + int(rng.random() * max(min(2 * DAY, lim), 60))
        if t > AE:
            return
        atype = "quote" if d.segment == "smb" else rng.choice(("proposal", "proposal", "quote"))
        log.add(
            atype,
            "outbound",
            self._deal_owner(log, d, t, reg),
            None,
            self.contact_at(rng, a, t),
            a.id,
            d.id,
            log.logged(t),
            t,
            "completed",
            None,
            None,
        )
        d.quote_at = t
        if "negotiation" in stage_t and rng.random() < 0.25:
            t2 = stage_t["negotiation"] + _rint(rng, HOUR, DAY)
            if (t2 < end or not d.is_closed) and t2 <= AE:
                log.add(
                    "quote",
                    "outbound",
                    self._deal_owner(log, d, t2, reg),
                    None,
                    self.contact_at(rng, a, t2),
                    a.id,
                    d.id,
                    log.logged(t2),
                    t2,
                    "completed",
                    None,
                    None,
                )

    def _deal_next_step(self, log: _ActivityLog, d, reg, start):
        """A scheduled next step of an open deal, in the two weeks after the export."""
        rng, a = log.rng, d.account
        t = self.biz_ts(rng, self.as_of_day + _rint(rng, 1, 14), reg)
        atype = rng.choice(("meeting", "call", "demo", "follow_up"))
        cr = self.AE - _rint(rng, HOUR, 10 * DAY)
        log.add(
            atype,
            "outbound",
            d.owner,
            None,
            self.contact_at(rng, a, cr),
            a.id,
            d.id,
            max(cr, start + 60),
            t,
            "scheduled",
            log.duration(atype, "scheduled"),
            None,
        )

    # ---- accounts ---------------------------------------------------------------------
    def _customer_activities(self, log: _ActivityLog, a):
        """Onboarding sessions, then a success touch every 25 to 75 days until the account churns."""
        rng = log.rng
        t0 = a.customer_since
        csm = self.csm_for[a.region]
        self._onboarding(log, a, csm)
        end_day = min(a.churn_days) if a.churn_days else self.as_of_day
        day = t0 // DAY + 75
        while day < end_day:
            self._customer_touch(log, a, csm, day)
            day += _rint(rng, 25, 75)

    def _onboarding(self, log: _ActivityLog, a, csm):
        rng, reg, t0 = log.rng, a.region, a.customer_since
        for k in range(_rint(rng, 2, 4)):
            t = self.biz_ts(rng, t0 // DAY + 3 + k * _rint(rng, 5, 12), reg)
            st = log.status_for("onboarding", t)
            if t > log.AE:
                if k > 0:
                    break
            log.add(
                "onboarding",
                "outbound",
                csm,
                None,
                self.contact_at(rng, a, t),
                a.id,
                None,
                log.booked(t, t0),
                t,
                st,
                log.duration("onboarding", st),
                None,
            )

    def _customer_touch(self, log: _ActivityLog, a, csm, day):
        """One touch of a customer on ``day``: a meeting, call, referral request, event, social
        touch or note."""
        rng, reg = log.rng, a.region
        t = self.biz_ts(rng, day, reg)
        r = rng.random()
        if r < 0.45:
            owner = csm if rng.random() < 0.6 else self.acct_rep_at(rng, a, day)
            st = log.status_for("meeting", t)
            log.add(
                "meeting",
                "outbound",
                owner,
                None,
                self.contact_at(rng, a, t),
                a.id,
                None,
                log.booked(t, a.customer_since),
                t,
                st,
                log.duration("meeting", st),
                None,
            )
        elif r < 0.65:
            log.add(
                "call",
                "outbound",
                csm,
                None,
                self.contact_at(rng, a, t),
                a.id,
                None,
                log.logged(t),
                t,
                log.status_for("call", t),
                log.duration("call", "completed"),
                None,
            )
        elif r < 0.75:
            log.add(
                "referral_request",
                "outbound",
                self.acct_rep_at(rng, a, day),
                None,
                self.contact_at(rng, a, t),
                a.id,
                None,
                log.logged(t),
                t,
                "completed",
                None,
                None,
            )
        elif r < 0.85:
            log.add(
                "event",
                "inbound",
                csm,
                None,
                self.contact_at(rng, a, t),
                a.id,
                None,
                log.logged(t),
                t,
                "completed",
                log.duration("event", "completed"),
                None,
            )
        elif r < 0.93:
            log.add(
                "social",
                "outbound",
                self.acct_rep_at(rng, a, day),
                None,
                self.contact_at(rng, a, t),
                a.id,
                None,
                log.logged(t),
                t,
                "completed",
                None,
                None,
            )
        else:
            log.add("note", "outbound", csm, None, None, a.id, None, t, t, "completed", None, None)

    def _prospect_activities(self, log: _ActivityLog, a):
        """Research touches (calls, emails, social) of a pool prospect that never got a deal."""
        rng, reg = log.rng, a.region
        n = _rint(rng, 1, 5)
        day = max(a.created // DAY, self.start_day) + _rint(rng, 1, 60)
        for _ in range(n):
            if day > self.as_of_day:
                break
            t = self.biz_ts(rng, day, reg)
            owner = self.active_sdr(rng, reg, day) or self.acct_rep_at(rng, a, day)
            atype = rng.choice(("call", "email", "email", "social"))
            st = log.status_for(atype, t)
            log.add(
                atype,
                "outbound",
                owner,
                None,
                self.contact_at(rng, a, t),
                a.id,
                None,
                log.logged(t),
                t,
                st,
                log.duration(atype, st),
                None,
            )
            day += _rint(rng, 3, 40)
