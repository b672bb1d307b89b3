from __future__ import annotations

from .entities import Account, Deal, _new
from .reference import CORE, COUNTRY_CCY, PHONE_CC, REGION_W, REGIONS, SEGMENTS, SOURCES, TITLES
from .schema import DAY, HOUR
from .util import _ascii, _rint


class AccountsMixin:
    # ---- accounts & new-business deals --------------------------------------
    def new_account(self, rng, region, country, segment, created, name=None, domain=None):
        a = _new(Account)
        a.seq = a._k  # == len(self.accounts)
        a.region = region
        a.country = country
        if name is None:
            name, _, domain, industry = self.company(rng, country)
        else:
            industry = None
            for core, ind in CORE:
                if core in name:
                    industry = ind
                    break
            industry = industry or rng.choice(CORE)[1]
        a.name, a.domain, a.industry = name, domain, industry
        a.segment = segment
        a.created = created
        a.owner = self.active_rep(
            rng, region, created // DAY if created >= self.start_day * DAY else self.start_day
        )
        a.owner_since = None
        a.deleted = False
        a.currency = COUNTRY_CCY.get(country, "USD") if region == "EMEA" else "USD"
        a.busy_until = -1
        a.attempts = 0
        a.customer_since = None
        a.health = rng.gauss(0.0, 1.0)
        a.deals = []
        a.pool = False
        a.subs = []
        a.churn_days = []
        a.lead = None
        a.contacts = []
        self.accounts.append(a)
        self.prospects[region].append(a)
        return a

    def acct_rep_at(self, rng, a, day):
        """Account owner if employed on day, else an active rep of the region (no reassignment)."""
        return a.owner if a.owner.active(day) else self.active_rep(rng, a.region, day)

    def account_owner_at(self, rng, a, day):
        if not a.owner.active(day):
            a.owner = self.active_rep(rng, a.region, day)
            a.owner_since = day
        return a.owner

    def seg_for(self, rng, outbound):
        w = (0.45, 0.35, 0.20) if outbound else (0.62, 0.28, 0.10)
        return rng.choices(SEGMENTS, w)[0]

    def build_accounts_and_deals(self):
        """The prospect pool, then the new-business deals in time order (converted leads and rep-sourced
        outbound opportunities), each on an existing prospect or a new account, simulated to the export."""
        rng = self.rng("deals")
        self.accounts: list[Account] = []
        self.deals: list[Deal] = []
        self.prospects = {r: [] for r in REGIONS}
        self._names = getattr(self, "_names", {})
        self._prospect_pool(rng)
        for t, kind, _, x in self._new_business_events(rng):
            if kind == 0:
                self._new_business(rng, t, x, x.region or rng.choices(REGIONS, REGION_W)[0])
            else:
                self._new_business(rng, t, None, x)
        # the company domains of leads were only needed for the accounts made from them
        for L in self.leads:
            L.domain = None

    def _prospect_pool(self, rng):
        """Prospect accounts imported before the history, or created by SDR research."""
        n_pool = max(3, int(round(40 * self.scale)))
        for _ in range(n_pool):
            region = rng.choices(REGIONS, REGION_W)[0]
            country = self.country_for(rng, region)
            if rng.random() < 0.4:
                created = (self.start_day - _rint(rng, 30, 900)) * DAY + _rint(rng, 0, DAY - 1)
            else:
                created = self.biz_ts(rng, self.sample_day(rng, self.cum_biz), region)
            a = self.new_account(rng, region, country, self.seg_for(rng, True), created)
            a.pool = True

    def _new_business_events(self, rng) -> list:
        """(time, kind, order, lead or region) of every new-business deal, in time order: kind 0 a
        converted lead, kind 1 an outbound opportunity in a region."""
        evs = []
        for L in self.leads:
            if L.conv is not None:
                evs.append((L.conv, 0, L.seq, L))
        n_out = max(5, int(round(700 * self.scale)))
        for j in range(n_out):
            day = self.sample_day(rng, self.cum_biz)
            region = rng.choices(REGIONS, REGION_W)[0]
            evs.append((self.biz_ts(rng, day, region), 1, j, region))
        evs.sort(key=lambda e: (e[0], e[1], e[2]))
        return evs

    def _new_business(self, rng, t, L, region):
        """The new-business deal at time t, from lead L (or outbound if None) in the region."""
        AE = self.AE
        a = self._open_prospect(rng, region, t) if rng.random() < (0.50 if L is not None else 0.90) else None
        if a is None:
            a = (
                self._lead_account(rng, region, t, L)
                if L is not None
                else self._outbound_account(rng, region, t)
            )
        elif L is not None:
            L.company, L.domain = a.name, a.domain
            if not L.email.endswith("@gmail.com"):
                L.email = f"{_ascii(L.first)}.{_ascii(L.last)}@{a.domain}"
            if L.region is not None:
                L.country = a.country
        owner = self.account_owner_at(rng, a, t // DAY)
        # a lead converted in the export's last minutes still gives a deal by the export
        created = min(t + (_rint(rng, 10, 1800) if L is not None else 0), AE)
        d = self.make_deal(rng, a, "new_business", created, owner, lead=L)
        if L is not None:
            L.account, L.deal = a, d
            sf = SOURCES[L.source][4]
            if L.owner is not None and L.owner.role == "sdr":
                d.creator = L.owner
        else:
            sf = 0.85
        won = self.simulate(rng, d, self.win_p(d, sf), allow_zombie=True)
        a.attempts += 1
        a.busy_until = d.closed if d.closed is not None else AE + 365 * DAY
        if won and d.is_closed:
            a.customer_since = d.closed

    def _open_prospect(self, rng, region, t):
        """A prospect of the region free for a new deal at t (up to 25 tries), or None."""
        pool = self.prospects[region]
        for _ in range(25):
            if not pool:
                break
            c = pool[int(rng.random() * len(pool))]
            if (
                c.customer_since is None
                and c.created <= t - HOUR
                and c.busy_until < t - 30 * DAY
                and c.attempts < 4
            ):
                return c
        return None

    def _lead_account(self, rng, region, t, L):
        """A new account made from a converted lead's company."""
        country = L.country or self.country_for(rng, region)
        seg = self.seg_for(rng, L.source in ("event", "partner", "outbound"))
        a = self.new_account(rng, region, country, seg, t - _rint(rng, 5, 120), L.company, L.domain)
        a.lead = L
        return a

    def _outbound_account(self, rng, region, t):
        """A new account for an outbound opportunity (imported long ago, researched lately, or just now)."""
        country = self.country_for(rng, region)
        r = rng.random()
        if r < 0.25:
            created = (self.start_day - _rint(rng, 30, 900)) * DAY + _rint(rng, 0, DAY - 1)
        elif r < 0.8:
            created = t - _rint(rng, DAY, 60 * DAY)
        else:
            created = t - _rint(rng, 600, 3 * DAY)
        return self.new_account(rng, region, country, self.seg_for(rng, True), created)

    # ---- contacts --------------------------------------------------------------
    def build_contacts(self):
        rng = self.rng("contacts")
        AE = self.AE
        rows = []
        for a in self.accounts:
            n = {"smb": _rint(rng, 1, 3), "mid_market": _rint(rng, 2, 4), "enterprise": _rint(rng, 3, 7)}[
                a.segment
            ]
            cs = []
            for j in range(n):
                if j == 0 and a.lead is not None:
                    first, last, email = a.lead.first, a.lead.last, a.lead.email
                    created = a.lead.conv if a.lead.conv else a.created + 60
                else:
                    first, last = self.person(rng, a.region)
                    email = f"{_ascii(first)}.{_ascii(last)}@{a.domain}"
                    if rng.random() < 0.1:
                        email = f"{_ascii(first)[0]}{_ascii(last)}@{a.domain}"
                    created = (
                        a.created + _rint(rng, 30, 900)
                        if j == 0
                        else a.created + int(rng.random() * min(120 * DAY, max(AE - a.created, 0)))
                    )
                created = min(created, AE)
                cc = PHONE_CC.get(a.country, "1")
                if a.country in ("US", "CA"):
                    if rng.random() < 0.25:
                        phone = f"({_rint(rng, 201, 989)}) 555-{_rint(rng, 100, 199):04d}"
                    else:
                        phone = f"+1 {_rint(rng, 201, 989)} 555 {_rint(rng, 100, 199):04d}"
                else:
                    phone = f"+{cc} {_rint(rng, 10, 99)} {_rint(rng, 100, 999)} {_rint(rng, 1000, 9999)}"
                if rng.random() < 0.08:
                    phone = None
                title = rng.choice(TITLES)
                upd = min(AE, created + int(rng.random() * 200 * DAY))
                c = [None, a, first, last, email, phone, title, created, False, upd]
                cs.append(c)
                rows.append(c)
            a.contacts = cs
        rows.sort(key=lambda c: (c[7], c[1].seq))
        for i, c in enumerate(rows):
            c[0] = f"C-{self.num('contacts', i):06d}"
        self.contact_rows = rows

    def contact_at(self, rng, a, t):
        cs = [c for c in a.contacts if c[7] <= t]
        if not cs:
            return None
        return cs[0][0] if rng.random() < 0.5 else rng.choice(cs)[0]
