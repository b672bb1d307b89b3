from __future__ import annotations

import array
import math

from .entities import Sub
from .packed import _checked, _Keys, _PackedRows, _UsageDecoder
from .reference import CHURN_MONTHLY, P_CROSS, P_UPSELL, P_YEARLY, PROD
from .schema import DAY
from .util import _rint, _weekday


class _Customer:
    """The state of one customer life being simulated (see :meth:`SubscriptionsMixin.run_customer`)."""

    __slots__ = ("account", "main", "interval", "health", "anniv", "active_subs", "churn_day")

    def __init__(self, account, main, interval: str, anniv: int):
        self.account = account
        self.main = main  # the subscription of the won deal's main product
        self.interval = interval
        self.health = account.health
        self.anniv = anniv  # the next anniversary (yearly plans)
        self.active_subs = [main]
        self.churn_day = None


class SubscriptionsMixin:
    # ---- customer lifecycle -------------------------------------------------
    def new_sub(self, a, product, plan, interval, ccy):
        s = Sub()
        s.id = None
        s.account, s.product, s.plan, s.currency, s.interval = a, product, plan, ccy, interval
        s.periods = []
        a.subs.append(s)
        self.subs.append(s)
        return s

    @staticmethod
    def change_mrr(s, day, mrr):
        p = s.periods[-1]
        if p[1] is not None:
            return
        if day <= p[0]:
            day = p[0] + 1
        p[1] = day
        s.periods.append([day, None, round(mrr, 2)])

    def run_customer(self, rng, a, deal, depth=0):
        """A customer's life from its won deal: month by month, churn (monthly plans), renewals (yearly
        plans), downgrades, upsells and cross-sells; after a churn, sometimes a win-back."""
        aod = self.as_of_day
        start = min(deal.closed // DAY + _rint(rng, 0, 5), aod)
        interval = "year" if rng.random() < P_YEARLY[a.segment] else "month"
        services = sum(w for p, w in deal.mix if p == "PRD-008")
        mrr = round(deal.amount * (1.0 - services) / 12.0, 2)
        main = self.new_sub(a, deal.mix[0][0], deal.plan, interval, deal.currency)
        main.periods.append([start, None, mrr])
        c = _Customer(a, main, interval, start + 365)
        cur = start
        while cur + 30 <= aod:
            nxt = cur + 30
            if interval == "month" and self._churns(rng, c, nxt):
                break
            if interval == "year" and self._renewals_until(rng, c, cur, nxt):
                break
            if interval == "month" and rng.random() < 0.012 * math.exp(-0.3 * c.health):
                self.change_mrr(
                    main, nxt - _rint(rng, 0, 25), main.periods[-1][2] * (0.6 + 0.3 * rng.random())
                )
            cur = self._expansion(rng, c, cur, nxt)
        if c.churn_day is not None:
            self._churn(rng, c, depth)

    def _churns(self, rng, c: _Customer, nxt: int) -> bool:
        """Whether a monthly customer churns this month (then its churn day is set)."""
        h = CHURN_MONTHLY[c.account.segment] * math.exp(-0.45 * c.health)
        if rng.random() < h:
            c.churn_day = min(nxt - _rint(rng, 0, 25), self.as_of_day)
            return True
        return False

    def _renewals_until(self, rng, c: _Customer, cur: int, nxt: int) -> bool:
        """The renewal deals of the anniversaries up to ``nxt``; True if one was lost (the customer
        churns)."""
        while c.anniv <= nxt:
            lost = self._renewal(rng, c, cur)
            if lost is None:  # not opened by the export
                return False
            c.anniv += 365
            if lost:
                return True
        return False

    def _renewal(self, rng, c: _Customer, cur: int):
        """The renewal deal of the next anniversary, opened 60 to 90 days before it: None if it is
        opened after the export, else whether it was lost (then the churn day is the anniversary)."""
        AE, a, main = self.AE, c.account, c.main
        rc = (c.anniv - _rint(rng, 60, 90)) * DAY
        if rc > AE:
            return None
        rc = self.biz_ts(rng, max(rc // DAY, cur), a.region)
        if rc > AE:  # moved past the export day by the customer's later history
            return None
        owner = self.account_owner_at(rng, a, rc // DAY)
        arr_usd = sum(s.periods[-1][2] for s in c.active_subs) * 12 * self.rate(a.currency, rc // DAY)
        rd = self.make_deal(
            rng,
            a,
            "renewal",
            rc,
            owner,
            amount_usd=arr_usd * (1.0 + 0.05 * rng.random()),
            pipeline="renewals",
            base_plan=main.plan,
            base_product=main.product,
        )
        close_t = self.biz_ts(rng, c.anniv + _rint(rng, -20, 5), a.region)
        p = min(0.97, 0.86 + 0.06 * c.health)
        won = self.simulate(rng, rd, p, force_close_by=max(close_t, rc + DAY))
        if not rd.is_closed:
            return False
        if won:
            if rng.random() < 0.55:
                self.change_mrr(main, c.anniv, main.periods[-1][2] * (1.03 + 0.05 * rng.random()))
            elif rng.random() < 0.1:
                self.change_mrr(main, c.anniv, main.periods[-1][2] * (0.7 + 0.2 * rng.random()))
            return False
        if c.anniv <= self.as_of_day:
            c.churn_day = c.anniv
            return True
        return False

    def _expansion(self, rng, c: _Customer, cur: int, nxt: int) -> int:
        """Maybe an upsell or cross-sell deal this month; the day the month's simulation goes on from
        (after a won expansion's close)."""
        a, health = c.account, c.health
        r = rng.random()
        pu = P_UPSELL[a.segment] * math.exp(0.3 * health)
        pc = P_CROSS[a.segment] * math.exp(0.3 * health)
        if r >= pu + pc:
            return nxt
        dtype = "upsell" if r < pu else "cross_sell"
        t = self.biz_ts(rng, max(cur + 1, nxt - _rint(rng, 0, 25)), a.region)
        if t > self.AE:
            return nxt
        main = c.main
        owner = self.account_owner_at(rng, a, t // DAY)
        arr_usd = main.periods[-1][2] * 12 * self.rate(a.currency, t // DAY)
        amt = arr_usd * ((0.15 + 0.35 * rng.random()) if dtype == "upsell" else (0.2 + 0.25 * rng.random()))
        ud = self.make_deal(
            rng, a, dtype, t, owner, amount_usd=amt, base_plan=main.plan, base_product=main.product
        )
        p = min(0.8, 0.42 * self.skill_at(owner, t // DAY) ** 0.5 * math.exp(0.2 * health))
        won = self.simulate(rng, ud, p)
        if not (won and ud.is_closed):
            return nxt
        cd = min(ud.closed // DAY, self.as_of_day)
        add = ud.amount / 12.0
        if dtype == "upsell":
            self.change_mrr(main, cd, main.periods[-1][2] + add)
        else:
            cs = self.new_sub(a, ud.mix[0][0], PROD[ud.mix[0][0]][3], c.interval, ud.currency)
            cs.periods.append([cd, None, round(add, 2)])
            c.active_subs.append(cs)
        return max(nxt, cd)

    def _churn(self, rng, c: _Customer, depth: int) -> None:
        """End the churned customer's subscriptions; maybe a win-back deal (a new customer life if won)."""
        a, churn_day = c.account, c.churn_day
        for s in c.active_subs:
            p = s.periods[-1]
            if p[1] is None:
                p[1] = max(churn_day, p[0] + 1)
        a.churn_days.append(churn_day)
        if depth == 0 and c.health > -1.2 and rng.random() < 0.45:
            wd = churn_day + _rint(rng, 30, 180)
            if wd <= self.as_of_day:
                t = self.biz_ts(rng, wd, a.region)
                owner = self.account_owner_at(rng, a, wd)
                wb = self.make_deal(rng, a, "new_business", t, owner)
                wb.label = "Win-back"
                won = self.simulate(rng, wb, 0.6)
                if won and wb.is_closed:
                    self.run_customer(rng, a, wb, depth + 1)

    def build_subscriptions(self):
        rng = self.rng("subs")
        self.subs: list[Sub] = []
        custs = sorted(
            (a for a in self.accounts if a.customer_since is not None),
            key=lambda a: (a.customer_since, a.seq),
        )
        for a in custs:
            first = min(
                (d for d in a.deals if d.is_won and d.dtype == "new_business"),
                key=lambda d: (d.closed, d.seq),
            )
            self.run_customer(rng, a, first)

    def mrr_on(self, a, day):
        tot = 0.0
        for s in a.subs:
            for p in s.periods:
                if p[0] <= day and (p[1] is None or day < p[1]):
                    tot += p[2]
        return tot

    def build_usage(self):
        rng = self.rng("usage")
        lo = self.as_of_day - 119
        n_users = {"smb": (2, 4), "mid_market": (3, 7), "enterprise": (6, 11)}
        keys, uids, accts = _Keys(small=True), array.array("I"), []  # uids: the app user ids' numbers
        for a in sorted((a for a in self.accounts if a.subs), key=lambda a: a.id):
            ivs = [
                (p[0], p[1] if p[1] is not None else self.as_of_day + 1)
                for s in a.subs
                for p in s.periods
                if p[2] > 0
            ]
            if not ivs or max(e for _, e in ivs) <= lo:
                continue
            k = _rint(rng, *n_users[a.segment])
            ids, seen = [], set()
            while len(ids) < k:
                x = f"usr_{rng.getrandbits(32):08x}"
                if x not in seen:
                    seen.add(x)
                    ids.append((x, min(0.92, max(0.15, 0.55 + 0.12 * a.health + rng.gauss(0, 0.18)))))
            ids.sort()
            # (account id, app user id) in sorted order <=> global index of the app user
            first = len(uids)
            _checked(first + len(ids), 25)
            uids.extend(int(x[4:], 16) for x, _ in ids)
            accts.extend(a.id for _ in ids)
            probs = [(first + j, p) for j, (_, p) in enumerate(ids)]
            for day in range(lo, self.as_of_day + 1):
                if not any(s <= day < e for s, e in ivs):
                    continue
                wk = 0.1 if _weekday(day) >= 5 else 1.0
                dkey = (day - lo) << 25
                for gi, p in probs:
                    if rng.random() < p * wk:
                        keys.add(dkey | gi)
        self.usage_rows = _PackedRows([keys.sorted()], _UsageDecoder(lo, accts, uids))
