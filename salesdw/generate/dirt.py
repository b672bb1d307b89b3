from __future__ import annotations

import array
import random
from typing import TYPE_CHECKING

from .formatting import _fmt_ts_z
from .reference import CORE, SEGMENTS, TITLES
from .schema import DAY, PRIMARY_KEYS, SCHEMA
from .util import _dstr, _rint

if TYPE_CHECKING:
    from .generator import _Gen

BAD_TS = ("2024-13-45", "yesterday", "2025-02-30T10:00:00Z", "31/12/2025 10:00", "N/A", "2025-06-31 25:61:00")
BAD_DATE = ("2025-02-30", "2024-13-01", "31/12/2025", "next week")
BAD_AMOUNT = ("12,50", "abc", "1.234,56", "$1,200", "12.5.0")


def _pops(rng: random.Random, n: int, k: int) -> list:
    """Positions (in the original list of n items) that ``lst.pop(int(rng.random() * len(lst)))``
    removes, repeated while the list is not empty, k times at most: O(k log n) with a Fenwick tree
    of the items still in the list, instead of O(k n) for the pops."""
    k = min(k, n)
    if k * n <= 4_000_000 and n <= 65_536:  # a list of n ints: 40 bytes an item
        items = list(range(n))
        return [items.pop(int(rng.random() * len(items))) for _ in range(k)]
    import numpy as np  # noqa: PLC0415

    idx = np.arange(n + 1, dtype=np.int64)
    low = np.negative(idx)
    np.bitwise_and(idx, low, out=low)  # each node counts the lowest set bit's items
    del idx
    tree = memoryview(low).cast("B").cast("q")  # 8 bytes a node, no copy; items read as Python ints
    top = 1 << n.bit_length()
    out = []
    for left in range(n, n - k, -1):
        out.append(_fenwick_take(tree, top, n, int(rng.random() * left)))
    return out


def _fenwick_take(tree: list, top: int, n: int, j: int) -> int:
    """Remove and return the position of the (j+1)-th item still present."""
    pos, rest, step = 0, j + 1, top
    while step:
        nxt = pos + step
        if nxt <= n and tree[nxt] < rest:
            pos = nxt
            rest -= tree[nxt]
        step >>= 1
    i = pos + 1
    while i <= n:
        tree[i] -= 1
        i += i & -i
    return pos


