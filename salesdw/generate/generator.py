"""The generator of one org or division: the domain mixins composed, and the order they run in."""

from __future__ import annotations

from .accounts import AccountsMixin
from .activities import ActivitiesMixin
from .core import _GenBase
from .deals import DealsMixin
from .entities import _account_row, _deal_row, _thawed
from .leads import LeadsMixin
from .market import MarketMixin
from .org import OrgMixin
from .packed import _history_rows, _LazyRows
from .records import RecordsMixin
from .reference import PIPELINE_STAGES, PRODUCTS, REGIONS, TEAMS
from .schema import DAY, HOUR
from .subscriptions import SubscriptionsMixin
from .surveys import SurveysMixin
from .team import TeamMixin
from .util import _rint


class _Gen(
    OrgMixin,
    LeadsMixin,
    AccountsMixin,
    DealsMixin,
    SubscriptionsMixin,
    RecordsMixin,
    ActivitiesMixin,
    SurveysMixin,
    TeamMixin,
    MarketMixin,
    _GenBase,
):
    """The whole simulation of one org (or division): users, campaigns, leads, accounts, deals,
    subscriptions, activities, surveys, time entries, usage, quotas, commissions, expenses and market
    data, each drawn from its own named random stream, in a fixed order; ``run()`` returns the typed
    rows of every table."""

    # ---- run --------------------------------------------------------------------------------
    def run(self):
        self._names = {}
        self.build_fx()
        self.build_users()
        self.build_campaigns()
        self.build_leads()
        self.build_accounts_and_deals()
        self.build_subscriptions()
        srng = self.rng("lead_status")
        for L in self.leads:
            if L.deal is None:
                L.conv = None
            self.lead_status(srng, L)
        self.finalize_owners()
        self.assign_ids()
        self.finalize_records()
        self.build_contacts()
        self.build_activities()
        self.freeze_leads()
        self.build_line_items()
        self.build_surveys()
        self.freeze_contacts()
        self.build_time_entries()
        self.build_usage()
        self.build_quotas()
        self.build_commissions()
        self.build_expenses()
        self.build_market()
        return self.tables()

    # ---- typed rows per table ------------------------------------------------------------
    def tables(self):
        rng = self.rng("rows")
        t = {}
        AE = self.AE
        t["users"] = [
            [
                u.id,
                u.name,
                u.email,
                u.role,
                u.team,
                u.manager.id if u.manager else None,
                u.hired,
                u.term,
                u.updated,
            ]
            for u in self.users
        ]
        t["teams"] = [
            [TEAMS[r][0], TEAMS[r][1], r, (self.start_day - _rint(rng, 200, 400)) * DAY + _rint(rng, 0, DAY)]
            for r in REGIONS
        ]
        t["accounts"] = _LazyRows.of(self.accounts, _account_row)
        t["contacts"] = _LazyRows.of(self.contact_rows, _thawed)
        t["leads"] = _LazyRows.of(self.leads, _thawed)
        t["deals"] = _LazyRows.of(self.deals, _deal_row)
        t["deal_stage_history"] = _history_rows(self.deals, self.hist)
        t["pipeline_stages"] = [list(p) for p in PIPELINE_STAGES]
        prod_upd = (self.start_day + self.span // 2) * DAY + 10 * HOUR
        t["products"] = [
            [p[0], p[1], p[2], p[3], p[4], p[5], "USD", prod_upd + i * 60] for i, p in enumerate(PRODUCTS)
        ]
        t["deal_line_items"] = self.line_rows
        t["activities"] = self.act_rows
        sub_rows = []
        for s in self.subs:
            for p in s.periods:
                upd = (p[1] if p[1] is not None else p[0]) * DAY + _rint(rng, 6 * HOUR, 30 * HOUR)
                sub_rows.append(
                    [
                        s.id,
                        s.account.id,
                        s.product,
                        s.plan,
                        p[0],
                        p[1],
                        p[2],
                        s.currency,
                        s.interval,
                        min(upd, AE),
                    ]
                )
        t["subscription_periods"] = sub_rows
        t["expenses"] = self.expense_rows
        t["campaigns"] = [
            [c["id"], c["name"], c["channel"], c["start"], c["end"], c["budget"], c["ccy"], c["updated"]]
            for c in self.campaigns
        ]
        t["fx_rates"] = self.fx_rows
        t["quotas"] = self.quota_rows
        t["commission_plans"] = self.commission_rows
        t["customer_surveys"] = self.csurvey_rows
        t["rep_surveys"] = self.rsurvey_rows
        t["rep_time_entries"] = self.time_rows
        t["product_active_users"] = self.usage_rows
        t["competitor_prices"] = self.comp_rows
        t["market_size"] = self.market_rows
        return t
