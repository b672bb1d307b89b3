from __future__ import annotations

import functools
import math

from .entities import User
from .reference import NAME_POOL, NAMES, REGIONS, TEAMS
from .schema import DAY
from .util import _ascii, _mi, _month_end, _rint


class OrgMixin:
    # ---- people -----------------------------------------------------------
    def person(self, rng, region):
        firsts, lasts = NAMES[NAME_POOL.get(region, "en")]
        return rng.choice(firsts), rng.choice(lasts)

    def build_users(self):
        """The org chart (a VP, a manager, reps and an SDR a region, CSMs, two others), the reps' skills,
        two leavers and three mid-period hires, one team move, and every user's updated_at."""
        rng = self.rng("users")
        users: list[User] = []
        mk = functools.partial(self._new_user, rng, users, {})
        self._org_chart(rng, mk)
        self._spread_rep_skills(rng)
        self._turnover(mk)
        # one rep moved team early in the history (old version shows the previous team)
        mover = self.reps_by_region["LATAM"][0]
        mover.old_team = TEAMS["NA"][0]
        s = self.start_day
        for u in users:
            lo = max(u.hired, s - 60)
            last = (
                u.term + _rint(rng, 0, 3)
                if u.term is not None
                else lo + int(rng.random() * (self.as_of_day - lo))
            )
            u.updated = min(self.biz_ts(rng, min(last, self.as_of_day), u.region), self.AE)
        self.users = users
        self.user_by_id = {u.id: u for u in users}
        self.all_reps = [u for u in users if u.role == "rep"]
        self.sellers = [u for u in users if u.role in ("rep", "sdr")]

    def _new_user(self, rng, users: list, emails: dict, role, region, manager, hired, term=None) -> User:
        """A user (added to ``users``): name, unique email (``emails``: counts by name), traits."""
        u = User()
        u.id = f"U-{self.num('users', len(users)):04d}"
        u.first, u.last = self.person(rng, region)
        u.name = f"{u.first} {u.last}"
        base = f"{_ascii(u.first)}.{_ascii(u.last)}"
        k = emails.get(base, 0)
        emails[base] = k + 1
        u.email = f"{base}{k + 1 if k else ''}@pulsecrm.io"
        u.role, u.region, u.team, u.manager = role, region, TEAMS[region][0], manager
        u.hired, u.term = hired, term
        u.skill = min(max(math.exp(rng.gauss(0.0, 0.22)), 0.7), 1.5)
        u.size = min(max(math.exp(rng.gauss(0.0, 0.2)), 0.65), 1.5)
        u.activity = min(max(math.exp(rng.gauss(0.0, 0.22)), 0.6), 1.6)
        u.morale = rng.gauss(0.0, 0.9)
        u.log_rate = 0.5 + 0.4 * rng.random()
        u.old_team = None
        users.append(u)
        return u

    def _org_chart(self, rng, mk) -> None:
        rep_share = {"NA": 7, "EMEA": 6, "APAC": 4, "LATAM": 3}
        reps_per_team = {r: max(2, int(round(rep_share[r] * math.sqrt(self.scale)))) for r in REGIONS}
        s = self.start_day
        vp = mk("manager", "NA", None, s - _rint(rng, 1500, 2200))
        self.reps_by_region = {r: [] for r in REGIONS}
        self.sdrs_by_region = {r: [] for r in REGIONS}
        self.leads_by_region = {}
        for r in REGIONS:
            lead = mk("manager", r, vp, s - _rint(rng, 400, 1800))
            self.leads_by_region[r] = lead
            for _ in range(reps_per_team[r]):
                self.reps_by_region[r].append(mk("rep", r, lead, s - _rint(rng, 60, 2000)))
            self.sdrs_by_region[r].append(mk("sdr", r, lead, s - _rint(rng, 30, 700)))
        csm_na = mk("csm", "NA", vp, s - _rint(rng, 200, 900))
        csm_emea = mk("csm", "EMEA", vp, s - _rint(rng, 200, 900))
        self.csm_for = {"NA": csm_na, "LATAM": csm_na, "EMEA": csm_emea, "APAC": csm_emea}
        mk("other", "NA", vp, s - _rint(rng, 300, 900))  # revenue operations
        mk("other", "EMEA", vp, s - _rint(rng, 100, 600))  # sales enablement

    def _spread_rep_skills(self, rng) -> None:
        """Rep skill: an even spread (win rates roughly 15-40 %), shuffled over the reps."""
        base_reps = [u for r in REGIONS for u in self.reps_by_region[r]]
        n_b = len(base_reps)
        skills = [0.76 + 0.56 * i / max(1, n_b - 1) for i in range(n_b)]
        rng.shuffle(skills)
        for u, sk in zip(base_reps, skills):
            u.skill = sk

    def _turnover(self, mk) -> None:
        """Terminations (a weak NA rep, an unhappy APAC rep) and mid-period hires (their successors, one
        more EMEA rep)."""
        s, span = self.start_day, self.span
        na_leaver = self.reps_by_region["NA"][-1]
        na_leaver.skill = 0.75
        na_leaver.term = _month_end(_mi(s + int(0.22 * span)))
        hire_na = mk("rep", "NA", self.leads_by_region["NA"], self.next_biz_day(na_leaver.term + 10))
        self.reps_by_region["NA"].append(hire_na)
        hire_emea = mk("rep", "EMEA", self.leads_by_region["EMEA"], self.next_biz_day(s + int(0.5 * span)))
        self.reps_by_region["EMEA"].append(hire_emea)
        apac_leaver = self.reps_by_region["APAC"][0]
        apac_leaver.skill = 0.8
        apac_leaver.morale -= 1.5
        apac_leaver.term = _month_end(_mi(s + int(0.78 * span)))
        hire_apac = mk("rep", "APAC", self.leads_by_region["APAC"], self.next_biz_day(apac_leaver.term + 4))
        self.reps_by_region["APAC"].append(hire_apac)

    def active_rep(self, rng, region, day, exclude=None):
        cands = [u for u in self.reps_by_region[region] if u.active(day) and u is not exclude]
        if not cands:
            cands = [u for r in REGIONS for u in self.reps_by_region[r] if u.active(day)]
        w = [1.0 if day - u.hired > 90 else 0.45 for u in cands]
        return rng.choices(cands, w)[0]

    def staffed(self, rng, u, t, region):
        """u if employed at time t, else an active colleague with the same role in the region."""
        day = t // DAY
        if u is None or u.active(day):
            return u
        if u.role == "sdr":
            s = self.active_sdr(rng, region, day)
            if s is not None:
                return s
        return self.active_rep(rng, region, day, exclude=u)

    def active_sdr(self, rng, region, day):
        c = [u for u in self.sdrs_by_region[region] if u.active(day)]
        return rng.choice(c) if c else None

    def skill_at(self, u: User, day: int) -> float:
        return u.skill * (0.7 if day - u.hired < 90 else 1.0)