class _DirtKinds:
    """Injects realistic dirt.  Extra *bad* records get new keys so that they
    are quarantined without touching a real record; versions/duplicates/
    conflicts/deletes/orphans/case-padding act on real records."""

    def __init__(self, gen: _Gen, tables: dict):
        self.g = gen
        self.t = tables
        self.rng = gen.rng("dirt")
        self.manifest: dict = {}
        self.touched = {name: set() for name in tables}
        self.extra = {name: [] for name in tables}  # typed extra rows: (anchor, row)
        self.post_dups = {name: [] for name in tables}  # (index, kind, column, new value)
        self.next_ids: dict = {}
        self._user_ids = [u.id for u in gen.users]

    def col(self, table, name):
        return [c for c, _ in SCHEMA[table]].index(name)

    def note(self, table, kind, n=1, keys=None):
        m = self.manifest.setdefault(table, {})
        e = m.setdefault(kind, {"rows": 0, "keys": []})
        e["rows"] += n
        if keys:
            e["keys"].extend(keys)

    def n(self, table, rate, minimum):
        return max(minimum, int(round(len(self.t[table]) * rate)))

    def pick(self, table, k, pred=None):
        rows = self.t[table]
        if not rows:
            return []
        out = []
        if pred is not None:
            touched = self.touched[table]
            cands = array.array("q", (i for i, row in enumerate(rows) if i not in touched and pred(row)))
            for j in _pops(self.rng, len(cands), k):
                touched.add(cands[j])
                out.append(cands[j])
            return out
        tries = 0
        while len(out) < k and tries < 200 * (k + 1):
            tries += 1
            i = int(self.rng.random() * len(rows))
            if i in self.touched[table] or (pred is not None and not pred(rows[i])):
                continue
            self.touched[table].add(i)
            out.append(i)
        return out

    def anchor(self, table):
        return int(self.rng.random() * max(1, len(self.t[table])))

    def pkv(self, table, row):
        idx = [self.col(table, c) for c in PRIMARY_KEYS[table]]
        v = [row[i] for i in idx]
        out = []
        for (_, typ), x in zip([SCHEMA[table][i] for i in idx], v):
            if isinstance(x, int) and typ == "ts":
                out.append(_fmt_ts_z(x))
            elif isinstance(x, int) and typ == "d":
                out.append(_dstr(x))
            else:
                out.append("" if x is None else str(x))
        return "|".join(out)

    # generic kinds -----------------------------------------------------------
    def old_versions(self, table, k, mutate, pred=None):
        ui = self.col(table, "updated_at")
        for i in self.pick(table, k, pred):
            row = list(self.t[table][i])
            mutate(row)
            floor = row[ui] - 60 * DAY
            for c in ("created_at", "occurred_at"):
                if c in [x for x, _ in SCHEMA[table]]:
                    v = self.t[table][i][self.col(table, c)]
                    if isinstance(v, int):
                        floor = max(floor, v)
            hi = self.t[table][i][ui] - 60
            row[ui] = floor + int(self.rng.random() * max(1, hi - floor)) if hi > floor else hi
            self.extra[table].append((self.anchor(table), row))
            self.note(table, "old_version", 1, [self.pkv(table, row)])

    def exact_dups(self, table, k):
        for i in self.pick(table, k):
            self.post_dups[table].append((i, "exact_duplicate", None, None))
            self.note(table, "exact_duplicate", 1, [self.pkv(table, self.t[table][i])])

    def conflicts(self, table, k, column, alt, pred=None):
        ci = self.col(table, column)
        for i in self.pick(table, k, pred):
            v = alt(self.t[table][i][ci])
            self.post_dups[table].append((i, "conflict", ci, v))
            self.note(table, "conflict", 1, [self.pkv(table, self.t[table][i])])

    def bad_clone(self, table, kind, new_key, changes, pred=None, k=1):
        """Extra record cloned from a real one, with a new key and bad values."""
        for i in self.pick(table, k, pred):
            row = list(self.t[table][i])
            self.touched[table].discard(i)  # the original stays usable for other dirt
            for c, v in new_key(row).items():
                row[self.col(table, c)] = v
            for c, v in changes(row).items():
                row[self.col(table, c)] = v
            self.extra[table].append((self.anchor(table), row))
            self.note(table, kind, 1, [self.pkv(table, row)])

    def delete(self, table, k, pred=None, idxs=None):
        di, ui = self.col(table, "is_deleted"), self.col(table, "updated_at")
        idxs = idxs if idxs is not None else self.pick(table, k, pred)
        for i in idxs:
            row = self.t[table][i]
            row[di] = True
            row[ui] = min(self.g.AE, max(row[ui], self.g.AE - _rint(self.rng, DAY, 120 * DAY)))
            self.note(table, "deleted", 1, [self.pkv(table, row)])

    def case_pad(self, table, k, columns):
        variants = (
            lambda s: s.title(),
            lambda s: s.upper(),
            lambda s: f" {s} ",
            lambda s: f"{s} ",
            lambda s: s.capitalize(),
        )
        for i in self.pick(table, k):
            row = self.t[table][i]
            c = self.rng.choice(columns)
            ci = self.col(table, c)
            if row[ci] is None:
                continue
            row[ci] = self.rng.choice(variants)(row[ci])
            self.note(table, "case_padding", 1, [self.pkv(table, row)])

    def orphan(self, table, column, values, k, pred=None):
        ci = self.col(table, column)
        for j, i in enumerate(self.pick(table, k, pred)):
            self.t[table][i][ci] = values[j % len(values)]
            self.note(table, "orphan_fk", 1, [self.pkv(table, self.t[table][i])])

    # ------------------------------------------------------------------------

    def new_id(self, table, prefix, width):
        """A key past every real record's (and every key given before) of ``table``."""
        nxt = self.next_ids  # table -> the last id number new_id gave
        nxt[table] = nxt.get(table, self.g.id_base.get(table, 0) + len(self.t[table])) + 1
        return f"{prefix}{nxt[table]:0{width}d}"

    def other_user(self, v):
        """A user id other than ``v``."""
        c = [x for x in self._user_ids if x != v]
        return c[int(self.rng.random() * len(c))]


