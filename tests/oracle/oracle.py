"""Independent reference implementation ("oracle") of the core sales KPIs.

It reads the raw contract files (``docs/input_contract.md``) directly and
computes every core KPI of the KPI catalog (``docs/kpi_catalog.md``) from first principles, following
``models/kpi/marts/_kpi__conventions.md``. It never reads the warehouse or its
SQL, so that a pytest can compare it row by row with ``kpi_values``.

    from tests.oracle.oracle import compute_kpis
    df = compute_kpis("seeds/crm_sample", as_of="2026-09-15")

The file is organised as:
  1. contract schemas and raw-file reading / cleaning (record rules)
  2. the Context: cleaned tables, dimension members, currency conversion
  3. generic row builders (periods, overall spine, growth rates)
  4. one function per KPI family
  5. compute_kpis() and a small __main__
"""

from __future__ import annotations

import math
import os
import re
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

UNKNOWN = "unknown"
GRAINS = ["month", "quarter", "year"]
OUTPUT_COLUMNS = [
    "kpi_id",
    "grain",
    "period_start",
    "dimension",
    "dimension_value",
    "dimension_label",
    "numerator",
    "denominator",
    "value",
    "unit",
]

# --------------------------------------------------------------------------
# 1. Contract schemas and reading
# --------------------------------------------------------------------------

# Column types.
TEXT = "text"  # kept as is (keys, names, regions ...)
NAME = "name"  # a vocabulary word: lower(trim()), not validated
STAGE = "stage"  # a stage name: a key (FK pipeline_stages); an orphan is kept (stage `unknown`)
CURRENCY = "currency"  # ISO 4217 code, compared after upper(trim())
TS = "timestamp"  # ISO 8601, with or without offset -> naive UTC
DATE = "date"  # YYYY-MM-DD
BOOL = "bool"  # true/false (any case), 1/0
NUM = "number"  # decimal, any sign
AMOUNT = "amount"  # decimal >= 0 (a negative amount is a bad row)
MONEY = "money"  # an amount of money, also at most the plausibility bound (CRM_MAX_AMOUNT)
FRACTION = "fraction"  # decimal in [0, 1]
INT = "int"  # integer


def enum(*values):
    """An enumeration: compared after lower(trim()); other values are bad rows."""
    return ("enum", frozenset(values))


LEAD_SOURCES = enum(
    "paid_ads", "organic", "referral", "event", "outbound", "partner", "social", "email", "other"
)

# table -> primary key, columns (name -> type), (start, end) pairs, required?
SCHEMAS = {
    "users": dict(
        required=True,
        pk=["user_id"],
        columns=dict(
            user_id=TEXT,
            full_name=TEXT,
            email=TEXT,
            role=enum("rep", "sdr", "manager", "csm", "other"),
            team_id=TEXT,
            manager_id=TEXT,
            hired_at=DATE,
            terminated_at=DATE,
            updated_at=TS,
        ),
        ends=[("hired_at", "terminated_at")],
    ),
    "teams": dict(
        required=True, pk=["team_id"], columns=dict(team_id=TEXT, team_name=TEXT, region=TEXT, updated_at=TS)
    ),
    "accounts": dict(
        required=True,
        pk=["account_id"],
        columns=dict(
            account_id=TEXT,
            account_name=TEXT,
            industry=TEXT,
            segment=enum("smb", "mid_market", "enterprise"),
            country=TEXT,
            region=TEXT,
            owner_id=TEXT,
            created_at=TS,
            is_deleted=BOOL,
            updated_at=TS,
        ),
    ),
    "leads": dict(
        required=True,
        pk=["lead_id"],
        columns=dict(
            lead_id=TEXT,
            created_at=TS,
            lead_source=LEAD_SOURCES,
            campaign_id=TEXT,
            owner_id=TEXT,
            company_name=TEXT,
            email=TEXT,
            country=TEXT,
            region=TEXT,
            status=enum("new", "working", "mql", "sql", "converted", "disqualified"),
            mql_at=TS,
            sql_at=TS,
            converted_at=TS,
            converted_account_id=TEXT,
            converted_deal_id=TEXT,
            is_deleted=BOOL,
            updated_at=TS,
        ),
    ),
    "deals": dict(
        required=True,
        pk=["deal_id"],
        columns=dict(
            deal_id=TEXT,
            deal_name=TEXT,
            account_id=TEXT,
            owner_id=TEXT,
            lead_id=TEXT,
            pipeline=TEXT,
            deal_type=enum("new_business", "upsell", "cross_sell", "renewal"),
            stage=STAGE,
            amount=MONEY,
            currency=CURRENCY,
            created_at=TS,
            expected_close_date=DATE,
            closed_at=TS,
            is_closed=BOOL,
            is_won=BOOL,
            lost_reason=TEXT,
            competitor=TEXT,
            is_deleted=BOOL,
            updated_at=TS,
        ),
        ends=[("created_at", "closed_at")],
    ),
    "deal_stage_history": dict(
        required=True,
        pk=["deal_id", "stage", "entered_at"],
        columns=dict(deal_id=TEXT, stage=STAGE, entered_at=TS, changed_by=TEXT),
    ),
    "pipeline_stages": dict(
        required=True,
        pk=["pipeline", "stage"],
        columns=dict(
            pipeline=TEXT, stage=NAME, stage_order=INT, probability=FRACTION, is_closed=BOOL, is_won=BOOL
        ),
    ),
    "products": dict(
        required=False,
        pk=["product_id"],
        columns=dict(
            product_id=TEXT,
            product_name=TEXT,
            product_family=TEXT,
            pricing_plan=TEXT,
            list_price=MONEY,
            unit_cost=MONEY,
            currency=CURRENCY,
            updated_at=TS,
        ),
    ),
    "deal_line_items": dict(
        required=False,
        pk=["line_item_id"],
        columns=dict(
            line_item_id=TEXT,
            deal_id=TEXT,
            product_id=TEXT,
            quantity=AMOUNT,
            unit_price=MONEY,
            discount_pct=FRACTION,
            updated_at=TS,
        ),
    ),
    "activities": dict(
        required=True,
        pk=["activity_id"],
        columns=dict(
            activity_id=TEXT,
            activity_type=enum(
                "call",
                "email",
                "meeting",
                "demo",
                "quote",
                "proposal",
                "event",
                "social",
                "follow_up",
                "onboarding",
                "referral_request",
                "note",
            ),
            direction=enum("outbound", "inbound"),
            owner_id=TEXT,
            lead_id=TEXT,
            contact_id=TEXT,
            account_id=TEXT,
            deal_id=TEXT,
            created_at=TS,
            occurred_at=TS,
            status=enum("completed", "scheduled", "cancelled", "no_show"),
            duration_minutes=NUM,
            reply_sentiment=enum("positive", "negative", "neutral"),
            is_deleted=BOOL,
            updated_at=TS,
        ),
    ),
    "subscription_periods": dict(
        required=False,
        pk=["subscription_id", "period_start"],
        columns=dict(
            subscription_id=TEXT,
            account_id=TEXT,
            product_id=TEXT,
            pricing_plan=TEXT,
            period_start=DATE,
            period_end=DATE,
            mrr_amount=MONEY,
            currency=CURRENCY,
            billing_interval=enum("month", "year"),
            updated_at=TS,
        ),
        ends=[("period_start", "period_end")],
    ),
    "expenses": dict(
        required=False,
        pk=["expense_id"],
        columns=dict(
            expense_id=TEXT,
            expense_date=DATE,
            category=enum("marketing", "sales"),
            channel=LEAD_SOURCES,
            campaign_id=TEXT,
            amount=MONEY,
            currency=CURRENCY,
            updated_at=TS,
        ),
    ),
    "campaigns": dict(
        required=False,
        pk=["campaign_id"],
        columns=dict(
            campaign_id=TEXT,
            campaign_name=TEXT,
            channel=LEAD_SOURCES,
            started_at=DATE,
            ended_at=DATE,
            budget=MONEY,
            currency=CURRENCY,
            updated_at=TS,
        ),
        ends=[("started_at", "ended_at")],
    ),
    "fx_rates": dict(
        required=False,
        pk=["rate_date", "currency"],
        columns=dict(rate_date=DATE, currency=CURRENCY, rate_to_reporting=AMOUNT),
    ),
    "quotas": dict(
        required=False,
        pk=["user_id", "period_start"],
        columns=dict(user_id=TEXT, period_start=DATE, quota_amount=MONEY, currency=CURRENCY),
    ),
    "commission_plans": dict(
        required=False,
        pk=["user_id", "effective_from"],
        columns=dict(
            user_id=TEXT,
            effective_from=DATE,
            effective_to=DATE,
            base_rate=FRACTION,
            accelerator_threshold=AMOUNT,
            accelerator_rate=FRACTION,
        ),
        ends=[("effective_from", "effective_to")],
    ),
    "customer_surveys": dict(
        required=False,
        pk=["response_id"],
        columns=dict(
            response_id=TEXT,
            survey_type=enum("nps", "csat"),
            account_id=TEXT,
            contact_id=TEXT,
            responded_at=TS,
            score=INT,
            comment=TEXT,
        ),
    ),
}

