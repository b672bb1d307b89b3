from __future__ import annotations

import math

from .entities import _LABELS, Deal, _new, _sole_mix
from .reference import (
    AMOUNT_MEDIAN,
    AMOUNT_SIGMA,
    COMPETITOR_W,
    COMPETITORS,
    CRM_BY_PLAN,
    CYCLE_MEDIAN,
    CYCLE_SIGMA,
    LOST_REASONS,
    LOST_W,
    OPEN_STAGES,
    PROD,
    STAGE_W,
    WIN_BASE,
)
from .schema import DAY, HOUR
from .util import _date, _mi, _month_end, _rint, _wchoice, _weekday


class DealsMixin:
    def deal_mix(self, rng, seg, dtype, base_plan=None, base_product=None):
        if dtype == "renewal":
            return base_plan, base_product, _sole_mix(base_product)
        if dtype == "upsell":
            return base_plan, base_product, _sole_mix(base_product)
        if dtype == "cross_sell":
            fam = rng.choice(("analytics", "automation", "support"))
            plan = base_plan or "pro"
            if fam == "analytics":
                pid = "PRD-005" if plan == "enterprise" else "PRD-004"
            elif fam == "automation":
                pid = "PRD-006" if plan == "starter" else "PRD-007"
            else:
                pid = "PRD-009"
            return PROD[pid][3], pid, _sole_mix(pid)
        plan = _wchoice(
            rng,
            ("starter", "pro", "enterprise"),
            {"smb": (0.75, 0.25, 0.0), "mid_market": (0.10, 0.75, 0.15), "enterprise": (0.0, 0.15, 0.85)}[
                seg
            ],
        )
        main = CRM_BY_PLAN[plan]
        mix = [(main, 0.62 + 0.2 * rng.random())]
        if plan != "starter" and rng.random() < {"smb": 0.2, "mid_market": 0.4, "enterprise": 0.55}[seg]:
            mix.append(("PRD-005" if plan == "enterprise" else "PRD-004", 0.15 + 0.15 * rng.random()))
        if rng.random() < 0.3:
            mix.append(("PRD-006" if plan == "starter" else "PRD-007", 0.1 + 0.12 * rng.random()))
        if rng.random() < {"smb": 0.03, "mid_market": 0.25, "enterprise": 0.6}[seg]:
            mix.append(("PRD-008", 0.06 + 0.08 * rng.random()))
        if rng.random() < {"smb": 0.0, "mid_market": 0.15, "enterprise": 0.5}[seg]:
            mix.append(("PRD-009", 0.05 + 0.06 * rng.random()))
        tot = sum(w for _, w in mix)
        return plan, main, tuple([(p, w / tot) for p, w in mix])

    def make_deal(
        self,
        rng,
        a,
        dtype,
        created,
        owner,
        lead=None,
        amount_usd=None,
        pipeline="default",
        base_plan=None,
        base_product=None,
    ):
        d = _new(Deal)
        d.seq = d._k  # == len(self.deals)
        d.account = a
        d.owner = d.orig_owner = owner
        d.reassigned = None
        d.lead = lead
        d.pipeline = pipeline
        d.dtype = dtype
        d.created = created
        d.segment = a.segment
        d.currency = a.currency
        d.deleted = False
        d.creator = owner
        d.plan, main, d.mix = self.deal_mix(rng, a.segment, dtype, base_plan, base_product)
        if amount_usd is None:
            amount_usd = (
                rng.lognormvariate(math.log(AMOUNT_MEDIAN[a.segment]), AMOUNT_SIGMA[a.segment]) * owner.size
            )
        step = 50.0 if amount_usd < 20000 else (500.0 if amount_usd < 200000 else 1000.0)
        amt = max(step, round(amount_usd / step) * step) / self.rate(d.currency, created // DAY)
        d.amount = round(amt / 10.0) * 10.0 if amt > 1000 else round(amt, 2)
        fam = PROD[main][2]
        cd = _date(created // DAY)
        label = {
            "new_business": f"{PROD[main][1].replace('Pulse ', '')}",
            "upsell": "Seat expansion",
            "cross_sell": f"{fam.title()} add-on",
            "renewal": f"Renewal {cd.year + (1 if cd.month >= 11 else 0)}",
        }[dtype]
        d.label = _LABELS.setdefault(label, label)
        d.competitor = None
        p_comp = {
            "new_business": {"smb": 0.35, "mid_market": 0.5, "enterprise": 0.6}[a.segment],
            "upsell": 0.1,
            "cross_sell": 0.25,
            "renewal": 0.12,
        }[dtype]
        if rng.random() < p_comp:
            d.competitor = rng.choices(COMPETITORS, COMPETITOR_W)[0]
        d.lost_reason = None
        d.quote_at = None
        self.deals.append(d)
        a.deals.append(d)
        return d

    def qe_push(self, rng, day, min_day, seg="smb"):
        dd = _date(day)
        q_end_mi = dd.year * 12 + ((dd.month - 1) // 3) * 3 + 2
        qe = _month_end(q_end_mi)
        prev_qe = _month_end(q_end_mi - 3)
        nd = day
        r = rng.random()
        window = {"smb": 21, "mid_market": 35, "enterprise": 45}[seg]
        p_push = {"smb": 0.5, "mid_market": 0.7, "enterprise": 0.8}[seg]
        if 0 <= qe - day <= window and r < p_push:
            nd = qe - int(rng.random() ** 2 * 5)
        elif day - prev_qe <= 14 and r < 0.4:
            nd = prev_qe - int(rng.random() ** 2 * 4)
        else:
            me = _month_end(_mi(day))
            if me - day <= 6 and r < 0.25:
                nd = me - _rint(rng, 0, 1)
        if nd < min_day:
            nd = day
        wd = _weekday(nd)
        if wd >= 5 and rng.random() < 0.85:
            nd -= wd - 4
            if nd < min_day:
                nd = min_day
        return nd

    def simulate(self, rng, d, p_win, allow_zombie=False, force_close_by=None):
        """Stage path, close date and outcome of a deal; truncated at as_of."""
        AE = self.AE
        created = d.created
        if d.pipeline == "renewals":
            won, closed, path = self._renewal_path(rng, p_win, force_close_by)
            d.k_reached = len(path)
        else:
            won, closed, path = self._sales_path(rng, d, p_win, allow_zombie)
        if closed is not None:
            if closed <= created + HOUR:
                closed = created + int(HOUR * (1 + 47 * rng.random()))
            d.planned_close = closed
        path = self._regressed(rng, d, path)
        times = self._stage_times(rng, d, path, closed)
        if closed is not None and closed <= times[-1]:
            closed = times[-1] + 600 + int(rng.random() * 7200)
        hist = [(s_, t) for s_, t in zip(path, times) if t <= AE]
        if closed is not None and closed <= AE:
            self._close(rng, d, won, closed, hist)
        else:
            self._keep_open(rng, d, hist)
        if not won and d.is_closed and d.stage == "closed_lost" and d.k_reached == 0 and rng.random() < 0.1:
            d.amount = None
        self.hist.put(d, hist)
        return won

    @staticmethod
    def _renewal_path(rng, p_win, force_close_by):
        """(won, closed, stage path) of a renewal: closed when the contract ends."""
        won = rng.random() < p_win
        path = ["renewal_due"]
        if rng.random() < 0.8:
            path.append("renewal_negotiation")
        return won, force_close_by, path

    def _sales_path(self, rng, d, p_win, allow_zombie):
        """(won, closed, stage path) of a sales deal: the stages it reaches (some skipped), its cycle
        length and close time (pushed towards the quarter's end if won); a zombie never closes.
        Sets the deal's k_reached, and lost_reason if lost."""
        seg = d.segment
        created = d.created
        med = CYCLE_MEDIAN[seg] * (0.55 if d.dtype in ("upsell", "cross_sell") else 1.0)
        T = max(rng.lognormvariate(math.log(med), CYCLE_SIGMA[seg]) * DAY, 4 * DAY)
        zombie = allow_zombie and created < self.AE - 200 * DAY and rng.random() < 0.035
        won = (not zombie) and rng.random() < p_win
        k = (
            4
            if won
            else rng.choices(
                (0, 1, 2, 3, 4), (0.30, 0.25, 0.2, 0.15, 0.1) if not zombie else (0.3, 0.3, 0.25, 0.15, 0.0)
            )[0]
        )
        path = self._stages_reached(rng, d, k, won)
        d.k_reached = k
        if not won and not zombie:
            T *= self._lost_cycle_factor(rng, d, k)
        planned = created + int(T)
        cday = planned // DAY
        if won:
            cday = self.qe_push(rng, cday, created // DAY + 2, seg)
        closed = self.biz_ts(rng, cday, d.account.region)
        if zombie:
            closed = None
            d.planned_close = planned
        return won, closed, [OPEN_STAGES[i] for i in path]

    @staticmethod
    def _stages_reached(rng, d, k, won) -> list:
        """Indices of the open stages a deal passes through up to stage k (some skipped)."""
        seg = d.segment
        path = [0]
        for s_ in range(1, k + 1):
            skip = {
                1: 0.07,
                2: 0.2 if seg == "smb" else 0.05,
                3: 0.04,
                4: {"smb": 0.35, "mid_market": 0.12, "enterprise": 0.03}[seg],
            }[s_]
            if d.dtype in ("upsell", "cross_sell") and s_ == 2:
                skip = 0.5
            if (s_ == k and not won) or rng.random() >= skip:
                path.append(s_)
        return path

    @staticmethod
    def _lost_cycle_factor(rng, d, k) -> float:
        """The lost reason of a lost deal (set on it), and how much its cycle is stretched."""
        d.lost_reason = _wchoice(rng, LOST_REASONS, LOST_W)
        if d.competitor and rng.random() < 0.5:
            d.lost_reason = "competitor"
        f = (0.3 + 0.7 * (k + 1) / 5.0) * (0.7 + 0.6 * rng.random())
        if d.lost_reason == "no_decision":
            f = 1.2 + 0.8 * rng.random()
        return f

    @staticmethod
    def _regressed(rng, d, path) -> list:
        """The path, sometimes with a regression (a deal goes back one stage, then forward again)."""
        if d.pipeline == "default" and len(path) >= 3 and rng.random() < 0.06:
            j = _rint(rng, 2, len(path) - 1)
            path = path[: j + 1] + [path[j - 1], path[j]] + path[j + 1 :]
        return path

    def _stage_times(self, rng, d, path, closed) -> list:
        """Entry times of the path's stages, spread over the deal's cycle by stage weight."""
        created = d.created
        region = d.account.region
        end = closed if closed is not None else created + int((d.planned_close - created) * len(path) / 5.0)
        if d.pipeline == "renewals":
            ws = [1.0] + [1.0 + rng.random() for _ in path[1:]]
        else:
            ws = [STAGE_W[OPEN_STAGES.index(s_)] * (0.5 + rng.random()) for s_ in path]
        tot = sum(ws) or 1.0
        times = [created]
        acc = 0.0
        for w in ws[:-1]:
            acc += w
            t = created + int((end - created) * acc / tot)
            tday = t // DAY
            if _weekday(tday) < 5:
                t2 = self.biz_ts(rng, tday, region)
                if times[-1] + 600 < t2 < end - 600:
                    t = t2
            t = max(t, times[-1] + 300 + int(rng.random() * 3000))
            times.append(t)
        return times

    @staticmethod
    def _close(rng, d, won, closed, hist) -> None:
        """A deal closed by the export: its final stage (added to hist), outcome and expected close date."""
        d.is_closed = True
        d.is_won = won
        d.closed = closed
        final = (
            ("renewed" if won else "not_renewed")
            if d.pipeline == "renewals"
            else ("closed_won" if won else "closed_lost")
        )
        hist.append((final, closed))
        d.stage = final
        if d.pipeline == "renewals" and not won:
            d.lost_reason = _wchoice(
                rng,
                ("no_budget", "price", "competitor", "missing_features", "company_acquired"),
                (0.3, 0.25, 0.15, 0.2, 0.1),
            )
            if d.lost_reason == "competitor" and d.competitor is None:
                d.competitor = rng.choices(COMPETITORS, COMPETITOR_W)[0]
        if rng.random() < 0.85:
            d.exp_close = closed // DAY + _rint(rng, -20, 10)
        else:
            d.exp_close = None

    def _keep_open(self, rng, d, hist) -> None:
        """A deal still open at the export: its last stage, expected close date (amount sometimes unknown)."""
        d.is_closed = d.is_won = False
        d.closed = None
        d.lost_reason = None
        d.stage = hist[-1][0]
        base = (d.planned_close // DAY) if d.planned_close else self.as_of_day + 30
        d.exp_close = base + _rint(rng, -10, 20)
        if d.amount is not None and d.stage == "prospecting" and rng.random() < 0.3:
            d.amount = None

    def win_p(self, d, src_factor):
        p = WIN_BASE[d.segment] * src_factor * self.skill_at(d.orig_owner, d.created // DAY)
        if d.competitor:
            p *= 0.8
        return min(max(p, 0.03), 0.85)

    # ---- line items --------------------------------------------------------------
    def build_line_items(self):
        rng = self.rng("lines")
        rows = []
        for d in self.deals:
            if d.amount is None:
                continue
            p = 0.92 if d.is_won else (0.6 if not d.is_closed else 0.25)
            if rng.random() >= p:
                continue
            ev_day = (d.closed // DAY) if d.closed else self.as_of_day
            fx = self.rate(d.currency, ev_day)
            upd = d.quote_at or self.hist.time(d, min(d.hn - 1, 3))
            upd = min(max(upd, d.created + 600), self.AE)
            for pid, w in d.mix:
                net = d.amount * w
                list_ccy = PROD[pid][4] / fx
                disc = (
                    rng.choice((0.0, 0.0, 0.0, 0.05, 0.1, 0.1, 0.15, 0.2, 0.25))
                    if d.dtype != "renewal"
                    else 0.0
                )
                if d.segment == "enterprise" and disc < 0.1 and rng.random() < 0.4:
                    disc = 0.2
                qty = max(1, int(round(net / (list_ccy * (1 - disc)))))
                unit = round(net / (qty * (1 - disc)), 2)
                rows.append([None, d.id, pid, qty, unit, disc, upd])
        for i, r in enumerate(rows):
            r[0] = f"LI-{self.num('deal_line_items', i):06d}"
        self.line_rows = rows