class _Dirt(_DirtKinds):
    """The dirt of every table: which kinds, how much, and on which records."""

    def run(self):
        """Plant the dirt of every table, in a fixed order (one random stream); return the manifest."""
        for step in (
            self._users,
            self._teams,
            self._accounts,
            self._contacts,
            self._leads,
            self._deals,
            self._stage_history,
            self._products_and_line_items,
            self._activities,
            self._subscription_periods,
            self._expenses,
            self._campaigns_and_surveys,
        ):
            step()
        return self.manifest

    def _users(self):
        g, r = self.g, self.rng
        new_id = self.new_id
        ui = self.col("users", "team_id")

        def user_old(row):
            u = g.user_by_id[row[0]]
            if u.old_team:
                row[ui] = u.old_team
            else:
                row[2] = row[2].replace("@pulsecrm.io", "@pulse-crm.com")

        self.old_versions("users", 1, user_old, pred=lambda row: g.user_by_id[row[0]].old_team is not None)
        self.old_versions("users", 1, user_old, pred=lambda row: row[3] == "rep")
        self.exact_dups("users", 1)
        self.conflicts(
            "users",
            1,
            "full_name",
            lambda v: v.split(" ")[0] + " Q. " + " ".join(v.split(" ")[1:]),
            pred=lambda row: row[3] == "other",
        )
        mk_user = lambda row: {"user_id": new_id("users", "U-", 4)}  # noqa: E731
        self.bad_clone("users", "invalid_enum", mk_user, lambda row: {"role": "intern"})
        self.bad_clone("users", "bad_timestamp", mk_user, lambda row: {"hired_at": r.choice(BAD_DATE)})
        self.bad_clone("users", "missing_pk", lambda row: {"user_id": None}, lambda row: {})
        self.bad_clone(
            "users", "end_before_start", mk_user, lambda row: {"terminated_at": row[6] - _rint(r, 10, 200)}
        )
        self.case_pad("users", 1, ["role"])

    def _teams(self):
        self.old_versions("teams", 1, lambda row: row.__setitem__(1, row[1].replace(" Sales", "")))

    def _accounts(self):
        g, r, t = self.g, self.rng, self.t
        new_id = self.new_id
        other_user = self.other_user
        acc_by_id = {a.id: a for a in g.accounts}
        ai = {c: self.col("accounts", c) for c in ("segment", "owner_id", "industry", "created_at")}

        def acc_old(row):
            if r.random() < 0.5:
                row[ai["segment"]] = r.choice([s for s in SEGMENTS if s != row[ai["segment"]]])
            else:
                row[ai["owner_id"]] = other_user(row[ai["owner_id"]])

        self.old_versions("accounts", self.n("accounts", 0.004, 2), acc_old)
        self.exact_dups("accounts", self.n("accounts", 0.002, 2))
        inds = sorted({c[1] for c in CORE})
        self.conflicts(
            "accounts",
            self.n("accounts", 0.001, 1),
            "industry",
            lambda v: r.choice([x for x in inds if x != v]),
        )
        # a deleted account that still has deals (all lost), plus deleted duplicates
        lost_only = [
            i
            for i, row in enumerate(t["accounts"])
            if acc_by_id[row[0]].deals
            and acc_by_id[row[0]].customer_since is None
            and all(d.is_closed for d in acc_by_id[row[0]].deals)
            and i not in self.touched["accounts"]
        ]
        if lost_only:
            i = lost_only[int(r.random() * len(lost_only))]
            self.touched["accounts"].add(i)
            self.delete("accounts", 0, idxs=[i])
            self.note("accounts", "deleted_with_deals", 1, [t["accounts"][i][0]])
        self.delete(
            "accounts",
            max(1, self.n("accounts", 0.002, 1)),
            pred=lambda row: (
                acc_by_id[row[0]].customer_since is None and all(d.is_closed for d in acc_by_id[row[0]].deals)
            ),
        )
        mk_acc = lambda row: {"account_id": new_id("accounts", "A-", 6)}  # noqa: E731
        self.bad_clone(
            "accounts",
            "bad_timestamp",
            mk_acc,
            lambda row: {"created_at": r.choice(BAD_TS)},
            k=self.n("accounts", 0.0005, 1),
        )
        self.bad_clone(
            "accounts",
            "invalid_enum",
            mk_acc,
            lambda row: {"segment": "startup"},
            k=self.n("accounts", 0.0005, 1),
        )
        self.bad_clone("accounts", "missing_pk", lambda row: {"account_id": None}, lambda row: {})
        self.orphan(
            "accounts",
            "owner_id",
            [g.orphan_key("U-9999")],
            1,
            pred=lambda row: acc_by_id[row[0]].customer_since is None,
        )
        self.case_pad("accounts", self.n("accounts", 0.005, 3), ["segment"])

    def _contacts(self):
        g, r = self.g, self.rng
        new_id = self.new_id
        self.old_versions(
            "contacts",
            self.n("contacts", 0.003, 2),
            lambda row: row.__setitem__(6, r.choice([x for x in TITLES if x != row[6]])),
        )
        self.exact_dups("contacts", self.n("contacts", 0.0015, 1))
        self.conflicts(
            "contacts",
            self.n("contacts", 0.0005, 1),
            "title",
            lambda v: r.choice([x for x in TITLES if x != v]),
        )
        self.delete("contacts", self.n("contacts", 0.003, 2))
        self.bad_clone("contacts", "missing_pk", lambda row: {"contact_id": None}, lambda row: {})
        self.bad_clone(
            "contacts",
            "bad_timestamp",
            lambda row: {"contact_id": new_id("contacts", "C-", 6)},
            lambda row: {"created_at": r.choice(BAD_TS)},
        )
        self.orphan("contacts", "account_id", [g.orphan_key("A-9000001")], 1)

    def _leads(self):
        g, r = self.g, self.rng
        new_id = self.new_id
        li = {c: self.col("leads", c) for c, _ in SCHEMA["leads"]}

        def lead_old(row):
            row[li["status"]] = "working" if row[li["mql_at"]] is None else "new"
            for c in ("mql_at", "sql_at", "converted_at", "converted_account_id", "converted_deal_id"):
                row[li[c]] = None

        self.old_versions(
            "leads",
            self.n("leads", 0.003, 2),
            lead_old,
            pred=lambda row: row[li["status"]] in ("converted", "sql", "mql", "disqualified"),
        )
        self.exact_dups("leads", self.n("leads", 0.0015, 2))
        self.conflicts(
            "leads",
            self.n("leads", 0.0005, 1),
            "company_name",
            lambda v: v + " Group",
            pred=lambda row: row[li["status"]] != "converted",
        )
        self.delete("leads", self.n("leads", 0.002, 2), pred=lambda row: row[li["status"]] == "disqualified")
        mk_lead = lambda row: {"lead_id": new_id("leads", "L-", 6)}  # noqa: E731
        notconv = lambda row: row[li["status"]] != "converted"  # noqa: E731
        self.bad_clone(
            "leads",
            "bad_timestamp",
            mk_lead,
            lambda row: {"created_at": r.choice(BAD_TS)},
            pred=notconv,
            k=self.n("leads", 0.0005, 1),
        )
        self.bad_clone("leads", "invalid_enum", mk_lead, lambda row: {"lead_source": "tv_ad"}, pred=notconv)
        self.bad_clone("leads", "invalid_enum", mk_lead, lambda row: {"status": "recycled"}, pred=notconv)
        self.bad_clone("leads", "missing_pk", lambda row: {"lead_id": None}, lambda row: {}, pred=notconv)
        self.orphan(
            "leads",
            "campaign_id",
            [g.orphan_key("CMP-999")],
            1,
            pred=lambda row: row[li["campaign_id"]] is not None,
        )
        self.case_pad("leads", self.n("leads", 0.005, 3), ["lead_source", "status"])

    def _deals(self):
        g, r = self.g, self.rng
        new_id = self.new_id
        di = {c: self.col("deals", c) for c, _ in SCHEMA["deals"]}

        def deal_old(row):
            row[di["stage"]] = (
                r.choice(("qualification", "demo", "proposal"))
                if row[di["pipeline"]] == "default"
                else "renewal_due"
            )
            row[di["is_closed"]] = False
            row[di["is_won"]] = False
            row[di["closed_at"]] = None
            row[di["lost_reason"]] = None
            if row[di["amount"]] is not None:
                row[di["amount"]] = round(row[di["amount"]] * r.choice((0.8, 0.9, 1.15)), 2)

        closed = lambda row: row[di["is_closed"]] is True  # noqa: E731
        self.old_versions("deals", self.n("deals", 0.004, 3), deal_old, pred=closed)
        self.exact_dups("deals", self.n("deals", 0.0015, 2))
        self.conflicts(
            "deals",
            self.n("deals", 0.0007, 1),
            "amount",
            lambda v: round(v * 1.1, 2),
            pred=lambda row: row[di["amount"]] is not None,
        )
        self.delete(
            "deals",
            self.n("deals", 0.002, 2),
            pred=lambda row: not row[di["is_won"]] and row[di["lead_id"]] is None,
        )
        mk_deal = lambda row: {"deal_id": new_id("deals", "D-", 6), "lead_id": None}  # noqa: E731
        self.bad_clone(
            "deals",
            "bad_timestamp",
            mk_deal,
            lambda row: {"closed_at": r.choice(BAD_TS)},
            pred=closed,
            k=self.n("deals", 0.0005, 1),
        )
        self.bad_clone(
            "deals",
            "bad_amount",
            mk_deal,
            lambda row: {"amount": r.choice(BAD_AMOUNT)},
            k=self.n("deals", 0.0005, 2),
        )
        self.bad_clone(
            "deals", "negative_amount", mk_deal, lambda row: {"amount": -abs(row[di["amount"]] or 5000.0)}
        )
        self.bad_clone("deals", "invalid_enum", mk_deal, lambda row: {"stage": "foo"})
        self.bad_clone("deals", "invalid_enum", mk_deal, lambda row: {"deal_type": "partnership"})
        self.bad_clone("deals", "missing_pk", lambda row: {"deal_id": None, "lead_id": None}, lambda row: {})
        self.orphan(
            "deals",
            "owner_id",
            [g.orphan_key("U-9999"), g.orphan_key("U-9998")],
            self.n("deals", 0.0007, 2),
            pred=closed,
        )
        self.case_pad("deals", self.n("deals", 0.004, 3), ["deal_type"])

    def _stage_history(self):
        r = self.rng
        other_user = self.other_user
        hi = {c: self.col("deal_stage_history", c) for c, _ in SCHEMA["deal_stage_history"]}
        self.exact_dups("deal_stage_history", self.n("deal_stage_history", 0.0015, 2))
        self.conflicts(
            "deal_stage_history",
            self.n("deal_stage_history", 0.0005, 1),
            "changed_by",
            lambda v: other_user(v),
            pred=lambda row: row[hi["changed_by"]] is not None,
        )
        same = lambda row: {}  # noqa: E731
        self.bad_clone(
            "deal_stage_history",
            "bad_timestamp",
            same,
            lambda row: {"entered_at": r.choice(BAD_TS)},
            k=self.n("deal_stage_history", 0.0005, 2),
        )
        self.bad_clone(
            "deal_stage_history",
            "invalid_enum",
            same,
            lambda row: {"stage": "foo", "entered_at": row[hi["entered_at"]] + 7},
            k=2,
        )
        self.bad_clone("deal_stage_history", "missing_pk", same, lambda row: {"deal_id": None})
        self.bad_clone("deal_stage_history", "orphan_fk", same, lambda row: {"deal_id": "D-9000001"}, k=2)

    def _products_and_line_items(self):
        new_id = self.new_id
        self.old_versions("products", 3, lambda row: row.__setitem__(4, round(row[4] * 0.9, 2)))
        self.exact_dups("deal_line_items", self.n("deal_line_items", 0.001, 1))
        self.old_versions(
            "deal_line_items", self.n("deal_line_items", 0.002, 1), lambda row: row.__setitem__(3, row[3] + 1)
        )
        mk_li = lambda row: {"line_item_id": new_id("deal_line_items", "LI-", 6)}  # noqa: E731
        self.bad_clone("deal_line_items", "bad_amount", mk_li, lambda row: {"unit_price": "abc"})
        self.bad_clone("deal_line_items", "negative_amount", mk_li, lambda row: {"unit_price": -abs(row[4])})
        self.orphan("deal_line_items", "product_id", ["PRD-999"], 1)

    def _activities(self):
        g, r = self.g, self.rng
        new_id = self.new_id
        other_user = self.other_user
        xi = {c: self.col("activities", c) for c, _ in SCHEMA["activities"]}
        done = lambda row: row[xi["status"]] == "completed" and row[xi["occurred_at"]] <= g.AE  # noqa: E731

        def act_old(row):
            row[xi["status"]] = "scheduled"
            row[xi["reply_sentiment"]] = None

        self.old_versions(
            "activities",
            self.n("activities", 0.003, 3),
            act_old,
            pred=lambda row: done(row) and row[xi["created_at"]] < row[xi["occurred_at"]],
        )
        self.exact_dups("activities", self.n("activities", 0.0015, 3))
        self.conflicts(
            "activities",
            self.n("activities", 0.0005, 1),
            "owner_id",
            lambda v: other_user(v),
            pred=lambda row: row[xi["owner_id"]] is not None,
        )
        self.delete("activities", self.n("activities", 0.002, 3))
        mk_act = lambda row: {"activity_id": new_id("activities", "ACT-", 7)}  # noqa: E731
        self.bad_clone(
            "activities",
            "bad_timestamp",
            mk_act,
            lambda row: {"occurred_at": r.choice(BAD_TS)},
            k=self.n("activities", 0.0005, 2),
        )
        self.bad_clone(
            "activities",
            "invalid_enum",
            mk_act,
            lambda row: {"activity_type": "foo"},
            k=self.n("activities", 0.0003, 1),
        )
        self.bad_clone("activities", "invalid_enum", mk_act, lambda row: {"status": "done"})
        self.bad_clone("activities", "missing_pk", lambda row: {"activity_id": None}, lambda row: {})
        self.orphan(
            "activities",
            "lead_id",
            [g.orphan_key("L-9000001"), g.orphan_key("L-9000002")],
            self.n("activities", 0.0005, 2),
            pred=lambda row: row[xi["lead_id"]] is not None,
        )
        self.case_pad("activities", self.n("activities", 0.005, 5), ["activity_type", "status", "direction"])

    def _subscription_periods(self):
        r = self.rng
        new_id = self.new_id
        si = {c: self.col("subscription_periods", c) for c, _ in SCHEMA["subscription_periods"]}
        ended = lambda row: row[si["period_end"]] is not None  # noqa: E731

        def sub_old(row):
            row[si["period_end"]] = None

        self.old_versions(
            "subscription_periods", self.n("subscription_periods", 0.004, 2), sub_old, pred=ended
        )
        self.exact_dups("subscription_periods", self.n("subscription_periods", 0.002, 1))
        self.conflicts(
            "subscription_periods",
            self.n("subscription_periods", 0.001, 1),
            "mrr_amount",
            lambda v: round(v * 1.05, 2),
        )
        mk_sub = lambda row: {"subscription_id": new_id("subscription_periods", "S-", 6)}  # noqa: E731
        self.bad_clone(
            "subscription_periods",
            "end_before_start",
            mk_sub,
            lambda row: {"period_end": row[si["period_start"]] - _rint(r, 5, 60)},
        )
        self.bad_clone(
            "subscription_periods", "bad_timestamp", mk_sub, lambda row: {"period_start": r.choice(BAD_DATE)}
        )
        self.bad_clone("subscription_periods", "bad_amount", mk_sub, lambda row: {"mrr_amount": "12,50"})
        self.bad_clone(
            "subscription_periods",
            "negative_amount",
            mk_sub,
            lambda row: {"mrr_amount": -abs(row[si["mrr_amount"]])},
        )
        self.bad_clone(
            "subscription_periods", "invalid_enum", mk_sub, lambda row: {"billing_interval": "week"}
        )
        self.bad_clone(
            "subscription_periods", "missing_pk", lambda row: {"subscription_id": None}, lambda row: {}
        )

    def _expenses(self):
        r = self.rng
        new_id = self.new_id
        ei = {c: self.col("expenses", c) for c, _ in SCHEMA["expenses"]}
        self.old_versions(
            "expenses",
            self.n("expenses", 0.005, 2),
            lambda row: row.__setitem__(ei["amount"], round(row[ei["amount"]] * 0.9, 2)),
        )
        self.exact_dups("expenses", self.n("expenses", 0.002, 1))
        self.conflicts("expenses", self.n("expenses", 0.001, 1), "amount", lambda v: round(v + 100.0, 2))
        mk_exp = lambda row: {"expense_id": new_id("expenses", "EXP-", 6)}  # noqa: E731
        self.bad_clone(
            "expenses", "bad_amount", mk_exp, lambda row: {"amount": r.choice(("1 200,00", "abc"))}
        )
        self.bad_clone("expenses", "negative_amount", mk_exp, lambda row: {"amount": -abs(row[ei["amount"]])})
        self.bad_clone("expenses", "bad_timestamp", mk_exp, lambda row: {"expense_date": r.choice(BAD_DATE)})
        self.bad_clone("expenses", "invalid_enum", mk_exp, lambda row: {"category": "travel"})
        self.bad_clone(
            "expenses",
            "invalid_enum",
            mk_exp,
            lambda row: {"channel": "tv_ad"},
            pred=lambda row: row[ei["category"]] == "marketing",
        )
        self.bad_clone("expenses", "missing_pk", lambda row: {"expense_id": None}, lambda row: {})
        self.case_pad("expenses", self.n("expenses", 0.005, 2), ["category"])

    def _campaigns_and_surveys(self):
        r = self.rng
        new_id = self.new_id
        mk_c = lambda row: {"campaign_id": new_id("campaigns", "CMP-", 3)}  # noqa: E731
        self.bad_clone(
            "campaigns", "end_before_start", mk_c, lambda row: {"ended_at": row[3] - _rint(r, 3, 30)}
        )
        self.bad_clone("campaigns", "invalid_enum", mk_c, lambda row: {"channel": "tv_ad"})

        # customer surveys
        mk_cs = lambda row: {"response_id": new_id("customer_surveys", "CS-", 6)}  # noqa: E731
        self.bad_clone(
            "customer_surveys", "invalid_enum", mk_cs, lambda row: {"survey_type": "nps", "score": 11}
        )
        self.bad_clone("customer_surveys", "invalid_enum", mk_cs, lambda row: {"survey_type": "ces"})
        # product usage: exact duplicates
        self.exact_dups("product_active_users", 2)
