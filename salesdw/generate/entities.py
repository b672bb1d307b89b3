"""The simulated entities (users, accounts, leads, deals, subscriptions) and their typed rows."""

from __future__ import annotations

import array
import functools
import marshal


# --------------------------------------------------------------------------
# Entities
# --------------------------------------------------------------------------
class User:
    __slots__ = (
        "id",
        "first",
        "last",
        "name",
        "email",
        "role",
        "region",
        "team",
        "manager",
        "hired",
        "term",
        "skill",
        "size",
        "activity",
        "morale",
        "updated",
        "log_rate",
        "old_team",
    )

    def active(self, day: int) -> bool:
        return self.hired <= day and (self.term is None or day <= self.term)


class Account:
    __slots__ = (
        "_k",
        "seq",
        "id",
        "name",
        "domain",
        "industry",
        "segment",
        "country",
        "region",
        "owner",
        "deleted",
        "currency",
        "contacts",
        "attempts",
        "health",
        "deals",
        "pool",
        "subs",
        "churn_days",
        "lead",
    )


_NO_INT = -(1 << 63)


class _IntCol:
    """An int-or-None attribute of an entity class kept in one array('q') for all its instances,
    indexed by the instance's ``_k`` (8 bytes a value instead of a slot and, past 256, an int object).
    The columns are emptied at the start of each run (:meth:`_Gen.__init__`)."""

    def __init__(self):
        self.a = array.array("q")

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        v = self.a[obj._k]
        return None if v == _NO_INT else v

    def __set__(self, obj, v):
        self.a[obj._k] = _NO_INT if v is None else v


def _new(cls):
    """An instance of an entity class with int columns, numbered ``_k`` in creation order."""
    obj = cls()
    cols = cls._COLS
    obj._k = len(cols[0].a)
    for c in cols:
        c.a.append(_NO_INT)
    return obj


def _reset_cols(cls):
    for c in cls._COLS:
        c.a = array.array("q")


Account.created, Account.updated, Account.owner_since = _IntCol(), _IntCol(), _IntCol()
Account.busy_until, Account.customer_since = _IntCol(), _IntCol()
Account._COLS = (
    Account.created,
    Account.updated,
    Account.owner_since,
    Account.busy_until,
    Account.customer_since,
)


class Lead:
    __slots__ = (
        "_k",
        "source",
        "campaign",
        "owner",
        "orig_owner",
        "company",
        "email",
        "first",
        "last",
        "country",
        "region",
        "status",
        "account",
        "deal",
        "deleted",
        "contacted",
        "domain",
        "segment",
    )
    created, mql, sql, conv = _IntCol(), _IntCol(), _IntCol(), _IntCol()
    updated, dq_at, first_touch, reassigned = _IntCol(), _IntCol(), _IntCol(), _IntCol()
    seq = _IntCol()
    _COLS = (created, mql, sql, conv, updated, dq_at, first_touch, reassigned, seq)

    @property
    def id(self) -> str:
        """'L-000123' from the 1-based position in id order (``seq`` once :meth:`_Gen.assign_ids` ran)."""
        return f"L-{self.seq:06d}"


class Deal:
    __slots__ = (
        "_k",
        "label",
        "account",
        "owner",
        "orig_owner",
        "lead",
        "pipeline",
        "dtype",
        "stage",
        "amount",
        "currency",
        "is_closed",
        "is_won",
        "lost_reason",
        "competitor",
        "deleted",
        "segment",
        "plan",
        "mix",
        "k_reached",
        "creator",
    )
    created, exp_close, closed, updated = _IntCol(), _IntCol(), _IntCol(), _IntCol()
    planned_close, quote_at, reassigned = _IntCol(), _IntCol(), _IntCol()
    h0, hn = _IntCol(), _IntCol()  # the deal's stage history: entries h0 .. h0 + hn - 1 of _Histories
    seq = _IntCol()
    _COLS = (created, exp_close, closed, updated, planned_close, quote_at, reassigned, h0, hn, seq)

    @property
    def id(self) -> str:
        """'D-000123' from the 1-based position in id order (``seq`` once :meth:`_Gen.assign_ids` ran)."""
        return f"D-{self.seq:06d}"

    @property
    def name(self) -> str:
        """'<account name> - <label>' (an account's name never changes; labels are shared strings)."""
        return f"{self.account.name} - {self.label}"


class Sub:
    __slots__ = ("id", "account", "product", "plan", "currency", "interval", "periods")


_LABELS: dict = {}  # deal name labels, one string each


@functools.cache
def _sole_mix(product: str) -> tuple:
    """The product mix of a one-product deal, shared (mixes are never changed)."""
    return ((product, 1.0),)


def _owner_at(obj, t: int):
    """Owner of a deal/lead at time t (before/after a reassignment)."""
    if obj.reassigned is not None and t >= obj.reassigned:
        return obj.owner
    return obj.orig_owner


def _account_row(a) -> list:
    return [
        a.id,
        a.name,
        a.industry,
        a.segment,
        a.country,
        a.region,
        a.owner.id,
        a.created,
        a.deleted,
        a.updated,
    ]


def _lead_row(L) -> list:
    return [
        L.id,
        L.created,
        L.source,
        L.campaign["id"] if L.campaign else None,
        L.owner.id if L.owner else None,
        L.company,
        L.email,
        L.country,
        L.region,
        L.status,
        L.mql,
        L.sql,
        L.conv,
        L.account.id if L.account else None,
        L.deal.id if L.deal else None,
        L.deleted,
        L.updated,
    ]


def _frozen(row) -> bytes:
    """A final typed row as one bytes object (str, int, float, bool and None come back as they were)."""
    return marshal.dumps(tuple(row))


def _thawed(blob: bytes) -> list:
    return list(marshal.loads(blob))


def _deal_row(d) -> list:
    # d.lead: the lead's id number once the leads are frozen (see _Gen.freeze_leads)
    lead = d.lead if d.lead is None or isinstance(d.lead, int) else d.lead.seq
    return [
        d.id,
        d.name,
        d.account.id,
        d.owner.id,
        f"L-{lead:06d}" if lead else None,
        d.pipeline,
        d.dtype,
        d.stage,
        d.amount,
        d.currency,
        d.created,
        d.exp_close,
        d.closed,
        d.is_closed,
        d.is_won,
        d.lost_reason,
        d.competitor,
        d.deleted,
        d.updated,
    ]
