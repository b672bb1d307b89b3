from __future__ import annotations

import math

from .entities import Lead, _new
from .reference import CORE, COUNTRIES, LEGAL, LOCAL_PREFIX, NAMES, PREFIX, REGION_W, REGIONS, SOURCES, TLD
from .schema import DAY, HOUR
from .util import _ascii, _date, _rint

_CAMPAIGN_PLAN = (("paid_ads", 8), ("event", 6), ("email", 6), ("social", 3), ("partner", 1), ("organic", 1))
_CAMPAIGN_DAYS = {
    "paid_ads": (75, 150),
    "event": (0, 2),
    "email": (45, 100),
    "social": (120, 240),
    "partner": (90, 180),
    "organic": (180, 365),
}
_CAMPAIGN_BUDGET = {
    "paid_ads": (15000, 45000),
    "event": (8000, 30000),
    "email": (2000, 6000),
    "social": (4000, 12000),
    "partner": (10000, 25000),
    "organic": (12000, 20000),
}
_EVENTS = (
    "SaaStr Annual",
    "Web Summit",
    "RevOps Summit",
    "Sales Leaders Forum",
    "CRM World Tour",
    "B2B Marketing Expo",
    "Pipeline Conference",
)
_CITIES = {
    "NA": ("San Francisco", "New York", "Toronto"),
    "EMEA": ("London", "Berlin", "Warsaw", "Paris"),
    "APAC": ("Sydney", "Singapore", "Tokyo"),
    "LATAM": ("São Paulo", "Mexico City"),
}
_EMAILS = (
    "Nurture: Trial Users",
    "Newsletter",
    "Product Launch: Analytics",
    "Webinar Invite: Forecasting 101",
    "Re-engagement: Closed-Lost",
    "Customer Stories Digest",
)
_SOCIALS = ("LinkedIn Thought Leadership", "Customer Stories Video Series", "Twitter/X Product Teasers")
_PARTNERS = ("Northbridge Consulting", "Cloudway Partners", "Integrio")


def _campaign_name(rng, ch: str, region, d) -> str:
    """A campaign's name by channel (region and quarter or month of its start day ``d``)."""
    q = f"Q{(d.month - 1) // 3 + 1} {d.year}"
    if ch == "paid_ads":
        kind = rng.choice(("Google Search", "LinkedIn Ads", "Capterra Listing"))
        return f"{kind} - {region or 'Global'} {q}"
    if ch == "event":
        return f"{rng.choice(_EVENTS)} {rng.choice(_CITIES[region])} {d.year}"
    if ch == "email":
        return f"{rng.choice(_EMAILS)} {d.strftime('%b %Y')}"
    if ch == "social":
        return f"{rng.choice(_SOCIALS)} {q}"
    if ch == "partner":
        return f"Partner Co-Marketing, {rng.choice(_PARTNERS)}"
    return 'SEO Content Hub "Sales KPIs"'


