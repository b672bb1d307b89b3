from __future__ import annotations

from .entities import Lead, _frozen, _lead_row, _owner_at, _reset_cols
from .schema import DAY, HOUR
from .util import _rint


class RecordsMixin:
    # ---- reassignment after terminations, ids --------------------------------
    def finalize_owners(self):
        rng = self.rng("owners")
        for a in self.accounts:
            if a.owner.term is not None and a.owner.term < self.as_of_day:
                day = a.owner.term + 1
                a.owner = self.active_rep(rng, a.region, day + 5, exclude=a.owner)
                a.owner_since = day + _rint(rng, 0, 5)
        for d in self.deals:
            o = d.orig_owner
            if o.term is not None:
                end_t = (o.term + 1) * DAY
                if d.closed is None or d.closed >= end_t:
                    a = d.account
                    nw = (
                        a.owner
                        if a.owner.active(o.term + 6)
                        else self.active_rep(rng, a.region, o.term + 6, exclude=o)
                    )
                    d.owner = nw
                    d.reassigned = end_t + _rint(rng, 6 * HOUR, 12 * HOUR)
        for L in self.leads:
            o = L.orig_owner
            if o is not None and o.term is not None and L.status not in ("converted", "disqualified"):
                end_t = (o.term + 1) * DAY
                if L.status in ("new", "working", "mql", "sql"):
                    reg = L.region or "NA"
                    day = o.term + 3
                    nw = (self.active_sdr(rng, reg, day) if o.role == "sdr" else None) or self.active_rep(
                        rng, reg, day, exclude=o
                    )
                    L.owner = nw
                    L.reassigned = end_t + _rint(rng, 6 * HOUR, 12 * HOUR)

    def assign_ids(self):
        self.accounts.sort(key=lambda a: (a.created, a.seq))
        for i, a in enumerate(self.accounts):
            a.id = f"A-{self.num('accounts', i):06d}"
        self.leads.sort(key=lambda L: (L.created, L.seq))
        for i, L in enumerate(self.leads):
            L.seq = self.num("leads", i)  # the id's number (see Lead.id)
        self.deals.sort(key=lambda d: (d.created, d.seq))
        for i, d in enumerate(self.deals):
            d.seq = self.num("deals", i)  # the id's number (see Deal.id)
        self.subs.sort(key=lambda s: (s.periods[0][0], s.account.id, s.product))
        for i, s in enumerate(self.subs):
            s.id = f"S-{self.num('subscription_periods', i):06d}"

    def finalize_records(self):
        """updated_at of leads, deals and accounts (a lag after their last event), and who changed each
        deal stage."""
        rng = self.rng("finalize")
        AE = self.AE
        lag = lambda t, hi=2 * DAY: min(AE, t + _rint(rng, 60, hi))  # noqa: E731
        for L in self.leads:
            ts = [
                L.created,
                L.mql or 0,
                L.sql or 0,
                L.conv or 0,
                L.dq_at or 0,
                L.reassigned or 0,
                L.first_touch or 0,
            ]
            L.updated = lag(max(ts))
        for d in self.deals:
            ts = [d.created, self.hist.time(d, d.hn - 1), d.closed or 0, d.reassigned or 0]
            last = max(ts)
            if not d.is_closed:
                last = max(last, last + int((AE - last) * rng.random() ** 2))
            d.updated = lag(last)
            self._stage_changers(rng, d)
        for a in self.accounts:
            ts = [a.created, (a.owner_since or 0) * DAY, a.customer_since or 0]
            a.updated = lag(max(ts), 20 * DAY)

    def _stage_changers(self, rng, d) -> None:
        """changed_by of a deal's stage history: its creator, then workflow automation (none) or its
        owner at the time (the current owner if that one had left)."""
        H = self.hist
        for i in range(d.hn):
            if i == 0:
                H.set_by(d, 0, d.creator.id if d.creator is not None else None)
            elif rng.random() < 0.08:
                H.set_by(d, i, None)  # workflow automation
            else:
                t = H.time(d, i)
                o = _owner_at(d, t)
                H.set_by(d, i, (o if o.active(t // DAY) else d.owner).id)
        if H.by(d, 0) is None:
            H.set_by(d, 0, d.orig_owner.id)

    # ---- entities no longer simulated: their final rows, frozen -----------------------------
    def freeze_leads(self):
        """After the activities nothing reads a lead but its row: keep the rows as bytes, drop the leads."""
        for d in self.deals:
            if d.lead is not None:
                d.lead = d.lead.seq
        for a in self.accounts:
            a.lead = None
        leads = self.leads
        for i, L in enumerate(leads):  # in place: each lead is freed as its row is made
            leads[i] = _frozen(_lead_row(L))
        _reset_cols(Lead)

    def freeze_contacts(self):
        """After the surveys nothing reads a contact but its row: keep the rows as bytes."""
        for a in self.accounts:
            a.contacts = None
        rows = self.contact_rows
        for i, c in enumerate(rows):
            rows[i] = _frozen([c[0], c[1].id, *c[2:]])
