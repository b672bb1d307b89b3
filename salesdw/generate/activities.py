from __future__ import annotations

import math

from .entities import _owner_at
from .packed import _Activities
from .schema import DAY, HOUR
from .util import _rint, _wchoice, _weekday


class ActivitiesMixin:
    # ---- activities ----------------------------------------------------------------
    def build_activities(self):
        rng = self.rng("activities")
        AE = self.AE
        acts = _Activities(self.id_base.get("activities", 0))

        def add(atype, direction, owner, lead, contact, account, deal, created, occurred, status, dur, sent):
            created = min(created, AE)
            if status == "completed" or status == "no_show":
                upd = max(created, occurred) + _rint(rng, 30, 4 * HOUR)
            elif status == "cancelled":
                upd = created + int((max(occurred, created) - created) * rng.random())
            else:
                upd = created + _rint(rng, 0, 600)
            acts.add(atype, direction, owner.id if owner is not None else None, lead, contact, account, deal,
                     created, occurred, status, dur, sent, min(upd, AE))

        def status_for(atype, occurred):
            if occurred > AE:
                return "scheduled"
            r = rng.random()
            if atype in ("meeting", "demo", "onboarding"):
                return "completed" if r < 0.88 else ("cancelled" if r < 0.94 else "no_show")
            if atype == "call":
                return "completed" if r < 0.95 else ("no_show" if r < 0.98 else "cancelled")
            return "completed"

        def duration(atype, status):
            if status in ("cancelled", "scheduled") and atype not in ("meeting", "demo", "onboarding"):
                return None
            if atype == "call":
                return 0.0 if status == "no_show" else float(max(1, min(90, int(rng.lognormvariate(math.log(7), 0.7)))))
            if atype in ("meeting", "onboarding"):
                return float(rng.choice((30, 30, 45, 60, 60, 90)))
            if atype == "demo":
                return float(rng.choice((45, 60, 60, 90)))
            if atype == "event":
                return float(rng.choice((60, 120, 240)))
            if atype == "follow_up":
                return float(_rint(rng, 5, 20)) if rng.random() < 0.5 else None
            return None

        def booked(occurred, floor):
            return max(floor, occurred - _rint(rng, 1, 10) * DAY - _rint(rng, 0, DAY))

        def logged(occurred):
            return occurred + _rint(rng, 0, 1800)

        def sentiment_pick(pos, neu):
            r = rng.random()
            return "positive" if r < pos else ("neutral" if r < pos + neu else "negative")

        # --- leads
        for L in self.leads:
            reg = L.region or "NA"
            acct_id = None
            if L.source == "event" and L.owner is not None and L.campaign is not None:
                t = L.created - _rint(rng, 0, 3 * HOUR)
                add("event", "inbound", self.staffed(rng, L.orig_owner, t, reg), L.id, None, acct_id, None,
                    L.created, t, "completed",
                    duration("event", "completed"), None)
            if not L.contacted:
                continue
            end = min(x for x in (L.conv, L.dq_at, AE) if x is not None)
            if L.source == "outbound" and rng.random() < 0.05:
                t = L.created - _rint(rng, 30 * 60, 48 * HOUR)
                add("call", "outbound", self.staffed(rng, L.orig_owner, t, reg), L.id, None, None, None, logged(t), t,
                    "completed",
                    duration("call", "completed"), None)
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
                st = status_for(atype, t)
                if i == 0:
                    st = "completed"
                add(atype, "outbound", owner, L.id, None, None, None, logged(t), t, st, duration(atype, st), None)
            p_reply = 0.8 if L.conv else (0.5 if L.sql else 0.3)
            if rng.random() < p_reply:
                tr = L.first_touch + int(rng.expovariate(1 / (30.0 * HOUR)))
                if tr <= end:
                    s = sentiment_pick(0.7, 0.25) if (L.conv or L.sql) else sentiment_pick(0.25, 0.35)
                    add("email", "inbound", self.staffed(rng, _owner_at(L, tr), tr, reg), L.id, None, None, None,
                        logged(tr), tr, "completed",
                        None, s if rng.random() < 0.85 else None)
            if (L.conv or L.sql) and rng.random() < 0.6:
                tm = (L.sql or L.first_touch) + _rint(rng, HOUR, 3 * DAY)
                if tm < end or tm > AE:
                    tm = self.biz_ts(rng, tm // DAY, reg) if tm <= AE else tm
                    st = status_for("meeting", tm)
                    add("meeting", "outbound", self.staffed(rng, _owner_at(L, tm), min(tm, AE), reg), L.id,
                        None, None, None,
                        booked(tm, L.first_touch), tm, st, duration("meeting", st), None)

        # --- deals
        def own(d, t, reg):
            return self.staffed(rng, _owner_at(d, t), t, reg)

        base_n = {"smb": 5.0, "mid_market": 9.5, "enterprise": 16.0}
        for d in self.deals:
            a = d.account
            reg = a.region
            start = d.created
            end = d.closed if d.is_closed else AE
            if d.pipeline == "renewals":
                n = _rint(rng, 1, 4)
            else:
                frac = (min(d.k_reached, 4) + 1) / 5.0
                n = int(base_n[d.segment] * frac * (0.7 + 0.7 * rng.random()) * d.orig_owner.activity + 0.5)
                if d.dtype != "new_business":
                    n = max(1, n // 2)
            span = max(end - start, HOUR)
            for _ in range(n):
                t = start + int(rng.random() * span)
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
                        sent = sentiment_pick(0.45, 0.35) if d.is_won or not d.is_closed else sentiment_pick(0.2, 0.35)
                elif atype == "call" and rng.random() < 0.15:
                    direction = "inbound"
                st = status_for(atype, t)
                if atype == "meeting":
                    cr = booked(t, start)
                else:
                    cr = logged(t) if atype != "note" else t + _rint(rng, 0, 2 * HOUR)
                add(atype, direction, own(d, t, reg), None, self.contact_at(rng, a, t), a.id, d.id, cr, t, st,
                    duration(atype, st), sent)
            stage_t = {}
            for s_, t, _ in self.hist.entries(d):
                stage_t.setdefault(s_, t)
            if "demo" in stage_t:
                t = self.biz_ts(rng, stage_t["demo"] // DAY + _rint(rng, 0, 4), reg)
                if t < end or not d.is_closed:
                    st = status_for("demo", t)
                    add("demo", "outbound", own(d, t, reg), None, self.contact_at(rng, a, t), a.id, d.id,
                        booked(t, start), t, st, duration("demo", st), None)
                    if st in ("cancelled", "no_show"):
                        t2 = t + _rint(rng, 2, 7) * DAY
                        if t2 < end or not d.is_closed:
                            st2 = status_for("demo", t2)
                            if st2 != "scheduled":
                                st2 = "completed"
                            add("demo", "outbound", own(d, t2, reg), None, self.contact_at(rng, a, t2), a.id,
                                d.id, booked(t2, t), t2, st2, duration("demo", st2), None)
            if "proposal" in stage_t and rng.random() < 0.92:
                pe = stage_t["proposal"]
                lim = (end - pe) // 2 if d.is_closed else 2 * DAY
                t = pe + int(rng.random() * max(min(2 * DAY, lim), 60))
                if t <= AE:
                    atype = "quote" if d.segment == "smb" else rng.choice(("proposal", "proposal", "quote"))
                    add(atype, "outbound", own(d, t, reg), None, self.contact_at(rng, a, t), a.id, d.id,
                        logged(t), t, "completed", None, None)
                    d.quote_at = t
                    if "negotiation" in stage_t and rng.random() < 0.25:
                        t2 = stage_t["negotiation"] + _rint(rng, HOUR, DAY)
                        if (t2 < end or not d.is_closed) and t2 <= AE:
                            add("quote", "outbound", own(d, t2, reg), None, self.contact_at(rng, a, t2), a.id,
                                d.id, logged(t2), t2, "completed", None, None)
            if not d.is_closed and rng.random() < 0.55:
                t = self.biz_ts(rng, self.as_of_day + _rint(rng, 1, 14), reg)
                atype = rng.choice(("meeting", "call", "demo", "follow_up"))
                cr = self.AE - _rint(rng, HOUR, 10 * DAY)
                add(atype, "outbound", d.owner, None, self.contact_at(rng, a, cr), a.id, d.id, max(cr, start + 60),
                    t, "scheduled", duration(atype, "scheduled"), None)

        # --- accounts (customers and prospects)
        for a in self.accounts:
            reg = a.region
            if a.customer_since is not None:
                t0 = a.customer_since
                csm = self.csm_for[reg]
                for k in range(_rint(rng, 2, 4)):
                    t = self.biz_ts(rng, t0 // DAY + 3 + k * _rint(rng, 5, 12), reg)
                    st = status_for("onboarding", t)
                    if t > AE:
                        if k > 0:
                            break
                    add("onboarding", "outbound", csm, None, self.contact_at(rng, a, t), a.id, None,
                        booked(t, t0), t, st, duration("onboarding", st), None)
                end_day = min(a.churn_days) if a.churn_days else self.as_of_day
                day = t0 // DAY + 75
                while day < end_day:
                    t = self.biz_ts(rng, day, reg)
                    r = rng.random()
                    if r < 0.45:
                        owner = csm if rng.random() < 0.6 else self.acct_rep_at(rng, a, day)
                        st = status_for("meeting", t)
                        add("meeting", "outbound", owner, None, self.contact_at(rng, a, t), a.id, None,
                            booked(t, t0), t, st, duration("meeting", st), None)
                    elif r < 0.65:
                        add("call", "outbound", csm, None, self.contact_at(rng, a, t), a.id, None, logged(t), t,
                            status_for("call", t), duration("call", "completed"), None)
                    elif r < 0.75:
                        add("referral_request", "outbound", self.acct_rep_at(rng, a, day), None,
                            self.contact_at(rng, a, t), a.id, None, logged(t), t, "completed", None, None)
                    elif r < 0.85:
                        add("event", "inbound", csm, None, self.contact_at(rng, a, t), a.id, None, logged(t), t,
                            "completed", duration("event", "completed"), None)
                    elif r < 0.93:
                        add("social", "outbound", self.acct_rep_at(rng, a, day), None,
                            self.contact_at(rng, a, t), a.id, None, logged(t), t, "completed", None, None)
                    else:
                        add("note", "outbound", csm, None, None, a.id, None, t, t, "completed", None, None)
                    day += _rint(rng, 25, 75)
            elif a.pool and not a.deals:
                n = _rint(rng, 1, 5)
                day = max(a.created // DAY, self.start_day) + _rint(rng, 1, 60)
                for _ in range(n):
                    if day > self.as_of_day:
                        break
                    t = self.biz_ts(rng, day, reg)
                    owner = self.active_sdr(rng, reg, day) or self.acct_rep_at(rng, a, day)
                    atype = rng.choice(("call", "email", "email", "social"))
                    st = status_for(atype, t)
                    add(atype, "outbound", owner, None, self.contact_at(rng, a, t), a.id, None, logged(t), t, st,
                        duration(atype, st), None)
                    day += _rint(rng, 3, 40)
        self.act_rows = acts.rows()