class LeadsMixin:
    # ---- campaigns ----------------------------------------------------------
    def build_campaigns(self):
        rng = self.rng("campaigns")
        n = max(6, int(round(25 * math.sqrt(self.scale))))
        counts = [max(1, int(round(n * w / 25.0))) for _, w in _CAMPAIGN_PLAN]
        camps = []
        for (ch, _), k in zip(_CAMPAIGN_PLAN, counts):
            for i in range(k):
                camps.append(self._new_campaign(rng, ch, i, k))
        camps.sort(key=lambda c: (c["start"], c["channel"], c["name"]))
        for i, c in enumerate(camps):
            c["id"] = f"CMP-{self.num('campaigns', i):03d}"
        self.campaigns = camps
        self.camps_by_channel = {}
        for c in camps:
            self.camps_by_channel.setdefault(c["channel"], []).append(c)

    def _new_campaign(self, rng, ch: str, i: int, k: int) -> dict:
        """The i-th of the k campaigns of a channel, spread over the history: dates, region, name, budget."""
        span = self.span
        st = self.start_day + int((i + 0.7 * rng.random()) * span / k) - (20 if ch == "organic" else 0)
        st = min(max(st, self.start_day), self.as_of_day)
        if ch == "event":
            st = self.next_biz_day(st)
        a, b = _CAMPAIGN_DAYS[ch]
        en = min(st + _rint(rng, a, b), self.as_of_day)
        regional = ch == "event" or (ch == "paid_ads" and rng.random() < 0.4)
        region = rng.choices(REGIONS, REGION_W)[0] if regional else None
        name = _campaign_name(rng, ch, region, _date(st))
        ccy = "USD"
        if region == "EMEA":
            ccy = "GBP" if rng.random() < 0.3 else "EUR"
        lo, hi = _CAMPAIGN_BUDGET[ch]
        bud_usd = (lo + rng.random() * (hi - lo)) * math.sqrt(self.scale)
        bud = round(bud_usd / self.rate(ccy, st) / 100.0) * 100.0
        return {
            "id": None,
            "name": name,
            "channel": ch,
            "start": st,
            "end": en,
            "budget": bud,
            "ccy": ccy,
            "region": region,
            "updated": min(self.biz_ts(rng, min(en + _rint(rng, 1, 20), self.as_of_day), "NA"), self.AE),
        }

    def pick_campaign(self, rng, channel, day, region):
        window = 30 if channel in ("event", "email") else 10
        cands = [
            x for x in self.camps_by_channel.get(channel, ()) if x["region"] is None or x["region"] == region
        ]
        c = [x for x in cands if x["start"] <= day <= x["end"] + window]
        if c:
            return rng.choice(c)
        # last touch: the most recent campaign of that channel that ended within 90 days
        c = [x for x in cands if x["start"] <= day <= x["end"] + 90]
        return max(c, key=lambda x: (x["end"], x["id"] or "", x["name"])) if c else None

    # ---- companies -----------------------------------------------------------
    def company(self, rng, country):
        country = country or "US"
        for attempt in range(12):
            r = rng.random()
            core, industry = rng.choice(CORE)
            if r < 0.015:
                pre = rng.choice(PREFIX)
                name = f'The "{pre}" {core} Company'
            elif r < 0.04:
                a, b = rng.sample(NAMES["en"][1], 2)
                pre = a
                name = f"{a}, {b} & Partners"
                industry = "Professional Services"
            else:
                lp = LOCAL_PREFIX.get(country)
                pre = rng.choice(lp) if lp and rng.random() < 0.3 else rng.choice(PREFIX)
                if attempt >= 4:
                    pre = f"{pre} {rng.choice(PREFIX)}"
                name = f"{pre} {core}"
                suf = rng.choice(LEGAL.get(country, ("",)))
                if suf:
                    name += " " + suf
            if name not in self._names:
                break
        n = self._names.get(name, 0)
        self._names[name] = n + 1
        if n:
            name = f"{name} ({n + 1})"
        stem = _ascii(pre + core) + (str(n + 1) if n else "")
        return name, stem, stem + TLD.get(country, ".com"), industry

    def country_for(self, rng, region):
        cs = COUNTRIES[region]
        return rng.choices([c for c, _ in cs], [w for _, w in cs])[0]

    # ---- leads ----------------------------------------------------------------
    def build_leads(self):
        rng = self.rng("leads")
        n = max(20, int(round(3000 * self.scale)))
        src_names = list(SOURCES)
        src_w = [SOURCES[s][0] for s in src_names]
        events = [c for c in self.camps_by_channel.get("event", ()) if c["start"] <= self.as_of_day]
        self.leads = [self._new_lead(rng, src_names, src_w, events) for _ in range(n)]

    _CAMPAIGN_SHARE = {
        "paid_ads": 0.9,
        "event": 0.9,
        "email": 0.9,
        "social": 0.85,
        "partner": 0.5,
        "organic": 0.1,
    }

    def _new_lead(self, rng, src_names, src_w, events):
        """One lead: source, arrival (at an event, or any day), campaign, company and person, funnel
        timestamps, owner and the plan of its first touch."""
        L = _new(Lead)
        L.seq = L._k  # == its position in self.leads
        src = rng.choices(src_names, src_w)[0]
        region = rng.choices(REGIONS, REGION_W)[0]
        day, camp, region = self._lead_arrival(rng, src, region, events)
        if src in ("paid_ads", "organic", "social", "email") and rng.random() < 0.035:
            L.region, L.country = None, None
        else:
            L.region, L.country = region, self.country_for(rng, region)
        L.created = self.any_ts(rng, day, region)
        if camp is None and rng.random() < self._CAMPAIGN_SHARE.get(src, 0.0):
            camp = self.pick_campaign(rng, src, day, L.region)
        L.campaign = camp
        L.source = src
        L.company, _, L.domain, _ = self.company(rng, L.country)
        L.first, L.last = self.person(rng, L.region)
        if rng.random() < 0.06:
            L.email = f"{_ascii(L.first)}.{_ascii(L.last)}{_rint(rng, 1, 99)}@gmail.com"
        else:
            L.email = f"{_ascii(L.first)}.{_ascii(L.last)}@{L.domain}"
        self._lead_funnel(rng, L, src)
        L.owner = L.orig_owner = self._lead_owner(rng, L, src)
        L.reassigned = None
        self._plan_first_touch(rng, L, src)
        L.account = L.deal = None
        if L.conv is None:  # the domain is only read to make an account from a converted lead
            L.domain = None
        L.deleted = False
        return L

    def _lead_arrival(self, rng, src, region, events):
        """(day, event campaign or None, region) of a lead's arrival: most event leads come from an
        event in the days after it (in its region), the others on any day."""
        if src == "event" and events and rng.random() < 0.85:
            c = rng.choice(events)
            day = c["start"] + int(rng.expovariate(1 / 4.0))
            if day <= self.as_of_day:
                return day, c, c["region"] or region
        return self.sample_day(rng, self.cum_lead), None, region

    def _lead_funnel(self, rng, L, src):
        """MQL, SQL and conversion times by the source's rates; none after the export."""
        AE = self.AE
        _, pm, ps, pc, _ = SOURCES[src]
        L.mql = L.sql = L.conv = None
        if rng.random() < pm:
            delay = (
                _rint(rng, 0, 900) if rng.random() < 0.5 else int(rng.lognormvariate(math.log(3 * DAY), 0.9))
            )
            L.mql = L.created + delay
            if rng.random() < ps:
                L.sql = L.mql + int(rng.lognormvariate(math.log(5 * DAY), 0.7))
                if rng.random() < pc:
                    L.conv = L.sql + int(rng.lognormvariate(math.log(3 * DAY), 0.8))
        if L.mql is not None and L.mql > AE:
            L.mql = L.sql = L.conv = None
        if L.sql is not None and L.sql > AE:
            L.sql = L.conv = None
        if L.conv is not None and L.conv > AE:
            L.conv = None

    def _lead_owner(self, rng, L, src):
        """An SDR or rep active in the lead's region when it arrived (a few leads are unassigned)."""
        reg = L.region or "NA"
        cday = L.created // DAY
        if L.conv is None and rng.random() < (0.05 if L.mql is None else 0.02):
            return None
        if src == "outbound" or rng.random() < 0.55:
            return self.active_sdr(rng, reg, cday) or self.active_rep(rng, reg, cday)
        return self.active_rep(rng, reg, cday)

    def _plan_first_touch(self, rng, L, src):
        """Whether and when the owner first contacts the lead (before its conversion, by the export)."""
        L.contacted, L.first_touch = False, None
        owner = L.owner
        if owner is None:
            return
        p = 1.0 if (L.conv is not None or L.sql is not None) else 0.88
        if rng.random() >= p:
            return
        med = 2.5 * HOUR if owner.role == "sdr" else 7 * HOUR
        if src in ("referral", "partner"):
            med *= 0.6
        delay = int(rng.lognormvariate(math.log(med), 1.25)) + 60
        if L.conv is not None and L.created + delay >= L.conv:
            delay = int((L.conv - L.created) * (0.1 + 0.4 * rng.random()))
        if L.created + delay <= self.AE:
            L.contacted, L.first_touch = True, L.created + delay

    def lead_status(self, rng, L):
        AE = self.AE
        age = lambda t: (AE - t) / DAY  # noqa: E731
        L.dq_at = None
        if L.deal is not None:
            L.status = "converted"
            return
        L.conv = None
        if L.sql is not None:
            if age(L.sql) > 45 and rng.random() < 0.65:
                L.status, L.dq_at = "disqualified", L.sql + _rint(rng, 3, 40) * DAY
            else:
                L.status = "sql"
        elif L.mql is not None:
            if age(L.mql) > 60 and rng.random() < 0.6:
                L.status, L.dq_at = "disqualified", L.mql + _rint(rng, 5, 50) * DAY
            else:
                L.status = "mql"
        elif L.contacted:
            if age(L.first_touch) > 30 and rng.random() < 0.7:
                L.status, L.dq_at = "disqualified", L.first_touch + _rint(rng, 5, 30) * DAY
            else:
                L.status = "working"
        else:
            if age(L.created) > 60 and rng.random() < 0.45:
                L.status, L.dq_at = "disqualified", L.created + _rint(rng, 10, 60) * DAY
            else:
                L.status = "new"
        if L.dq_at is not None and L.dq_at > AE:
            L.dq_at = AE - _rint(rng, 0, 3600)