# Columns that the oracle really uses; a missing one is an error, any other
# missing contract column is read as all-null. `is_deleted` and `updated_at`
# are optional everywhere (absent = not deleted / no version order).
NEEDED = {
    "users": ["user_id", "full_name", "role", "team_id", "hired_at", "terminated_at"],
    "teams": ["team_id", "team_name"],
    "accounts": ["account_id", "segment", "region"],
    "leads": [
        "lead_id",
        "created_at",
        "lead_source",
        "campaign_id",
        "owner_id",
        "region",
        "converted_at",
        "converted_deal_id",
    ],
    "deals": [
        "deal_id",
        "account_id",
        "owner_id",
        "lead_id",
        "pipeline",
        "deal_type",
        "stage",
        "amount",
        "currency",
        "created_at",
        "closed_at",
        "is_closed",
        "is_won",
    ],
    "deal_stage_history": ["deal_id", "stage", "entered_at"],
    "pipeline_stages": ["pipeline", "stage", "stage_order", "probability", "is_closed", "is_won"],
    "products": ["product_id", "product_name", "pricing_plan"],
    "deal_line_items": ["line_item_id", "deal_id", "product_id", "quantity", "unit_price", "discount_pct"],
    "activities": [
        "activity_id",
        "activity_type",
        "direction",
        "owner_id",
        "lead_id",
        "occurred_at",
        "status",
    ],
    "subscription_periods": [
        "subscription_id",
        "account_id",
        "pricing_plan",
        "period_start",
        "period_end",
        "mrr_amount",
        "currency",
    ],
    "expenses": ["expense_id", "expense_date", "category", "channel", "campaign_id", "amount", "currency"],
    "campaigns": ["campaign_id", "campaign_name"],
    "fx_rates": ["rate_date", "currency", "rate_to_reporting"],
    "quotas": ["user_id", "period_start", "quota_amount", "currency"],
    "commission_plans": [
        "user_id",
        "effective_from",
        "effective_to",
        "base_rate",
        "accelerator_threshold",
        "accelerator_rate",
    ],
    "customer_surveys": ["response_id", "survey_type", "account_id", "responded_at", "score"],
}

# The parsing rules of the warehouse (macros/parsing/), written again here: a plain decimal (no
# exponent, no `+`), an integer of at most 9 digits, ISO 8601 timestamps only (an offset after a
# time, no zone names), a date as YYYY-MM-DD.
_NUMBER_RE = re.compile(r"^-?([0-9]+(\.[0-9]+)?|\.[0-9]+)$")
_INT_RE = re.compile(r"^[+-]?[0-9]{1,9}$")
_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_TS_RE = re.compile(
    r"^([0-9]{4})-([0-9]{2})-([0-9]{2})"  # date
    r"(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?"  # optional time
    r"(Z|z|([+-])([0-9]{2})(?::?([0-9]{2}))?)?)?$"
)  # optional offset
# The largest plausible amount of money on one record (dbt var max_plausible_amount).
MAX_PLAUSIBLE_AMOUNT = float(os.environ.get("CRM_MAX_AMOUNT") or "1e12")


def _parse_timestamp(text):
    """ISO 8601 text -> naive UTC datetime (naive input = UTC), or None."""
    match = _TS_RE.match(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, offset, sign, off_h, off_m = match.groups()
    try:
        value = datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            int((fraction or "0")[:6].ljust(6, "0")),
        )
    except ValueError:
        return None
    if sign:
        shift = timedelta(hours=int(off_h), minutes=int(off_m or 0))
        value = value - shift if sign == "+" else value + shift
    return value


def _parse_date(text):
    text = text.strip()
    if not _DATE_RE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _parse_number(text):
    """A plain decimal -> float, or None (also for a value too large for a float)."""
    text = text.strip()
    if not _NUMBER_RE.match(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def _parse_int(text):
    text = text.strip()
    return float(text) if _INT_RE.match(text) else None


_BOOLS = {"true": True, "1": True, "false": False, "0": False}


def _parse_column(raw: pd.Series, ctype):
    """Parse one raw text column. Returns (values, bad_mask, reason)."""
    present = raw.notna()
    if ctype == TEXT:
        return raw, pd.Series(False, index=raw.index), None
    if ctype == CURRENCY:
        return raw.str.strip().str.upper(), pd.Series(False, index=raw.index), None
    if ctype == NAME:
        return raw.str.strip().str.lower(), pd.Series(False, index=raw.index), None
    if isinstance(ctype, tuple) and ctype[0] == "enum":
        values = raw.str.strip().str.lower()
        return values, present & ~values.isin(ctype[1]), "value outside allowed set"
    if ctype == BOOL:
        values = raw.str.strip().str.lower().map(_BOOLS)
        return values, present & values.isna(), "unparseable boolean"
    # Types parsed value by value: parse each distinct text once.
    parser = {TS: _parse_timestamp, DATE: _parse_date, INT: _parse_int}.get(ctype, _parse_number)
    parsed = {text: parser(text) for text in raw.dropna().unique()}
    results = [None if text is None or text is np.nan else parsed[text] for text in raw.tolist()]
    bad = present & pd.Series([r is None for r in results], index=raw.index)
    if ctype in (TS, DATE):
        unit = "datetime64[us]" if ctype == TS else "datetime64[D]"
        values = pd.Series(np.array(results, dtype=unit), index=raw.index)
        return values, bad, f"unparseable {ctype}"
    values = pd.Series(np.array([np.nan if r is None else r for r in results], dtype=float), index=raw.index)
    reason = "unparseable number"
    if ctype == AMOUNT:
        bad = bad | (values < 0)
        reason = "unparseable or negative amount"
    elif ctype == MONEY:
        bad = bad | (values < 0) | (values > MAX_PLAUSIBLE_AMOUNT)
        reason = "unparseable, negative or implausible amount"
    elif ctype == FRACTION:
        bad = bad | (values < 0) | (values > 1)
        reason = "unparseable number or outside 0..1"
    elif ctype == INT:
        bad = bad | (values.notna() & (values != np.floor(values)))
        reason = "unparseable integer"
    return values, bad, reason


def _value_as_text(v):
    """One typed parquet value as contract text (None for null), as the loader
    writes it. Timestamps become naive UTC ISO text; a midnight timestamp
    becomes a plain date, so that a date column typed as timestamp still parses
    as a date (and a timestamp column reads it back as midnight UTC). A float
    becomes a plain decimal (no exponent; a whole number without '.0')."""
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, (bool, np.bool_)):
        return "true" if v else "false"
    if isinstance(v, float):  # a plain decimal, a whole number without '.0'
        if not math.isfinite(v):
            return str(v)
        return str(int(v)) if v.is_integer() else format(Decimal(repr(v)), "f")
    if isinstance(v, datetime):  # includes pd.Timestamp
        if v.tzinfo is not None:
            v = v.astimezone(UTC).replace(tzinfo=None)
        if (v.hour, v.minute, v.second, v.microsecond) == (0, 0, 0, 0):
            return v.date().isoformat()
        return v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def _parquet_as_text(df: pd.DataFrame) -> pd.DataFrame:
    """Turn a typed parquet frame into contract text, so one parser serves both."""
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        values = df[col].astype(object).tolist()
        out[col] = pd.Series([_value_as_text(v) for v in values], index=df.index, dtype=object)
    return out


def read_raw(raw_dir: Path, table: str) -> pd.DataFrame | None:
    """The raw rows of a table as text (None for null), or None if absent."""
    csv_path = raw_dir / f"{table}.csv"
    parquet_path = raw_dir / f"{table}.parquet"
    if csv_path.exists():
        df = pd.read_csv(csv_path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig")
    elif parquet_path.exists():
        df = _parquet_as_text(pd.read_parquet(parquet_path))
    else:
        return None
    df.columns = [str(c).strip() for c in df.columns]
    return df


def stage_table(raw_dir: Path, table: str, stage_names=()):
    """Apply the record rules to one table.

    Returns (clean, quarantine): `clean` holds the winning, non-deleted version
    of every record with typed columns; `quarantine` the rejected rows and why.
    stage_names: the stages defined in pipeline_stages (the allowed set of
    STAGE columns).
    """
    schema = SCHEMAS[table]
    # The contract makes deals.stage / deal_stage_history.stage foreign keys of
    # pipeline_stages: a stage that is not defined there is an orphan (kept, `unknown`),
    # not a bad value.
    columns = {col: (TEXT if ctype == STAGE else ctype) for col, ctype in schema["columns"].items()}
    columns.setdefault("is_deleted", BOOL)  # optional on every table
    columns.setdefault("updated_at", TS)
    raw = read_raw(raw_dir, table)
    if raw is None:
        if schema["required"]:
            raise FileNotFoundError(f"required table {table!r} not found in {raw_dir}")
        raw = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    for col in NEEDED[table]:
        if col not in raw.columns:
            raise ValueError(f"{table}: required column {col!r} is missing")
    raw = raw.reset_index(drop=True)
    typed = pd.DataFrame(index=raw.index)
    bad = pd.Series(False, index=raw.index)
    reason = pd.Series(None, index=raw.index, dtype=object)

    def flag(mask, why):
        nonlocal bad
        new = mask & ~bad
        reason[new] = why
        bad = bad | mask

    for col, ctype in columns.items():
        text = raw[col] if col in raw.columns else pd.Series(None, index=raw.index, dtype=object)
        values, col_bad, why = _parse_column(text, ctype)
        typed[col] = values
        flag(col_bad, f"{col}: {why}")
    for col in schema["pk"]:
        flag(typed[col].isna(), f"missing primary key {col}")
    for start, end in schema.get("ends", []):
        flag(typed[start].notna() & typed[end].notna() & (typed[end] < typed[start]), f"{end} before {start}")
    if table == "customer_surveys":
        nps_bad = (typed["survey_type"] == "nps") & ((typed["score"] < 0) | (typed["score"] > 10))
        csat_bad = (typed["survey_type"] == "csat") & ((typed["score"] < 1) | (typed["score"] > 5))
        flag(nps_bad | csat_bad, "score outside the survey's scale")
    if table == "quotas":
        month_start = typed["period_start"].values.astype("datetime64[M]").astype("datetime64[D]")
        flag(
            typed["period_start"].notna() & (typed["period_start"].values != month_start),
            "period_start is not the first day of a month",
        )

    quarantine = raw[bad].assign(_reason=reason[bad])
    valid = typed[~bad]

    # Versions: identical rows collapse; rows of one key with equal updated_at
    # but different values are all quarantined; the latest remaining wins.
    valid = valid.drop_duplicates()
    version_key = schema["pk"] + ["updated_at"]
    conflicts = valid.duplicated(version_key, keep=False)
    quarantine = pd.concat(
        [
            quarantine,
            raw.loc[valid.index[conflicts]].assign(_reason="conflicting versions with equal updated_at"),
        ]
    )
    valid = valid[~conflicts]
    valid = valid.sort_values("updated_at", na_position="first", kind="stable")
    latest = valid.drop_duplicates(schema["pk"], keep="last")

    clean = latest[latest["is_deleted"] != True]  # noqa: E712 (null = not deleted)
    return clean.reset_index(drop=True), quarantine


# --------------------------------------------------------------------------
# 2. Context: cleaned tables, dimension members, currency
# --------------------------------------------------------------------------


def _days(values) -> np.ndarray:
    """Any datetime-like array/Series -> numpy datetime64[D] (the UTC day)."""
    return np.asarray(pd.Series(values).values).astype("datetime64[D]")


def period_of(values, grain) -> np.ndarray:
    """First day (datetime64[D]) of the `grain` period containing each value."""
    months = np.asarray(pd.Series(values).values).astype("datetime64[M]")
    if grain == "quarter":
        index = months.astype("int64")
        months = (index - index % 3).astype("datetime64[M]")
    elif grain == "year":
        months = months.astype("datetime64[Y]").astype("datetime64[M]")
    return months.astype("datetime64[D]")


MONTHS_PER = {"month": 1, "quarter": 3, "year": 12}


def shift_period(period_starts, grain, steps) -> np.ndarray:
    """Move period starts by `steps` periods of `grain`."""
    months = np.asarray(period_starts).astype("datetime64[M]")
    return (months + steps * MONTHS_PER[grain]).astype("datetime64[D]")


def period_last_day(period_starts, grain) -> np.ndarray:
    return shift_period(period_starts, grain, 1) - np.timedelta64(1, "D")


def periods_between(first, last, grain) -> np.ndarray:
    """All period starts of `grain` from `first` to `last` (both period starts)."""
    first_m = np.datetime64(first, "M")
    last_m = np.datetime64(last, "M")
    return np.arange(first_m, last_m + 1, MONTHS_PER[grain]).astype("datetime64[D]")


class Context:
    """The cleaned contract tables plus everything shared by the KPI families."""

    def __init__(self, raw_dir, as_of, reporting_currency="USD", mrr_snapshot="month_end", fx_base="USD"):
        if mrr_snapshot not in ("month_end", "month_start"):
            raise ValueError("mrr_snapshot must be 'month_end' or 'month_start'")
        self.raw_dir = Path(raw_dir)
        self.as_of = np.datetime64(str(as_of)[:10], "D")
        # An event counts when its timestamp is < as_of + 1 day.
        self.cutoff = pd.Timestamp(self.as_of + np.timedelta64(1, "D"))
        self.reporting = reporting_currency.strip().upper()
        self.base = fx_base.strip().upper()
        self.mrr_snapshot = mrr_snapshot
        self.tables = {}
        self.quarantine = {}
        stages, self.quarantine["pipeline_stages"] = stage_table(self.raw_dir, "pipeline_stages")
        for table in SCHEMAS:
            if table == "pipeline_stages":
                self.tables[table] = stages
                continue
            self.tables[table], self.quarantine[table] = stage_table(
                self.raw_dir, table, stage_names=set(stages["stage"].dropna())
            )
        self._build_members()
        self._build_fx()

    def asof_period(self, grain):
        return period_of([self.as_of], grain)[0]

    # -- dimension members ------------------------------------------------
    def _build_members(self):
        users = self.tables["users"]
        teams = self.tables["teams"]
        self.team_ids = set(teams["team_id"])
        self.team_label = dict(zip(teams["team_id"], teams["team_name"].fillna(teams["team_id"])))
        self.user_ids = set(users["user_id"])
        self.user_label = dict(zip(users["user_id"], users["full_name"].fillna(users["user_id"])))
        self.user_team = dict(zip(users["user_id"], self._valid(users["team_id"], self.team_ids)))
        self.user_role = dict(zip(users["user_id"], users["role"]))

        accounts = self.tables["accounts"]
        self.account_region = dict(zip(accounts["account_id"], accounts["region"].fillna(UNKNOWN)))
        self.account_segment = dict(zip(accounts["account_id"], accounts["segment"].fillna(UNKNOWN)))

        leads = self.tables["leads"]
        self.lead_source_of_lead = dict(zip(leads["lead_id"], leads["lead_source"].fillna(UNKNOWN)))

        campaigns = self.tables["campaigns"]
        self.campaign_ids = set(campaigns["campaign_id"])
        self.campaign_label = dict(
            zip(campaigns["campaign_id"], campaigns["campaign_name"].fillna(campaigns["campaign_id"]))
        )

        products = self.tables["products"]
        self.product_ids = set(products["product_id"])
        self.product_label = dict(
            zip(products["product_id"], products["product_name"].fillna(products["product_id"]))
        )
        self.product_plan = dict(zip(products["product_id"], products["pricing_plan"].fillna(UNKNOWN)))

        stages = self.tables["pipeline_stages"].copy()
        stages["is_lost"] = (stages["is_closed"] == True) & (stages["is_won"] != True)  # noqa: E712
        self.stages = stages

    @staticmethod
    def _valid(keys: pd.Series, valid_ids) -> pd.Series:
        """Key when it points at an existing record, else `unknown`."""
        keys = pd.Series(keys)
        return keys.where(keys.isin(valid_ids), UNKNOWN).astype(object)

    def rep(self, user_ids):
        return self._valid(user_ids, self.user_ids)

    def team_of_user(self, user_ids):
        return pd.Series(user_ids).map(self.user_team).astype(object).fillna(UNKNOWN)

    def region_of_account(self, account_ids):
        return pd.Series(account_ids).map(self.account_region).astype(object).fillna(UNKNOWN)

    def segment_of_account(self, account_ids):
        return pd.Series(account_ids).map(self.account_segment).astype(object).fillna(UNKNOWN)

    def source_of_lead(self, lead_ids):
        return pd.Series(lead_ids).map(self.lead_source_of_lead).astype(object).fillna(UNKNOWN)

    def campaign(self, campaign_ids):
        return self._valid(campaign_ids, self.campaign_ids)

    def product(self, product_ids):
        return self._valid(product_ids, self.product_ids)

    def plan_of_product(self, product_ids):
        return pd.Series(product_ids).map(self.product_plan).fillna(UNKNOWN).astype(object)

    def label(self, dimension, value):
        if dimension == "overall":
            return "All"
        if value == UNKNOWN:
            return "Unknown"
        names = {
            "rep": self.user_label,
            "team": self.team_label,
            "campaign": self.campaign_label,
            "product": self.product_label,
        }.get(dimension)
        if names is None:
            return value
        return names.get(value, value)

    # -- currency -----------------------------------------------------------
    def _build_fx(self):
        """Rates against the base currency per currency (the base's own rows are ignored)."""
        fx = self.tables["fx_rates"]
        fx = fx[fx["rate_to_reporting"].notna() & (fx["currency"] != self.base)]
        fx = fx.sort_values("rate_date")
        self.fx = {
            cur: (_days(g["rate_date"]), g["rate_to_reporting"].to_numpy(float))
            for cur, g in fx.groupby("currency")
        }

    def _rate_to_base(self, currency, days) -> np.ndarray:
        """Units of the base currency for 1 unit of `currency` on each day: the rate of the
        latest rate_date <= the day, else the earliest rate; the base itself is 1; a currency
        without any rate gives NaN."""
        if currency == self.base:
            return np.ones(len(days))
        if currency not in self.fx:
            return np.full(len(days), np.nan)
        rate_days, rates = self.fx[currency]
        position = np.searchsorted(rate_days, days, side="right") - 1
        return rates[np.clip(position, 0, None)]

    def convert(self, amounts, currencies, on_dates) -> np.ndarray:
        """Amounts in the reporting currency: amount x rate(currency) / rate(reporting
        currency), both against the base and picked for the same event date. The reporting
        currency's rate is 1; a currency without any rate gives null."""
        amounts = np.asarray(pd.Series(amounts), dtype=float)
        currencies = np.asarray(pd.Series(currencies).astype(object))
        days = _days(on_dates)
        rate = np.full(len(amounts), np.nan)
        for currency in pd.unique(currencies):
            mask = currencies == currency
            if currency == self.reporting:
                rate[mask] = 1.0
            elif isinstance(currency, str):
                rate[mask] = self._rate_to_base(currency, days[mask]) / self._rate_to_base(
                    self.reporting, days[mask]
                )
        return amounts * rate


# --------------------------------------------------------------------------
# 3. Generic row builders
# --------------------------------------------------------------------------
#
# A KPI family first builds "records": one row per underlying record and
# period, with columns `grain`, `period` (datetime64 first day), `num`, `den`
# and one column per dimension (named after it). rows_from_records() then
# sums num and den per (grain, period, member) and builds the output rows.


def empty_rows() -> pd.DataFrame:
    """The rows of a KPI without any record."""
    return pd.DataFrame(
        {
            "kpi_id": pd.Series(dtype=object),
            "grain": pd.Series(dtype=object),
            "period": pd.Series(dtype="datetime64[s]"),
            "dimension": pd.Series(dtype=object),
            "dimension_value": pd.Series(dtype=object),
            "numerator": pd.Series(dtype=float),
            "denominator": pd.Series(dtype=float),
            "value": pd.Series(dtype=float),
            "unit": pd.Series(dtype=object),
        }
    )


def by_grain(records: pd.DataFrame, date_column, grains=GRAINS) -> pd.DataFrame:
    """One copy of the records per grain, tagged with the period of date_column."""
    parts = []
    for grain in grains:
        part = records.copy()
        part["grain"] = grain
        part["period"] = period_of(part[date_column], grain)
        parts.append(part)
    if not parts:
        return records.assign(grain=pd.Series(dtype=object), period=pd.Series(dtype="datetime64[s]"))
    return pd.concat(parts, ignore_index=True)


def _finish(sums: pd.DataFrame, kind) -> pd.DataFrame:
    """Fill numerator / denominator / value from summed num and den."""
    num = sums["num"].astype(float)
    den = sums["den"].astype(float)
    out = sums.copy()
    out["numerator"] = num
    if kind == "sum":
        out["denominator"] = np.nan
        out["value"] = num
    else:
        out["denominator"] = den
        safe = den.where(den != 0)
        out["value"] = num / safe * (100.0 if kind == "nps" else 1.0)
    return out


def overall_spine(records: pd.DataFrame, ctx: Context, grains) -> pd.DataFrame:
    """(grain, period) of every period from the first period with records to
    the as-of period, per grain."""
    parts = []
    for grain in grains:
        periods = records.loc[records["grain"] == grain, "period"]
        if grain == "snapshot":
            if len(records):
                parts.append(pd.DataFrame({"grain": grain, "period": [pd.Timestamp(ctx.as_of)]}))
            continue
        if periods.empty:
            continue
        first = periods.min()
        spine = periods_between(np.datetime64(first, "D"), ctx.asof_period(grain), grain)
        parts.append(pd.DataFrame({"grain": grain, "period": pd.to_datetime(spine)}))
    if not parts:
        return pd.DataFrame({"grain": pd.Series(dtype=object), "period": pd.Series(dtype="datetime64[ns]")})
    return pd.concat(parts, ignore_index=True)


def rows_from_records(kpi_id, unit, kind, records, dims, ctx, grains=GRAINS) -> pd.DataFrame:
    """Output rows of one KPI from its records.

    kind: 'sum' (counts and sums), 'ratio' (rates and averages: num / den),
    'nps' (100 x num / den)."""
    if records.empty:
        return empty_rows()
    records = records.copy()
    if "den" not in records:
        records["den"] = 0.0
    records["period"] = pd.to_datetime(records["period"])
    records = records[records["grain"].isin(grains)]
    results = []
    for dim in dims:
        if dim == "overall":
            sums = records.groupby(["grain", "period"], as_index=False)[["num", "den"]].sum()
            spine = overall_spine(records, ctx, grains)
            sums = spine.merge(sums, on=["grain", "period"], how="left")
            sums[["num", "den"]] = sums[["num", "den"]].fillna(0.0)
            sums["dimension_value"] = "all"
        else:
            sums = records.groupby(["grain", "period", dim], as_index=False)[["num", "den"]].sum()
            sums = sums.rename(columns={dim: "dimension_value"})
        sums["dimension"] = dim
        results.append(_finish(sums, kind))
    out = pd.concat(results, ignore_index=True) if results else pd.DataFrame()
    out["kpi_id"] = kpi_id
    out["unit"] = unit
    return out


def growth_rows(kpi_id, base, dims, ctx, grains, lag_months) -> pd.DataFrame:
    """(current - previous) / previous, previous = the period `lag_months`
    earlier. `base` holds records (grain, period, num, dims); a member has a
    row where it has a record in either of the two periods compared."""
    if base.empty:
        return empty_rows()
    results = []
    base = base.copy()
    base["period"] = pd.to_datetime(base["period"])
    base["records"] = 1
    for dim in dims:
        keys = ["grain", "period"] + ([] if dim == "overall" else [dim])
        current = base[base["grain"].isin(grains)].groupby(keys, as_index=False)[["num", "records"]].sum()
        previous = current.copy()
        previous["period"] = pd.to_datetime(
            (previous["period"].values.astype("datetime64[M]") + lag_months).astype("datetime64[D]")
        )
        previous = previous.rename(columns={"num": "prev", "records": "prev_records"})
        both = current.merge(previous, on=keys, how="outer")
        asof_periods = {g: pd.Timestamp(ctx.asof_period(g)) for g in grains}
        both = both[both["period"] <= both["grain"].map(asof_periods)]
        if dim == "overall":
            spine = overall_spine(current, ctx, grains)
            both = spine.merge(both, on=keys, how="left")
            both["dimension_value"] = "all"
        else:
            both = both.rename(columns={dim: "dimension_value"})
        both[["num", "prev"]] = both[["num", "prev"]].fillna(0.0)
        both["dimension"] = dim
        both["numerator"] = both["num"] - both["prev"]
        both["denominator"] = both["prev"]
        both["value"] = both["numerator"] / both["prev"].where(both["prev"] != 0)
        results.append(both)
    out = pd.concat(results, ignore_index=True)
    out["kpi_id"] = kpi_id
    out["unit"] = "ratio"
    return out


# --------------------------------------------------------------------------
# 4. KPI families
# --------------------------------------------------------------------------

DEAL_DIMS = ["overall", "rep", "team", "region", "segment", "lead_source", "deal_type"]


def prepare_deals(ctx: Context) -> pd.DataFrame:
    """Non-deleted deals as of the cut-off, with their KPI attributes.

    closed_eff: closed_at when it is before the cut-off (a deal closed later
    is open at the cut-off); won / lost follow from it. amount_rc: amount in
    the reporting currency at the deal's event date (closed_eff, else as_of)."""
    deals = ctx.tables["deals"].copy()
    deals = deals[~(deals["created_at"] >= ctx.cutoff)]  # not created yet
    closed_in_time = deals["closed_at"] < ctx.cutoff
    deals["closed_eff"] = deals["closed_at"].where(closed_in_time)
    deals["won"] = closed_in_time & (deals["is_won"] == True)  # noqa: E712
    deals["lost"] = closed_in_time & (deals["is_closed"] == True) & (deals["is_won"] != True)  # noqa: E712
    event_day = _days(deals["closed_eff"])
    event_day = np.where(np.isnat(event_day), ctx.as_of, event_day)
    deals["amount_rc"] = ctx.convert(deals["amount"], deals["currency"], event_day)
    deals["rep"] = ctx.rep(deals["owner_id"])
    deals["team"] = ctx.team_of_user(deals["owner_id"])
    deals["region"] = ctx.region_of_account(deals["account_id"])
    deals["segment"] = ctx.segment_of_account(deals["account_id"])
    deals["lead_source"] = ctx.source_of_lead(deals["lead_id"])
    deals["deal_type"] = deals["deal_type"].fillna(UNKNOWN)
    return deals.reset_index(drop=True)


def deal_kpis(ctx: Context, deals: pd.DataFrame) -> dict:
    """new_opportunities, pipeline_created_amount, deals_won, won_revenue,
    win_rate, avg_deal_size, sales_cycle_days."""
    created = deals[deals["created_at"].notna()]
    won = deals[deals["won"]]
    closed = deals[deals["won"] | deals["lost"]]
    out = {}

    records = by_grain(created.assign(num=1.0), "created_at")
    out["new_opportunities"] = rows_from_records("new_opportunities", "count", "sum", records, DEAL_DIMS, ctx)

    records = by_grain(created.assign(num=created["amount_rc"]), "created_at")
    out["pipeline_created_amount"] = rows_from_records(
        "pipeline_created_amount", "currency", "sum", records, DEAL_DIMS, ctx
    )

    records = by_grain(won.assign(num=1.0), "closed_eff")
    out["deals_won"] = rows_from_records("deals_won", "count", "sum", records, DEAL_DIMS, ctx)

    records = by_grain(won.assign(num=won["amount_rc"]), "closed_eff")
    by_deal = rows_from_records("won_revenue", "currency", "sum", records, DEAL_DIMS, ctx)
    # By product and pricing plan: net line amounts of the won deals.
    items = ctx.tables["deal_line_items"].merge(
        won[["deal_id", "closed_eff", "currency"]], on="deal_id", how="inner"
    )
    net = items["quantity"] * items["unit_price"] * (1 - items["discount_pct"].fillna(0.0))
    items["num"] = ctx.convert(net, items["currency"], items["closed_eff"])
    items["product"] = ctx.product(items["product_id"])
    items["pricing_plan"] = ctx.plan_of_product(items["product_id"])
    by_item = rows_from_records(
        "won_revenue", "currency", "sum", by_grain(items, "closed_eff"), ["product", "pricing_plan"], ctx
    )
    out["won_revenue"] = pd.concat([by_deal, by_item], ignore_index=True)

    records = by_grain(closed.assign(num=closed["won"].astype(float), den=1.0), "closed_eff")
    out["win_rate"] = rows_from_records("win_rate", "ratio", "ratio", records, DEAL_DIMS, ctx)

    records = by_grain(won.assign(num=won["amount_rc"], den=1.0), "closed_eff")
    out["avg_deal_size"] = rows_from_records("avg_deal_size", "currency", "ratio", records, DEAL_DIMS, ctx)

    timed = won[won["created_at"].notna()]
    days = (timed["closed_eff"] - timed["created_at"]).dt.total_seconds() / 86400.0
    records = by_grain(timed.assign(num=days, den=1.0), "closed_eff")
    out["sales_cycle_days"] = rows_from_records("sales_cycle_days", "days", "ratio", records, DEAL_DIMS, ctx)
    return out


def pipeline_snapshot_days(ctx: Context, first_event) -> pd.DataFrame:
    """(grain, period, day) of every pipeline snapshot: each period's last day
    (as_of for the current period) from the period of first_event on, plus
    the `snapshot` grain at as_of."""
    rows = []
    for grain in GRAINS:
        first = period_of([first_event], grain)[0]
        for start in periods_between(first, ctx.asof_period(grain), grain):
            day = min(period_last_day([start], grain)[0], ctx.as_of)
            rows.append((grain, start, day))
    rows.append(("snapshot", ctx.as_of, ctx.as_of))
    snaps = pd.DataFrame(rows, columns=["grain", "period", "day"])
    snaps["period"] = pd.to_datetime(snaps["period"])
    snaps["day"] = pd.to_datetime(snaps["day"])
    # A snapshot on day D is taken at the end of D, i.e. just before D + 1.
    snaps["snap_end"] = (snaps["day"] + pd.Timedelta(days=1)).astype("datetime64[us]")
    return snaps


def pipeline_kpis(ctx: Context, deals: pd.DataFrame) -> dict:
    """pipeline_value and weighted_pipeline_value: open deals at each period's
    end, valued at the snapshot date, by the stage held at that time."""
    dims = ["overall", "rep", "team", "region", "stage"]
    grains = GRAINS + ["snapshot"]
    candidates = deals[deals["created_at"].notna()]
    if candidates.empty:
        return {"pipeline_value": empty_rows(), "weighted_pipeline_value": empty_rows()}
    snaps = pipeline_snapshot_days(ctx, candidates["created_at"].min())
    columns = [
        "deal_id",
        "pipeline",
        "amount",
        "currency",
        "created_at",
        "closed_eff",
        "rep",
        "team",
        "region",
    ]
    pairs = candidates[columns].merge(snaps, how="cross")
    is_open = (pairs["created_at"] < pairs["snap_end"]) & (
        pairs["closed_eff"].isna() | (pairs["closed_eff"] >= pairs["snap_end"])
    )
    snapshot = pairs[is_open].sort_values("snap_end").reset_index(drop=True)

    # Stage held: the latest history row entered at or before the snapshot
    # (ties: the smaller stage name), else the first stage of the pipeline.
    history = ctx.tables["deal_stage_history"][["deal_id", "stage", "entered_at"]]
    history = history[history["entered_at"].notna()].rename(columns={"stage": "held_stage"})
    history = history.assign(entered_at=history["entered_at"].astype("datetime64[us]"))
    history = history.sort_values(["entered_at", "held_stage"], ascending=[True, False])
    snapshot = pd.merge_asof(
        snapshot,
        history,
        left_on="snap_end",
        right_on="entered_at",
        by="deal_id",
        direction="backward",
        allow_exact_matches=False,
    )
    stages = ctx.stages.sort_values(["pipeline", "stage_order", "stage"])
    first_stage = stages.drop_duplicates("pipeline").set_index("pipeline")["stage"]
    snapshot["held_stage"] = snapshot["held_stage"].fillna(snapshot["pipeline"].map(first_stage))
    snapshot = snapshot.merge(
        ctx.stages[["pipeline", "stage", "probability"]].rename(columns={"stage": "held_stage"}),
        on=["pipeline", "held_stage"],
        how="left",
        indicator=True,
    )
    snapshot["stage"] = snapshot["held_stage"].where(snapshot["_merge"] == "both", UNKNOWN)
    snapshot["amount_rc"] = ctx.convert(snapshot["amount"], snapshot["currency"], snapshot["day"])

    out = {}
    records = snapshot.assign(num=snapshot["amount_rc"])
    out["pipeline_value"] = rows_from_records("pipeline_value", "currency", "sum", records, dims, ctx, grains)
    records = snapshot.assign(num=snapshot["amount_rc"] * snapshot["probability"])
    out["weighted_pipeline_value"] = rows_from_records(
        "weighted_pipeline_value", "currency", "sum", records, dims, ctx, grains
    )
    return out


def stage_conversion_kpis(ctx: Context, deals: pd.DataFrame) -> dict:
    """stage_conversion_rate: cohort of deals created in the period; for each
    non-lost stage k (but the last) of a pipeline: deals that reached the next
    non-lost stage / deals that reached k."""
    cohort = deals[deals["created_at"].notna()][["deal_id", "pipeline", "stage", "won", "created_at"]]
    non_lost = ctx.stages[~ctx.stages["is_lost"]][["pipeline", "stage", "stage_order"]]

    # Stages held by the end of as_of: every history row entered by then, plus the stage
    # held at as_of (the latest such row, else the first stage of the pipeline). The deal
    # record's own `stage` does not count: it may have been set after as_of.
    history = ctx.tables["deal_stage_history"]
    history = history[history["entered_at"] < ctx.cutoff][["deal_id", "stage"]]
    held_history = history.merge(cohort[["deal_id", "pipeline"]], on="deal_id")
    stages = ctx.stages.sort_values(["pipeline", "stage_order", "stage"])
    first_stage = stages.drop_duplicates("pipeline").set_index("pipeline")["stage"]
    without_history = cohort[~cohort["deal_id"].isin(held_history["deal_id"])]
    held_first = without_history[["deal_id", "pipeline"]].assign(
        stage=without_history["pipeline"].map(first_stage)
    )
    held = pd.concat([held_history, held_first], ignore_index=True).merge(non_lost, on=["pipeline", "stage"])
    max_order = held.groupby("deal_id")["stage_order"].max()
    top_order = non_lost.groupby("pipeline")["stage_order"].max()
    held_order = cohort["deal_id"].map(max_order).astype(float)
    won_order = cohort["pipeline"].map(top_order).astype(float)
    # A deal won by then reached every stage.
    cohort = cohort.assign(reached=np.where(cohort["won"], won_order, held_order))

    ladder = non_lost.sort_values(["pipeline", "stage_order", "stage"]).copy()
    ladder["next_order"] = ladder.groupby("pipeline")["stage_order"].shift(-1)
    ladder = ladder[ladder["next_order"].notna()]
    steps = cohort.drop(columns="stage").merge(ladder, on="pipeline")
    steps = steps[steps["reached"] >= steps["stage_order"]]
    records = by_grain(
        steps.assign(num=(steps["reached"] >= steps["next_order"]).astype(float), den=1.0), "created_at"
    )
    return {
        "stage_conversion_rate": rows_from_records(
            "stage_conversion_rate", "ratio", "ratio", records, ["stage"], ctx
        )
    }


def sales_velocity_kpis(ctx: Context, deal_rows: dict) -> dict:
    """new_opportunities x win_rate x avg_deal_size / sales_cycle_days, per
    period and member, from the rows of those four KPIs."""
    dims = ["overall", "rep", "team", "region"]
    keys = ["grain", "period", "dimension", "dimension_value"]
    factors = {
        "n": "new_opportunities",
        "wr": "win_rate",
        "ads": "avg_deal_size",
        "cycle": "sales_cycle_days",
    }
    merged = None
    for name, kpi in factors.items():
        rows = deal_rows[kpi]
        rows = rows[rows["dimension"].isin(dims)][keys + ["value"]].rename(columns={"value": name})
        if rows.empty:
            continue
        merged = rows if merged is None else merged.merge(rows, on=keys, how="outer")
    if merged is None:
        return {"sales_velocity": empty_rows()}
    merged = merged.reindex(columns=keys + list(factors))
    merged["n"] = merged["n"].fillna(0.0)  # a missing count is 0
    merged["numerator"] = merged["n"] * merged["wr"] * merged["ads"]
    merged["denominator"] = merged["cycle"]
    merged["value"] = merged["numerator"] / merged["denominator"].where(merged["denominator"] != 0)
    merged["kpi_id"] = "sales_velocity"
    merged["unit"] = "currency_per_day"
    return {"sales_velocity": merged}


def prepare_leads(ctx: Context) -> pd.DataFrame:
    """Non-deleted leads created before the cut-off, with their members."""
    leads = ctx.tables["leads"]
    leads = leads[leads["created_at"] < ctx.cutoff].copy()
    leads["lead_source"] = leads["lead_source"].fillna(UNKNOWN)
    leads["campaign"] = ctx.campaign(leads["campaign_id"])
    leads["region"] = leads["region"].fillna(UNKNOWN)
    leads["rep"] = ctx.rep(leads["owner_id"])
    return leads.reset_index(drop=True)


def prepare_activities(ctx: Context) -> pd.DataFrame:
    """Completed, non-deleted activities that occurred before the cut-off."""
    acts = ctx.tables["activities"]
    acts = acts[(acts["status"] == "completed") & (acts["occurred_at"] < ctx.cutoff)].copy()
    acts["rep"] = ctx.rep(acts["owner_id"])
    acts["team"] = ctx.team_of_user(acts["owner_id"])
    acts["activity_type"] = acts["activity_type"].fillna(UNKNOWN)
    return acts.reset_index(drop=True)


def marketing_expenses(ctx: Context, categories) -> pd.DataFrame:
    """Expenses of the given categories dated up to as_of, in reporting currency."""
    exp = ctx.tables["expenses"]
    exp = exp[exp["category"].isin(categories) & (exp["expense_date"] <= pd.Timestamp(ctx.as_of))].copy()
    exp["amount_rc"] = ctx.convert(exp["amount"], exp["currency"], exp["expense_date"])
    exp["channel"] = exp["channel"].fillna(UNKNOWN)
    exp["campaign"] = ctx.campaign(exp["campaign_id"])
    return exp.reset_index(drop=True)


def lead_kpis(ctx: Context, leads: pd.DataFrame, acts: pd.DataFrame, deals: pd.DataFrame) -> dict:
    """new_leads, lead_growth_yoy, lead_to_customer_rate, lead_follow_up_rate,
    lead_response_hours, cost_per_lead."""
    out = {}
    all_dims = ["overall", "lead_source", "campaign", "region", "rep"]

    records = by_grain(leads.assign(num=1.0), "created_at")
    out["new_leads"] = rows_from_records("new_leads", "count", "sum", records, all_dims, ctx)
    out["lead_growth_yoy"] = growth_rows(
        "lead_growth_yoy",
        records,
        ["overall", "lead_source", "campaign", "region"],
        ctx,
        GRAINS,
        lag_months=12,
    )

    # Converted to a won deal: converted_deal_id is a won deal (closed before
    # the cut-off), and the lead was not converted after the cut-off.
    won_ids = set(deals.loc[deals["won"], "deal_id"])
    customer = leads["converted_deal_id"].isin(won_ids) & ~(leads["converted_at"] >= ctx.cutoff)
    records = by_grain(leads.assign(num=customer.astype(float), den=1.0), "created_at")
    out["lead_to_customer_rate"] = rows_from_records(
        "lead_to_customer_rate", "ratio", "ratio", records, all_dims, ctx
    )

    outbound = acts[(acts["direction"] == "outbound") & acts["lead_id"].notna()]
    followed = leads["lead_id"].isin(set(outbound["lead_id"]))
    records = by_grain(leads.assign(num=followed.astype(float), den=1.0), "created_at")
    out["lead_follow_up_rate"] = rows_from_records(
        "lead_follow_up_rate", "ratio", "ratio", records, ["overall", "lead_source", "rep"], ctx
    )

    touches = leads[["lead_id", "created_at"]].merge(outbound[["lead_id", "occurred_at"]], on="lead_id")
    touches = touches[touches["occurred_at"] >= touches["created_at"]]
    first_touch = touches.groupby("lead_id", as_index=False)["occurred_at"].min()
    responded = leads.merge(first_touch, on="lead_id")
    hours = (responded["occurred_at"] - responded["created_at"]).dt.total_seconds() / 3600.0
    records = by_grain(responded.assign(num=hours, den=1.0), "created_at")
    out["lead_response_hours"] = rows_from_records(
        "lead_response_hours", "hours", "ratio", records, ["overall", "lead_source", "rep"], ctx
    )

    # cost_per_lead: marketing expenses / new leads; by channel the leads of
    # the lead_source of the same name; by campaign likewise.
    exp = marketing_expenses(ctx, ["marketing"])
    spend = by_grain(
        exp.assign(num=exp["amount_rc"], den=0.0)[["expense_date", "num", "den", "channel", "campaign"]],
        "expense_date",
    )
    counted = by_grain(
        leads.assign(num=0.0, den=1.0, channel=leads["lead_source"])[
            ["created_at", "num", "den", "channel", "campaign"]
        ],
        "created_at",
    )
    records = pd.concat([spend, counted], ignore_index=True)
    out["cost_per_lead"] = rows_from_records(
        "cost_per_lead", "currency", "ratio", records, ["overall", "channel", "campaign"], ctx
    )
    return out


def customer_kpis(ctx: Context, deals: pd.DataFrame) -> dict:
    """new_customers (accounts whose first won deal closed in the period) and
    cac (sales + marketing expenses / new customers)."""
    won = deals[deals["won"] & deals["account_id"].notna()]
    first_won = won.sort_values(["closed_eff", "deal_id"]).drop_duplicates("account_id")
    out = {}
    records = by_grain(first_won.assign(num=1.0), "closed_eff")
    out["new_customers"] = rows_from_records(
        "new_customers", "count", "sum", records, ["overall", "region", "segment", "lead_source"], ctx
    )

    exp = marketing_expenses(ctx, ["marketing", "sales"])
    spend = by_grain(
        exp.assign(num=exp["amount_rc"], den=0.0)[["expense_date", "num", "den"]], "expense_date"
    )
    customers = by_grain(first_won.assign(num=0.0, den=1.0)[["closed_eff", "num", "den"]], "closed_eff")
    records = pd.concat([spend, customers], ignore_index=True)
    out["cac"] = rows_from_records("cac", "currency", "ratio", records, ["overall"], ctx)
    return out


def active_rep_records(ctx: Context) -> pd.DataFrame:
    """One record per (rep, grain, period) in which the rep is active:
    role rep, hired_at <= period end (capped at as_of), terminated_at null or
    >= period start."""
    users = ctx.tables["users"]
    reps = users[(users["role"] == "rep") & users["hired_at"].notna()]
    parts = []
    if reps.empty:
        return pd.DataFrame(columns=["user_id", "team", "grain", "period", "num", "den"])
    for grain in GRAINS:
        first = period_of([reps["hired_at"].min()], grain)[0]
        starts = periods_between(first, ctx.asof_period(grain), grain)
        ends = np.minimum(period_last_day(starts, grain), ctx.as_of)
        periods = pd.DataFrame({"period": pd.to_datetime(starts), "end": pd.to_datetime(ends)})
        pairs = reps[["user_id", "hired_at", "terminated_at"]].merge(periods, how="cross")
        active = (pairs["hired_at"] <= pairs["end"]) & (
            pairs["terminated_at"].isna() | (pairs["terminated_at"] >= pairs["period"])
        )
        parts.append(pairs[active].assign(grain=grain))
    records = pd.concat(parts, ignore_index=True)
    records["team"] = ctx.team_of_user(records["user_id"])
    return records[["user_id", "team", "grain", "period"]].assign(num=0.0, den=1.0)


def won_revenue_by_owner_month(deals: pd.DataFrame) -> pd.DataFrame:
    """Won revenue (reporting currency) per (owner_id, month)."""
    won = deals[deals["won"] & deals["owner_id"].notna()]
    won = won.assign(month=pd.to_datetime(period_of(won["closed_eff"], "month")))
    revenue = won.groupby(["owner_id", "month"], as_index=False)["amount_rc"].sum()
    return revenue.rename(columns={"owner_id": "user_id", "amount_rc": "revenue"})


def team_kpis(ctx: Context, deals: pd.DataFrame, acts: pd.DataFrame) -> dict:
    """activities_completed, active_reps, activities_per_rep, sales_per_rep,
    quota_attainment, commission_amount, won_revenue_growth_mom / _yoy."""
    out = {}
    records = by_grain(acts.assign(num=1.0), "occurred_at")
    out["activities_completed"] = rows_from_records(
        "activities_completed", "count", "sum", records, ["overall", "rep", "team", "activity_type"], ctx
    )

    reps = active_rep_records(ctx)
    out["active_reps"] = rows_from_records(
        "active_reps", "count", "sum", reps.assign(num=1.0), ["overall", "team"], ctx
    )

    by_reps = acts[acts["owner_id"].map(ctx.user_role) == "rep"]
    records = pd.concat(
        [
            by_grain(by_reps.assign(num=1.0, den=0.0)[["occurred_at", "team", "num", "den"]], "occurred_at"),
            reps[["team", "grain", "period", "num", "den"]],
        ],
        ignore_index=True,
    )
    out["activities_per_rep"] = rows_from_records(
        "activities_per_rep", "count", "ratio", records, ["overall", "team"], ctx
    )

    won = deals[deals["won"]]
    records = pd.concat(
        [
            by_grain(
                won.assign(num=won["amount_rc"], den=0.0)[["closed_eff", "team", "num", "den"]], "closed_eff"
            ),
            reps[["team", "grain", "period", "num", "den"]],
        ],
        ignore_index=True,
    )
    out["sales_per_rep"] = rows_from_records(
        "sales_per_rep", "currency", "ratio", records, ["overall", "team"], ctx
    )

    # quota_attainment: records are (rep, month) pairs with a quota.
    revenue = won_revenue_by_owner_month(deals)
    quotas = ctx.tables["quotas"]
    quotas = quotas[quotas["period_start"] <= pd.Timestamp(ctx.as_of)].copy()
    quotas["quota_rc"] = ctx.convert(quotas["quota_amount"], quotas["currency"], quotas["period_start"])
    quotas["month"] = pd.to_datetime(quotas["period_start"])
    pairs = quotas.merge(revenue, on=["user_id", "month"], how="left")
    pairs["revenue"] = pairs["revenue"].fillna(0.0)
    pairs["rep"] = ctx.rep(pairs["user_id"])
    pairs["team"] = ctx.team_of_user(pairs["user_id"])
    records = by_grain(pairs.assign(num=pairs["revenue"], den=pairs["quota_rc"]), "month")
    out["quota_attainment"] = rows_from_records(
        "quota_attainment", "ratio", "ratio", records, ["overall", "rep", "team"], ctx
    )

    out["commission_amount"] = commission_rows(ctx, revenue, quotas)

    won_region = by_grain(won.assign(num=won["amount_rc"])[["closed_eff", "region", "num"]], "closed_eff")
    out["won_revenue_growth_mom"] = growth_rows(
        "won_revenue_growth_mom", won_region, ["overall", "region"], ctx, ["month"], lag_months=1
    )
    out["won_revenue_growth_yoy"] = growth_rows(
        "won_revenue_growth_yoy", won_region, ["overall", "region"], ctx, GRAINS, lag_months=12
    )
    return out


def commission_rows(ctx: Context, revenue: pd.DataFrame, quotas: pd.DataFrame) -> pd.DataFrame:
    """commission_amount per (rep, month) whose plan is in effect on the
    month's first day, up to the as-of month:
    min(R, Q x T) x base_rate + max(R - Q x T, 0) x accelerator_rate,
    no quota: R x base_rate. Quarter / year / team / overall are sums."""
    plans = ctx.tables["commission_plans"]
    asof_month = ctx.asof_period("month")
    months = []
    for plan in plans.itertuples(index=False):
        start = np.datetime64(plan.effective_from, "D")
        first = period_of([start], "month")[0]
        if first < start:  # the plan starts mid-month: first covered month is the next
            first = shift_period([first], "month", 1)[0]
        last = asof_month
        if not pd.isna(plan.effective_to):
            last = min(
                last, period_of([np.datetime64(plan.effective_to, "D") - np.timedelta64(1, "D")], "month")[0]
            )
        for month in periods_between(first, last, "month") if first <= last else []:
            months.append(
                (
                    plan.user_id,
                    month,
                    plan.effective_from,
                    plan.base_rate,
                    plan.accelerator_threshold,
                    plan.accelerator_rate,
                )
            )
    rows = pd.DataFrame(
        months, columns=["user_id", "month", "effective_from", "base_rate", "threshold", "accelerator_rate"]
    )
    rows["month"] = pd.to_datetime(rows["month"])
    # Overlapping plans: the one that started last is in effect.
    rows = rows.sort_values("effective_from").drop_duplicates(["user_id", "month"], keep="last")
    rows = rows.merge(revenue, on=["user_id", "month"], how="left")
    rows["revenue"] = rows["revenue"].fillna(0.0)
    rows = rows.merge(quotas[["user_id", "month", "quota_rc"]], on=["user_id", "month"], how="left")

    r, q, t = rows["revenue"], rows["quota_rc"], rows["threshold"]
    base, accel = rows["base_rate"], rows["accelerator_rate"].fillna(0.0)
    target = q * t
    with_quota = np.minimum(r, target) * base + np.maximum(r - target, 0) * accel
    rows["num"] = np.where(target.notna(), with_quota, r * base)
    rows["rep"] = ctx.rep(rows["user_id"])
    rows["team"] = ctx.team_of_user(rows["user_id"])
    return rows_from_records(
        "commission_amount", "currency", "sum", by_grain(rows, "month"), ["overall", "rep", "team"], ctx
    )


def subscription_kpis(ctx: Context) -> dict:
    """mrr, arr, paying_customers, mrr_new / _reactivation / _expansion /
    _contraction / _churned, customer_churn_rate, customer_retention_rate,
    gross_mrr_churn_rate, net_revenue_retention, arpa, clv.

    Account MRR is taken at each month's snapshot day; a quarter or year uses
    its last month's snapshot (the as-of month for the current period) and is
    compared with the previous period of the same grain. A null account_id is
    not an account (not counted) but its MRR is kept in the sums."""
    subs = ctx.tables["subscription_periods"]
    subs = subs[subs["period_start"] <= pd.Timestamp(ctx.as_of)].reset_index(drop=True)
    names = [
        "mrr",
        "arr",
        "paying_customers",
        "mrr_new",
        "mrr_reactivation",
        "mrr_expansion",
        "mrr_contraction",
        "mrr_churned",
        "customer_churn_rate",
        "customer_retention_rate",
        "gross_mrr_churn_rate",
        "net_revenue_retention",
        "arpa",
        "clv",
    ]
    if subs.empty:
        return {name: empty_rows() for name in names}

    # Monthly snapshot days.
    asof_month = ctx.asof_period("month")
    months = periods_between(period_of([subs["period_start"].min()], "month")[0], asof_month, "month")
    if ctx.mrr_snapshot == "month_end":
        days = np.minimum(period_last_day(months, "month"), ctx.as_of)
    else:
        days = months
    calendar = pd.DataFrame({"month_index": np.arange(len(months)), "day": pd.to_datetime(days)})

    # Subscription periods active on each snapshot day.
    pairs = subs.merge(calendar, how="cross")
    active = (pairs["period_start"] <= pairs["day"]) & (
        pairs["period_end"].isna() | (pairs["day"] < pairs["period_end"])
    )
    active_periods = pairs[active].reset_index(drop=True)
    active_periods["mrr_rc"] = ctx.convert(
        active_periods["mrr_amount"], active_periods["currency"], active_periods["day"]
    )
    active_periods["account_key"] = active_periods["account_id"].fillna("\x00null")  # kept, not an account
    active_periods["pricing_plan"] = active_periods["pricing_plan"].fillna(UNKNOWN)
    active_periods["region"] = ctx.region_of_account(active_periods["account_id"])
    active_periods["segment"] = ctx.segment_of_account(active_periods["account_id"])

    # Account x month MRR matrix.
    accounts = np.array(sorted(active_periods["account_key"].unique()), dtype=object)
    matrix = (
        active_periods.groupby(["account_key", "month_index"])["mrr_rc"]
        .sum()
        .unstack(fill_value=0.0)
        .reindex(index=accounts, columns=range(len(months)), fill_value=0.0)
        .to_numpy(float)
    )
    paying = matrix > 0
    # paid_before[:, k]: MRR > 0 at some month before month k.
    paid_before = np.zeros_like(paying)
    paid_before[:, 1:] = np.logical_or.accumulate(paying, axis=1)[:, :-1]
    account_frame = pd.DataFrame({"account_key": accounts})
    account_frame["is_account"] = account_frame["account_key"] != "\x00null"
    account_id = account_frame["account_key"].where(account_frame["is_account"])
    account_frame["region"] = ctx.region_of_account(account_id)
    account_frame["segment"] = ctx.segment_of_account(account_id)

    def month_position(month):
        return int((np.datetime64(month, "M") - np.datetime64(months[0], "M")).astype(int))

    mrr_parts, account_parts = [], []
    for grain in GRAINS:
        first = period_of([months[0]], grain)[0]
        for start in periods_between(first, ctx.asof_period(grain), grain):
            last_month = min(shift_period([start], grain, 1)[0] - np.timedelta64(1, "D"), asof_month)
            snap = month_position(period_of([last_month], "month")[0])
            start_pos = month_position(start)
            prev = matrix[:, start_pos - 1] if start_pos >= 1 else np.zeros(len(accounts))
            cur = matrix[:, snap]
            before = paid_before[:, start_pos] if start_pos >= 0 else np.zeros(len(accounts), bool)
            period = pd.Timestamp(start)
            mrr_parts.append(
                active_periods[active_periods["month_index"] == snap].assign(grain=grain, period=period)
            )
            account_parts.append(
                account_frame.assign(grain=grain, period=period, cur=cur, prev=prev, before=before)
            )
    mrr_records = pd.concat(mrr_parts, ignore_index=True)
    acc = pd.concat(account_parts, ignore_index=True)

    out = {}
    base_dims = ["overall", "region", "segment"]
    out["mrr"] = rows_from_records(
        "mrr",
        "currency",
        "sum",
        mrr_records.assign(num=mrr_records["mrr_rc"]),
        ["overall", "pricing_plan", "region", "segment"],
        ctx,
    )
    out["arr"] = rows_from_records(
        "arr", "currency", "sum", mrr_records.assign(num=mrr_records["mrr_rc"] * 12.0), ["overall"], ctx
    )
    paying_now = acc[acc["is_account"] & (acc["cur"] > 0)]
    out["paying_customers"] = rows_from_records(
        "paying_customers", "count", "sum", paying_now.assign(num=1.0), base_dims, ctx
    )

    newly = (acc["cur"] > 0) & (acc["prev"] == 0)
    both = (acc["cur"] > 0) & (acc["prev"] > 0)
    movements = {
        "mrr_new": (newly & ~acc["before"], acc["cur"]),
        "mrr_reactivation": (newly & acc["before"], acc["cur"]),
        "mrr_expansion": (both & (acc["cur"] > acc["prev"]), acc["cur"] - acc["prev"]),
        "mrr_contraction": (both & (acc["cur"] < acc["prev"]), acc["prev"] - acc["cur"]),
        "mrr_churned": ((acc["prev"] > 0) & (acc["cur"] == 0), acc["prev"]),
    }
    # Every movement series is built over all account-periods with MRR now or before (the
    # conventions: the MRR family's records), so it starts with the first MRR period and is 0
    # in periods where nothing moved that way.
    moving = (acc["cur"] > 0) | (acc["prev"] > 0)
    for name, (mask, amount) in movements.items():
        amounts = amount.where(mask, 0.0)
        out[name] = rows_from_records(
            name, "currency", "sum", acc[moving].assign(num=amounts[moving]), ["overall"], ctx
        )

    paid_prev = acc[acc["prev"] > 0].copy()
    counted = paid_prev[paid_prev["is_account"]]
    out["customer_churn_rate"] = rows_from_records(
        "customer_churn_rate",
        "ratio",
        "ratio",
        counted.assign(num=(counted["cur"] == 0).astype(float), den=1.0),
        base_dims,
        ctx,
    )
    out["customer_retention_rate"] = rows_from_records(
        "customer_retention_rate",
        "ratio",
        "ratio",
        counted.assign(num=(counted["cur"] > 0).astype(float), den=1.0),
        base_dims,
        ctx,
    )

    churned = np.where(paid_prev["cur"] == 0, paid_prev["prev"], 0.0)
    contraction = np.where(
        (paid_prev["cur"] > 0) & (paid_prev["cur"] < paid_prev["prev"]),
        paid_prev["prev"] - paid_prev["cur"],
        0.0,
    )
    expansion = np.where(
        (paid_prev["cur"] > 0) & (paid_prev["cur"] > paid_prev["prev"]),
        paid_prev["cur"] - paid_prev["prev"],
        0.0,
    )
    out["gross_mrr_churn_rate"] = rows_from_records(
        "gross_mrr_churn_rate",
        "ratio",
        "ratio",
        paid_prev.assign(num=churned + contraction, den=paid_prev["prev"]),
        ["overall"],
        ctx,
    )
    out["net_revenue_retention"] = rows_from_records(
        "net_revenue_retention",
        "ratio",
        "ratio",
        paid_prev.assign(num=paid_prev["prev"] + expansion - contraction - churned, den=paid_prev["prev"]),
        ["overall"],
        ctx,
    )

    arpa_records = pd.concat(
        [
            mrr_records.assign(num=mrr_records["mrr_rc"], den=0.0)[
                ["grain", "period", "region", "segment", "num", "den"]
            ],
            paying_now.assign(num=0.0, den=1.0)[["grain", "period", "region", "segment", "num", "den"]],
        ],
        ignore_index=True,
    )
    out["arpa"] = rows_from_records("arpa", "currency", "ratio", arpa_records, base_dims, ctx)
    out["clv"] = clv_rows(ctx, out["arpa"], out["customer_churn_rate"])
    return out


def clv_rows(ctx: Context, arpa: pd.DataFrame, churn: pd.DataFrame) -> pd.DataFrame:
    """clv = arpa / average monthly customer_churn_rate over the 12 months
    ending with the period's last month (capped at the as-of month), months
    with a value only; null when that average is 0 or there is none."""
    monthly = churn[(churn["dimension"] == "overall") & (churn["grain"] == "month") & churn["value"].notna()]
    monthly = monthly.set_index("period")["value"]
    asof_month = pd.Timestamp(ctx.asof_period("month"))
    rows = arpa[arpa["dimension"] == "overall"].copy()
    if rows.empty:
        return empty_rows()
    averages = []
    for grain, start in zip(rows["grain"], rows["period"]):
        last = min(
            pd.Timestamp(shift_period([np.datetime64(start, "D")], grain, 1)[0]) - pd.Timedelta(days=1),
            asof_month,
        )
        last = last.replace(day=1)
        first = last - pd.DateOffset(months=11)
        window = monthly[(monthly.index >= first) & (monthly.index <= last)]
        averages.append(window.mean() if len(window) else np.nan)
    rows["numerator"] = rows["value"]
    rows["denominator"] = np.array(averages, dtype=float)
    rows["value"] = rows["numerator"] / rows["denominator"].where(rows["denominator"] != 0)
    rows["kpi_id"] = "clv"
    rows["unit"] = "currency"
    return rows


def nps_kpis(ctx: Context) -> dict:
    """nps: (promoters 9-10 - detractors 0-6) / responses x 100, by responded_at."""
    surveys = ctx.tables["customer_surveys"]
    nps = surveys[
        (surveys["survey_type"] == "nps") & (surveys["responded_at"] < ctx.cutoff) & surveys["score"].notna()
    ].copy()
    score = nps["score"]
    nps["num"] = (score >= 9).astype(float) - (score <= 6).astype(float)
    nps["den"] = 1.0
    nps["region"] = ctx.region_of_account(nps["account_id"])
    nps["segment"] = ctx.segment_of_account(nps["account_id"])
    return {
        "nps": rows_from_records(
            "nps", "score", "nps", by_grain(nps, "responded_at"), ["overall", "region", "segment"], ctx
        )
    }


# --------------------------------------------------------------------------
# 5. Entry point
# --------------------------------------------------------------------------

CORE_KPIS = [
    "new_opportunities",
    "pipeline_created_amount",
    "deals_won",
    "won_revenue",
    "win_rate",
    "avg_deal_size",
    "sales_cycle_days",
    "pipeline_value",
    "weighted_pipeline_value",
    "stage_conversion_rate",
    "sales_velocity",
    "new_leads",
    "lead_growth_yoy",
    "lead_to_customer_rate",
    "lead_follow_up_rate",
    "lead_response_hours",
    "cost_per_lead",
    "new_customers",
    "cac",
    "activities_completed",
    "active_reps",
    "activities_per_rep",
    "sales_per_rep",
    "quota_attainment",
    "commission_amount",
    "won_revenue_growth_mom",
    "won_revenue_growth_yoy",
    "mrr",
    "arr",
    "paying_customers",
    "mrr_new",
    "mrr_reactivation",
    "mrr_expansion",
    "mrr_contraction",
    "mrr_churned",
    "customer_churn_rate",
    "customer_retention_rate",
    "gross_mrr_churn_rate",
    "net_revenue_retention",
    "arpa",
    "clv",
    "nps",
]


KPI_KEY = ["kpi_id", "grain", "period_start", "dimension", "dimension_value"]


def kpi_rows(ctx: Context, results: dict, kpi_ids, who: str = "oracle") -> pd.DataFrame:
    """The rows of the KPIs ``kpi_ids`` in ``results`` (kpi_id -> rows with a ``period`` column),
    assembled in the shape of `kpi_values`: columns OUTPUT_COLUMNS (period_start a python date,
    dimension_value text, its label, the three numbers floats), sorted by KPI_KEY, no key twice."""
    frames = [results[k] for k in kpi_ids if len(results[k])]
    if not frames:
        return pd.DataFrame(columns=OUTPUT_COLUMNS)
    out = pd.concat(
        [
            f[
                [
                    "kpi_id",
                    "grain",
                    "period",
                    "dimension",
                    "dimension_value",
                    "numerator",
                    "denominator",
                    "value",
                    "unit",
                ]
            ]
            for f in frames
        ],
        ignore_index=True,
    )
    out["period_start"] = pd.to_datetime(out["period"]).dt.date
    out["dimension_value"] = out["dimension_value"].astype(str)
    out["dimension_label"] = [ctx.label(d, v) for d, v in zip(out["dimension"], out["dimension_value"])]
    for col in ("numerator", "denominator", "value"):
        out[col] = out[col].astype(float)
    out = out[OUTPUT_COLUMNS].sort_values(KPI_KEY).reset_index(drop=True)
    duplicated = out.duplicated(KPI_KEY)
    if duplicated.any():
        raise AssertionError(f"{who} produced duplicate keys:\n{out[duplicated].head()}")
    return out


def compute_kpis(
    raw_dir, as_of: str, reporting_currency="USD", mrr_snapshot="month_end", fx_base="USD"
) -> pd.DataFrame:
    """Every core KPI of the catalog, in the shape of `kpi_values`.

    raw_dir: folder of contract files (<table>.csv or <table>.parquet).
    as_of: 'YYYY-MM-DD'. Returns columns OUTPUT_COLUMNS, one row per
    (kpi_id, grain, period_start, dimension, dimension_value); period_start is
    a python date, the three numbers floats (NaN = null)."""
    ctx = Context(raw_dir, as_of, reporting_currency, mrr_snapshot, fx_base)
    deals = prepare_deals(ctx)
    leads = prepare_leads(ctx)
    acts = prepare_activities(ctx)

    results = {}
    results.update(deal_kpis(ctx, deals))
    results.update(pipeline_kpis(ctx, deals))
    results.update(stage_conversion_kpis(ctx, deals))
    results.update(sales_velocity_kpis(ctx, results))
    results.update(lead_kpis(ctx, leads, acts, deals))
    results.update(customer_kpis(ctx, deals))
    results.update(team_kpis(ctx, deals, acts))
    results.update(subscription_kpis(ctx))
    results.update(nps_kpis(ctx))

    return kpi_rows(ctx, results, CORE_KPIS)


def _summary(df: pd.DataFrame, as_of: str) -> str:
    lines = [f"{len(df)} rows, {df['kpi_id'].nunique()} KPIs"]
    month = pd.Timestamp(as_of).to_period("M").start_time.date()
    current = df[(df["dimension"] == "overall") & (df["grain"] == "month")]
    previous = (pd.Timestamp(month) - pd.DateOffset(months=1)).date()
    lines.append(f"{'kpi_id':32} {'rows':>7}  {'overall ' + str(previous):>22} {'overall ' + str(month):>22}")
    for kpi in CORE_KPIS:
        rows = df[df["kpi_id"] == kpi]
        values = []
        for m in (previous, month):
            hit = current[(current["kpi_id"] == kpi) & (current["period_start"] == m)]["value"]
            values.append("-" if hit.empty else f"{hit.iloc[0]:.4g}")
        lines.append(f"{kpi:32} {len(rows):>7}  {values[0]:>22} {values[1]:>22}")
    snap = df[(df["grain"] == "snapshot") & (df["dimension"] == "overall")]
    for row in snap.itertuples():
        lines.append(f"{row.kpi_id} at {row.period_start} (snapshot): {row.value:.6g}")
    return "\n".join(lines)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Compute the core KPIs from raw contract files.")
    parser.add_argument("raw_dir")
    parser.add_argument("as_of", help="YYYY-MM-DD")
    parser.add_argument("--currency", default="USD")
    parser.add_argument("--mrr-snapshot", default="month_end", choices=["month_end", "month_start"])
    parser.add_argument("--fx-base", default="USD", help="currency every fx_rates row is quoted against")
    parser.add_argument("--csv", help="also write all rows to this CSV file")
    args = parser.parse_args()
    started = time.perf_counter()
    result = compute_kpis(args.raw_dir, args.as_of, args.currency, args.mrr_snapshot, args.fx_base)
    elapsed = time.perf_counter() - started
    print(_summary(result, args.as_of))
    print(f"computed in {elapsed:.1f} s")
    if args.csv:
        result.to_csv(args.csv, index=False)
        print(f"wrote {args.csv}", file=sys.stderr)
