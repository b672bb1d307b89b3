"""Deterministic synthetic CRM export for a B2B SaaS sales org.

Writes every table of the raw CRM contract (``shared/CRM_CONTRACT.md``) into a
folder, one ``<table>.csv`` (or ``.parquet``) per table, in contract column
order.  Everything is derived from one seed with ``random.Random`` instances
(no global random state, no wall clock), so two runs with the same arguments
produce byte-identical files.

Memory: the simulation keeps its entities (users, accounts, leads, deals, contacts,
subscriptions) as slotted objects; the timestamps of leads and deals are kept in
array('q') columns (``_IntCol``), lead and deal ids and deal names are derived, not
stored, and the deals' stage histories are packed in one store (``_Histories``).
Once nothing reads a lead (after the activities) or a contact (after the surveys)
but its row, the row is kept as one marshal'd bytes object and the entity dropped.
The big event tables are kept as numpy columns (activities) or one int64 key a row
(rep_time_entries, product_active_users), the other entity tables' rows are made
from the entities when read, and every table is formatted and written one row at a
time (parquet in row groups).  An org above ``DIVISION_SCALE`` is simulated as independent
divisions of at most that scale (own reps, campaigns, leads, accounts, deals and events;
shared teams, pipelines, products, fx and market data), each appended to the same files
and dropped before the next starts, so memory is bounded by one division whatever the scale.

Public API::

    generate(out_dir, seed=42, as_of="2026-09-15", scale=1.0, fmt="csv",
             dirty=True) -> dict[str, int]          # table -> rows written

CLI::

    python -m salesdw.generate --out DIR [--seed N] [--as-of YYYY-MM-DD]
        [--scale F] [--format csv|parquet] [--clean] [--manifest FILE.json]

With ``dirty=True`` a small deterministic fraction of realistic dirt is added
(older versions, duplicates, conflicts, deletes, unparseable values, orphans,
mixed-case enumerations ...).  What was injected is returned in
``LAST_MANIFEST`` (and written by ``--manifest``) so tests can assert it.
"""

from __future__ import annotations

import argparse
import array
import bisect
import csv
import datetime as _dt
import functools
import gc
import itertools
import json
import marshal
import math
import os
import random
import sys
import time as _time
import unicodedata

__all__ = ["generate", "TABLES", "SCHEMA", "PRIMARY_KEYS", "LAST_MANIFEST", "main"]

DAY = 86400
HOUR = 3600
_EPOCH = _dt.date(1970, 1, 1)

# --------------------------------------------------------------------------
# Contract: tables, columns (contract order) and column kinds
#   s = text, ts = timestamp, d = date, b = boolean, m = money (2 dp),
#   n = decimal (minimal), r = rate (6 dp), i = integer
# --------------------------------------------------------------------------
SCHEMA: dict[str, list[tuple[str, str]]] = {
    "users": [("user_id", "s"), ("full_name", "s"), ("email", "s"), ("role", "s"), ("team_id", "s"),
              ("manager_id", "s"), ("hired_at", "d"), ("terminated_at", "d"), ("updated_at", "ts")],
    "teams": [("team_id", "s"), ("team_name", "s"), ("region", "s"), ("updated_at", "ts")],
    "accounts": [("account_id", "s"), ("account_name", "s"), ("industry", "s"), ("segment", "s"),
                 ("country", "s"), ("region", "s"), ("owner_id", "s"), ("created_at", "ts"),
                 ("is_deleted", "b"), ("updated_at", "ts")],
    "contacts": [("contact_id", "s"), ("account_id", "s"), ("first_name", "s"), ("last_name", "s"),
                 ("email", "s"), ("phone", "s"), ("title", "s"), ("created_at", "ts"),
                 ("is_deleted", "b"), ("updated_at", "ts")],
    "leads": [("lead_id", "s"), ("created_at", "ts"), ("lead_source", "s"), ("campaign_id", "s"),
              ("owner_id", "s"), ("company_name", "s"), ("email", "s"), ("country", "s"), ("region", "s"),
              ("status", "s"), ("mql_at", "ts"), ("sql_at", "ts"), ("converted_at", "ts"),
              ("converted_account_id", "s"), ("converted_deal_id", "s"), ("is_deleted", "b"),
              ("updated_at", "ts")],
    "deals": [("deal_id", "s"), ("deal_name", "s"), ("account_id", "s"), ("owner_id", "s"), ("lead_id", "s"),
              ("pipeline", "s"), ("deal_type", "s"), ("stage", "s"), ("amount", "m"), ("currency", "s"),
              ("created_at", "ts"), ("expected_close_date", "d"), ("closed_at", "ts"), ("is_closed", "b"),
              ("is_won", "b"), ("lost_reason", "s"), ("competitor", "s"), ("is_deleted", "b"),
              ("updated_at", "ts")],
    "deal_stage_history": [("deal_id", "s"), ("stage", "s"), ("entered_at", "ts"), ("changed_by", "s")],
    "pipeline_stages": [("pipeline", "s"), ("stage", "s"), ("stage_order", "i"), ("probability", "n"),
                        ("is_closed", "b"), ("is_won", "b")],
    "products": [("product_id", "s"), ("product_name", "s"), ("product_family", "s"), ("pricing_plan", "s"),
                 ("list_price", "m"), ("unit_cost", "m"), ("currency", "s"), ("updated_at", "ts")],
    "deal_line_items": [("line_item_id", "s"), ("deal_id", "s"), ("product_id", "s"), ("quantity", "n"),
                        ("unit_price", "m"), ("discount_pct", "n"), ("updated_at", "ts")],
    "activities": [("activity_id", "s"), ("activity_type", "s"), ("direction", "s"), ("owner_id", "s"),
                   ("lead_id", "s"), ("contact_id", "s"), ("account_id", "s"), ("deal_id", "s"),
                   ("created_at", "ts"), ("occurred_at", "ts"), ("status", "s"), ("duration_minutes", "n"),
                   ("reply_sentiment", "s"), ("is_deleted", "b"), ("updated_at", "ts")],
    "subscription_periods": [("subscription_id", "s"), ("account_id", "s"), ("product_id", "s"),
                             ("pricing_plan", "s"), ("period_start", "d"), ("period_end", "d"),
                             ("mrr_amount", "m"), ("currency", "s"), ("billing_interval", "s"),
                             ("updated_at", "ts")],
    "expenses": [("expense_id", "s"), ("expense_date", "d"), ("category", "s"), ("channel", "s"),
                 ("campaign_id", "s"), ("amount", "m"), ("currency", "s"), ("updated_at", "ts")],
    "campaigns": [("campaign_id", "s"), ("campaign_name", "s"), ("channel", "s"), ("started_at", "d"),
                  ("ended_at", "d"), ("budget", "m"), ("currency", "s"), ("updated_at", "ts")],
    "fx_rates": [("rate_date", "d"), ("currency", "s"), ("rate_to_reporting", "r")],
    "quotas": [("user_id", "s"), ("period_start", "d"), ("quota_amount", "m"), ("currency", "s")],
    "commission_plans": [("user_id", "s"), ("effective_from", "d"), ("effective_to", "d"), ("base_rate", "n"),
                         ("accelerator_threshold", "n"), ("accelerator_rate", "n")],
    "customer_surveys": [("response_id", "s"), ("survey_type", "s"), ("account_id", "s"), ("contact_id", "s"),
                         ("responded_at", "ts"), ("score", "i"), ("comment", "s")],
    "rep_surveys": [("response_id", "s"), ("user_id", "s"), ("responded_at", "ts"), ("score", "i")],
    "rep_time_entries": [("entry_id", "s"), ("user_id", "s"), ("work_date", "d"), ("category", "s"),
                         ("minutes", "n")],
    "product_active_users": [("activity_date", "d"), ("account_id", "s"), ("app_user_id", "s")],
    "competitor_prices": [("competitor", "s"), ("product_family", "s"), ("observed_at", "d"), ("price", "m"),
                          ("currency", "s")],
    "market_size": [("region", "s"), ("year", "i"), ("market_revenue", "m")],
}
TABLES = list(SCHEMA)

PRIMARY_KEYS = {
    "users": ["user_id"], "teams": ["team_id"], "accounts": ["account_id"], "contacts": ["contact_id"],
    "leads": ["lead_id"], "deals": ["deal_id"], "deal_stage_history": ["deal_id", "stage", "entered_at"],
    "pipeline_stages": ["pipeline", "stage"], "products": ["product_id"], "deal_line_items": ["line_item_id"],
    "activities": ["activity_id"], "subscription_periods": ["subscription_id", "period_start"],
    "expenses": ["expense_id"], "campaigns": ["campaign_id"], "fx_rates": ["rate_date", "currency"],
    "quotas": ["user_id", "period_start"], "commission_plans": ["user_id", "effective_from"],
    "customer_surveys": ["response_id"], "rep_surveys": ["response_id"], "rep_time_entries": ["entry_id"],
    "product_active_users": ["activity_date", "account_id", "app_user_id"],
    "competitor_prices": ["competitor", "product_family", "observed_at"], "market_size": ["region", "year"],
}

LAST_MANIFEST: dict = {}

# --------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------
REGIONS = ("NA", "EMEA", "APAC", "LATAM")
REGION_W = (0.40, 0.30, 0.18, 0.12)
TEAMS = {"NA": ("T01", "North America Sales"), "EMEA": ("T02", "EMEA Sales"),
         "APAC": ("T03", "APAC Sales"), "LATAM": ("T04", "LATAM Sales")}
TEAM_CCY = {"NA": "USD", "EMEA": "EUR", "APAC": "USD", "LATAM": "USD"}
TZ_CENTER = {"NA": 16.5, "EMEA": 11.0, "APAC": 3.5, "LATAM": 15.5}  # UTC hour of the local business-day centre
COUNTRIES = {
    "NA": (("US", 0.84), ("CA", 0.16)),
    "EMEA": (("GB", 0.23), ("DE", 0.19), ("FR", 0.12), ("PL", 0.10), ("NL", 0.08), ("ES", 0.06),
             ("SE", 0.05), ("IE", 0.05), ("AE", 0.05), ("ZA", 0.04), ("NA", 0.03)),  # NA = Namibia
    "APAC": (("AU", 0.33), ("SG", 0.20), ("JP", 0.15), ("IN", 0.22), ("NZ", 0.10)),
    "LATAM": (("BR", 0.40), ("MX", 0.30), ("AR", 0.10), ("CL", 0.10), ("CO", 0.10)),
}
COUNTRY_CCY = {"GB": "GBP", "PL": "PLN", "DE": "EUR", "FR": "EUR", "NL": "EUR", "ES": "EUR", "IE": "EUR",
               "SE": "EUR"}
TLD = {"US": ".com", "CA": ".ca", "GB": ".co.uk", "DE": ".de", "FR": ".fr", "PL": ".pl", "NL": ".nl",
       "ES": ".es", "SE": ".se", "IE": ".ie", "AE": ".ae", "ZA": ".co.za", "NA": ".com.na", "AU": ".com.au",
       "SG": ".sg", "JP": ".co.jp", "IN": ".in", "NZ": ".co.nz", "BR": ".com.br", "MX": ".com.mx",
       "AR": ".com.ar", "CL": ".cl", "CO": ".com.co"}
PHONE_CC = {"US": "1", "CA": "1", "GB": "44", "DE": "49", "FR": "33", "PL": "48", "NL": "31", "ES": "34",
            "SE": "46", "IE": "353", "AE": "971", "ZA": "27", "NA": "264", "AU": "61", "SG": "65", "JP": "81",
            "IN": "91", "NZ": "64", "BR": "55", "MX": "52", "AR": "54", "CL": "56", "CO": "57"}
LEGAL = {"US": ("Inc.", "LLC", "Corp.", ""), "CA": ("Inc.", "Ltd."), "GB": ("Ltd", "plc", "LLP"),
         "DE": ("GmbH", "AG"), "FR": ("SAS", "SA"), "PL": ("Sp. z o.o.", "S.A."), "NL": ("B.V.",),
         "ES": ("S.L.", "S.A."), "SE": ("AB",), "IE": ("Ltd",), "AE": ("FZ-LLC", "LLC"),
         "ZA": ("(Pty) Ltd",), "NA": ("(Pty) Ltd", "CC"), "AU": ("Pty Ltd",), "SG": ("Pte. Ltd.",),
         "JP": ("K.K.", "Co., Ltd."), "IN": ("Pvt. Ltd.",), "NZ": ("Limited",), "BR": ("Ltda.", "S.A."),
         "MX": ("S.A. de C.V.",), "AR": ("S.R.L.",), "CL": ("SpA",), "CO": ("S.A.S.",)}
LOCAL_PREFIX = {"DE": ("Müller", "Schäfer", "Rhein", "Alpen"), "PL": ("Wisła", "Kraków", "Łódź", "Bałtyk"),
                "FR": ("Étoile", "Lumière", "Côte"), "BR": ("São Paulo", "Açaí", "Ipanema"),
                "ES": ("Ibérica", "Peñalara"), "SE": ("Nordström", "Fjäll"), "JP": ("Sakura", "Fuji"),
                "MX": ("Azteca",), "IN": ("Ganga", "Shakti")}
PREFIX = ("Acme", "Bright", "Blue", "Summit", "Nova", "Apex", "Cedar", "Pioneer", "Vertex", "Atlas", "Harbor",
          "Lumen", "Quantum", "Silver", "Orbit", "Maple", "Granite", "Evergreen", "Crescent", "Falcon", "Horizon",
          "Ironwood", "Juniper", "Keystone", "Meridian", "Northstar", "Oakridge", "Polar", "Redwood", "Sapphire",
          "Titan", "Unity", "Vantage", "Willow", "Zephyr", "Aurora", "Beacon", "Cobalt", "Delta", "Ember",
          "Fusion", "Helix", "Indigo", "Kinetic", "Lattice", "Mosaic", "Nimbus", "Onyx", "Prism", "Radiant",
          "Sterling", "Trident", "Vector", "Zenith", "Alder", "Bluebird", "Copper", "Driftwood", "Elm", "Foxglove")
CORE = (("Logistics", "Logistics"), ("Analytics", "Software"), ("Health", "Healthcare"), ("Foods", "Retail"),
        ("Robotics", "Manufacturing"), ("Software", "Software"), ("Capital", "Financial Services"),
        ("Energy", "Energy"), ("Retail", "Retail"), ("Media", "Media"), ("Labs", "Software"),
        ("Systems", "Software"), ("Manufacturing", "Manufacturing"), ("Consulting", "Professional Services"),
        ("Pharma", "Healthcare"), ("Networks", "Telecommunications"), ("Travel", "Hospitality"),
        ("Education", "Education"), ("Insurance", "Financial Services"), ("Motors", "Manufacturing"),
        ("Textiles", "Manufacturing"), ("Security", "Software"), ("Bio", "Healthcare"), ("Solar", "Energy"),
        ("Marine", "Logistics"), ("Studios", "Media"), ("Supply", "Logistics"), ("Partners", "Professional Services"),
        ("Hotels", "Hospitality"), ("Telecom", "Telecommunications"), ("Payments", "Financial Services"),
        ("Academy", "Education"))
NAMES = {
    "en": (("James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
            "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Chris", "Karen",
            "Daniel", "Emily", "Matthew", "Ashley", "Ryan", "Megan", "Kevin", "Laura", "Brian", "Rachel", "Sean",
            "Olivia", "Liam", "Noah", "Emma", "Ava", "Ethan", "Grace", "Chloe", "Nathan"),
           ("Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
            "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker",
            "Hall", "Young", "King", "Wright", "O'Brien", "O'Neill", "McDonald", "Campbell", "Murphy", "Kelly",
            "Cooper", "Reed", "Bennett", "Hughes", "Foster", "Tremblay", "Roy", "Gagnon")),
    "emea": (("Lukas", "Anna", "Sophie", "Max", "Léa", "Hugo", "Chloé", "Jakub", "Zofia", "Katarzyna", "Piotr",
              "Małgorzata", "Jan", "Emma", "Oliver", "Amelia", "Lars", "Ingrid", "Sven", "Siobhan", "Mohammed",
              "Fatima", "Pieter", "Sanne", "Javier", "Lucía", "Thabo", "Naledi", "Björn", "Zoë", "Maximilian"),
             ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Dubois", "Lefèvre", "Moreau", "Nowak",
              "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "de Vries", "van Dijk", "Jansen", "Andersson",
              "Johansson", "García", "Fernández", "Martínez", "Byrne", "Al-Mansouri", "Nkosi", "Dlamini", "Taylor",
              "Evans", "Hughes", "Shikongo", "Nghidinwa")),
    "apac": (("Hiroshi", "Yuki", "Haruto", "Sakura", "Wei", "Li", "Jun", "Mei", "Arjun", "Priya", "Rahul",
              "Ananya", "Jack", "Charlotte", "Mia", "Lachlan", "Aroha", "Tane", "Siti", "Nur", "Kai", "Vikram"),
             ("Tanaka", "Suzuki", "Sato", "Watanabe", "Wang", "Chen", "Lim", "Tan", "Ng", "Sharma", "Patel",
              "Gupta", "Iyer", "Singh", "Nguyen", "Smith", "Wilson", "Brown", "Ngata", "Wong", "Kumar")),
    "latam": (("Juan", "María", "Carlos", "Ana", "Luis", "Sofía", "Pedro", "Valentina", "João", "Beatriz",
               "Lucas", "Camila", "Mateo", "Isabela", "Diego", "Gabriela", "Rafael", "Fernanda", "Martín"),
              ("González", "Rodríguez", "Pérez", "Silva", "Santos", "Oliveira", "Souza", "López", "Martínez",
               "Hernández", "Gómez", "Díaz", "Costa", "Ferreira", "Ramírez", "Torres", "Álvarez", "Castro")),
}
NAME_POOL = {"NA": "en", "EMEA": "emea", "APAC": "apac", "LATAM": "latam", None: "en"}
TITLES = ("CEO", "CTO", "CFO", "COO", "VP Sales", "VP Marketing", "Head of Operations", "Sales Director",
          "Marketing Manager", "IT Manager", "Procurement Manager", "Operations Manager",
          "Head of Revenue Operations", "Director, Business Development", "Founder & CEO", "Sales Manager",
          "Customer Success Lead", "Finance Director")

# products: id, name, family, plan, list price (USD per seat and year; services per package), unit cost
PRODUCTS = (
    ("PRD-001", "Pulse CRM Starter", "crm", "starter", 300.0, 45.0),
    ("PRD-002", "Pulse CRM Pro", "crm", "pro", 720.0, 95.0),
    ("PRD-003", "Pulse CRM Enterprise", "crm", "enterprise", 1500.0, 180.0),
    ("PRD-004", "Pulse Analytics Pro", "analytics", "pro", 480.0, 85.0),
    ("PRD-005", "Pulse Analytics Enterprise", "analytics", "enterprise", 1100.0, 170.0),
    ("PRD-006", "Pulse Automate Starter", "automation", "starter", 180.0, 30.0),
    ("PRD-007", "Pulse Automate Pro", "automation", "pro", 540.0, 90.0),
    ("PRD-008", "Onboarding & Training Package", "services", "enterprise", 6000.0, 3600.0),
    ("PRD-009", "Premium Support", "support", "enterprise", 2400.0, 950.0),
)
PROD = {p[0]: p for p in PRODUCTS}
CRM_BY_PLAN = {"starter": "PRD-001", "pro": "PRD-002", "enterprise": "PRD-003"}

PIPELINE_STAGES = (
    ("default", "prospecting", 1, 0.1, False, False),
    ("default", "qualification", 2, 0.2, False, False),
    ("default", "demo", 3, 0.4, False, False),
    ("default", "proposal", 4, 0.6, False, False),
    ("default", "negotiation", 5, 0.8, False, False),
    ("default", "closed_won", 6, 1.0, True, True),
    ("default", "closed_lost", 7, 0.0, True, False),
    ("renewals", "renewal_due", 1, 0.6, False, False),
    ("renewals", "renewal_negotiation", 2, 0.8, False, False),
    ("renewals", "renewed", 3, 1.0, True, True),
    ("renewals", "not_renewed", 4, 0.0, True, False),
)
OPEN_STAGES = ("prospecting", "qualification", "demo", "proposal", "negotiation")
STAGE_W = (0.12, 0.20, 0.22, 0.26, 0.20)

# lead sources: weight, p(mql), p(sql | mql), p(converted | sql), deal win factor
SOURCES = {
    "paid_ads": (22, 0.55, 0.45, 0.65, 0.95), "organic": (20, 0.60, 0.50, 0.70, 1.10),
    "referral": (7, 0.85, 0.70, 0.80, 1.45), "event": (10, 0.50, 0.40, 0.60, 1.00),
    "outbound": (15, 0.45, 0.55, 0.65, 0.80), "partner": (6, 0.80, 0.60, 0.75, 1.30),
    "social": (8, 0.40, 0.35, 0.55, 0.85), "email": (9, 0.50, 0.40, 0.60, 0.95),
    "other": (3, 0.40, 0.40, 0.55, 0.90),
}
SEASON = {1: 1.0, 2: 1.02, 3: 1.08, 4: 1.0, 5: 1.02, 6: 0.97, 7: 0.80, 8: 0.70, 9: 1.05, 10: 1.10,
          11: 1.05, 12: 0.74}
SEGMENTS = ("smb", "mid_market", "enterprise")
CYCLE_MEDIAN = {"smb": 22.0, "mid_market": 60.0, "enterprise": 140.0}
CYCLE_SIGMA = {"smb": 0.45, "mid_market": 0.40, "enterprise": 0.33}
AMOUNT_MEDIAN = {"smb": 9000.0, "mid_market": 38000.0, "enterprise": 140000.0}
AMOUNT_SIGMA = {"smb": 0.55, "mid_market": 0.50, "enterprise": 0.45}
WIN_BASE = {"smb": 0.30, "mid_market": 0.26, "enterprise": 0.21}
COMPETITORS = ("Pipedrift", "HubNest", "Closewise", "Salesforge", "Zenbook CRM")
COMPETITOR_W = (0.30, 0.28, 0.18, 0.14, 0.10)
LOST_REASONS = ("price", "no_decision", "competitor", "timing", "no_budget", "missing_features", "went_dark",
                "champion_left")
LOST_W = (0.20, 0.18, 0.0, 0.14, 0.14, 0.12, 0.14, 0.08)
CHURN_MONTHLY = {"smb": 0.028, "mid_market": 0.013, "enterprise": 0.006}
P_YEARLY = {"smb": 0.15, "mid_market": 0.35, "enterprise": 0.70}
P_UPSELL = {"smb": 0.035, "mid_market": 0.06, "enterprise": 0.08}
P_CROSS = {"smb": 0.02, "mid_market": 0.035, "enterprise": 0.045}
TIME_CATS = ("prospecting", "presenting", "data_entry", "lead_research", "meetings", "admin", "other")
TIME_SHARE = {"rep": (0.20, 0.25, 0.14, 0.06, 0.20, 0.10, 0.05),
              "sdr": (0.40, 0.04, 0.15, 0.22, 0.07, 0.08, 0.04)}
TS_OFFSETS = (2, 1, -5, -4, 5.5, -3, 9, 10, 0)

_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "'": "",
                       " ": "", "-": "", "&": "", ".": "", ",": "", '"': ""})


def _ascii(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.translate(_FOLD)).encode("ascii", "ignore").decode()
    return "".join(ch for ch in s.lower() if ch.isalnum())


# --------------------------------------------------------------------------
# Calendar helpers (days = integer days since 1970-01-01, timestamps = int s)
# --------------------------------------------------------------------------
def _day_of(d: _dt.date) -> int:
    return (d - _EPOCH).days


@functools.lru_cache(maxsize=None)
def _date(day: int) -> _dt.date:
    return _EPOCH + _dt.timedelta(days=day)


@functools.lru_cache(maxsize=None)
def _dstr(day: int) -> str:
    return _date(day).isoformat()


def _weekday(day: int) -> int:
    return (day + 3) % 7  # Monday = 0


@functools.lru_cache(maxsize=None)
def _month_start(mi: int) -> int:
    return _day_of(_dt.date(mi // 12, mi % 12 + 1, 1))


def _mi(day: int) -> int:
    d = _date(day)
    return d.year * 12 + d.month - 1


def _month_end(mi: int) -> int:
    return _month_start(mi + 1) - 1


def _wchoice(rng: random.Random, items, weights):
    return rng.choices(items, weights)[0]


def _rint(rng: random.Random, a: int, b: int) -> int:
    return a + int(rng.random() * (b - a + 1))


# --------------------------------------------------------------------------
# Entities
# --------------------------------------------------------------------------
class User:
    __slots__ = ("id", "first", "last", "name", "email", "role", "region", "team", "manager", "hired", "term",
                 "skill", "size", "activity", "morale", "updated", "log_rate", "old_team")

    def active(self, day: int) -> bool:
        return self.hired <= day and (self.term is None or day <= self.term)


class Account:
    __slots__ = ("_k", "seq", "id", "name", "domain", "industry", "segment", "country", "region", "owner",
                 "deleted", "currency", "contacts",
                 "attempts", "health", "deals", "pool", "subs", "churn_days", "lead")


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
Account._COLS = (Account.created, Account.updated, Account.owner_since, Account.busy_until, Account.customer_since)


class Lead:
    __slots__ = ("_k", "source", "campaign", "owner", "orig_owner", "company",
                 "email", "first", "last", "country", "region", "status", "account",
                 "deal", "deleted", "contacted", "domain", "segment")
    created, mql, sql, conv = _IntCol(), _IntCol(), _IntCol(), _IntCol()
    updated, dq_at, first_touch, reassigned = _IntCol(), _IntCol(), _IntCol(), _IntCol()
    seq = _IntCol()
    _COLS = (created, mql, sql, conv, updated, dq_at, first_touch, reassigned, seq)

    @property
    def id(self) -> str:
        """'L-000123' from the 1-based position in id order (``seq`` once :meth:`_Gen.assign_ids` ran)."""
        return f"L-{self.seq:06d}"


class Deal:
    __slots__ = ("_k", "label", "account", "owner", "orig_owner", "lead", "pipeline",
                 "dtype", "stage", "amount", "currency", "is_closed", "is_won",
                 "lost_reason", "competitor", "deleted", "segment", "plan", "mix",
                 "k_reached", "creator")
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


@functools.lru_cache(maxsize=None)
def _sole_mix(product: str) -> tuple:
    """The product mix of a one-product deal, shared (mixes are never changed)."""
    return ((product, 1.0),)


def _owner_at(obj, t: int):
    """Owner of a deal/lead at time t (before/after a reassignment)."""
    if obj.reassigned is not None and t >= obj.reassigned:
        return obj.owner
    return obj.orig_owner


# --------------------------------------------------------------------------
# Packed tables: the big tables' rows as numpy columns (one int64 key a row for rep_time_entries and
# product_active_users, six columns for activities), decoded into typed rows while written
# --------------------------------------------------------------------------
def _checked(v: int, bits: int) -> int:
    if not 0 <= v < (1 << bits):
        raise OverflowError(f"{v} does not fit in {bits} bits")
    return v


class _Keys:
    """Append-only int64 keys (8 bytes a row instead of a Python list a row; uint32 if ``small``)."""

    def __init__(self, small: bool = False):
        self._a = array.array("I" if small else "q")
        self.add = self._a.append

    def sorted(self):
        import numpy as np  # noqa: PLC0415
        dtype = np.uint32 if self._a.typecode == "I" else np.int64
        keys = np.frombuffer(self._a, dtype=dtype) if self._a else np.zeros(0, dtype=dtype)
        keys.sort()  # in place, in the array's own buffer
        return keys


class _PackedRows:
    """Sequence of a table's typed rows decoded on access from equal-length numpy columns (already in
    the table's row order).  A row read by index (by dirt, which may change it in place) is kept, so
    changes persist."""

    CHUNK = 8192

    def __init__(self, columns, decode):
        self.columns = tuple(columns)
        self.decode = decode
        self._held: dict[int, list] = {}

    def __len__(self) -> int:
        return len(self.columns[0])

    def __getitem__(self, i: int) -> list:
        row = self._held.get(i)
        if row is None:
            row = self._held[i] = self.decode(i, *(c[i].item() for c in self.columns))
        return row

    def __iter__(self):
        held, decode = self._held, self.decode
        for start in range(0, len(self), self.CHUNK):
            parts = [c[start:start + self.CHUNK].tolist() for c in self.columns]
            for i, values in enumerate(zip(*parts), start):
                row = held.get(i)
                yield row if row is not None else decode(i, *values)


class _LazyRows:
    """A table's typed rows made from the entities when read, so that they are not all held at once.
    A row read by index (by dirt, which may change it in place) is kept, so changes persist."""

    def __init__(self, n: int, make, iterate):
        self.n = n
        self.make = make
        self.iterate = iterate
        self._held: dict[int, list] = {}

    @classmethod
    def of(cls, items: list, row_of):
        return cls(len(items), lambda i: row_of(items[i]), lambda: map(row_of, items))

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> list:
        row = self._held.get(i)
        if row is None:
            if not 0 <= i < self.n:
                raise IndexError(i)
            row = self._held[i] = self.make(i)
        return row

    def __iter__(self):
        held = self._held
        for i, row in enumerate(self.iterate()):
            kept = held.get(i)
            yield row if kept is None else kept


def _account_row(a) -> list:
    return [a.id, a.name, a.industry, a.segment, a.country, a.region, a.owner.id, a.created, a.deleted, a.updated]


def _lead_row(L) -> list:
    return [L.id, L.created, L.source, L.campaign["id"] if L.campaign else None, L.owner.id if L.owner else None,
            L.company, L.email, L.country, L.region, L.status, L.mql, L.sql, L.conv,
            L.account.id if L.account else None, L.deal.id if L.deal else None, L.deleted, L.updated]


def _frozen(row) -> bytes:
    """A final typed row as one bytes object (str, int, float, bool and None come back as they were)."""
    return marshal.dumps(tuple(row))


def _thawed(blob: bytes) -> list:
    return list(marshal.loads(blob))


def _deal_row(d) -> list:
    # d.lead: the lead's id number once the leads are frozen (see _Gen.freeze_leads)
    lead = d.lead if d.lead is None or isinstance(d.lead, int) else d.lead.seq
    return [d.id, d.name, d.account.id, d.owner.id, f"L-{lead:06d}" if lead else None, d.pipeline, d.dtype, d.stage,
            d.amount, d.currency, d.created, d.exp_close, d.closed, d.is_closed, d.is_won, d.lost_reason,
            d.competitor, d.deleted, d.updated]


class _Histories:
    """The stage histories of all deals, packed (16 bytes an entry): entered_at, and the codes of the
    stage and of changed_by (0 = none); a deal's entries are h0 .. h0 + hn - 1, in order."""

    def __init__(self):
        self.t, self.c = array.array("q"), array.array("q")
        self.stages, self.people = _Vocab(8), _Vocab(31)

    def put(self, d, hist):
        """The deal's history: (stage, entered_at) pairs, changed_by none."""
        d.h0, d.hn = len(self.t), len(hist)
        for s_, t in hist:
            self.t.append(t)
            self.c.append(self.stages.code(s_))

    def time(self, d, j: int) -> int:
        return self.t[d.h0 + j]

    def by(self, d, j: int):
        return self.people.words[self.c[d.h0 + j] >> 8]

    def set_by(self, d, j: int, user_id) -> None:
        k = d.h0 + j
        self.c[k] = (self.c[k] & 255) | self.people.code(user_id) << 8

    def entry(self, k: int) -> tuple:
        c = self.c[k]
        return self.stages.words[c & 255], self.t[k], self.people.words[c >> 8]

    def entries(self, d) -> list:
        """(stage, entered_at, changed_by) of the deal's history."""
        return [self.entry(k) for k in range(d.h0, d.h0 + d.hn)]


def _history_rows(deals: list, hist: _Histories) -> _LazyRows:
    """deal_stage_history: the stage entries of every deal, in deal order."""
    starts = list(itertools.accumulate((d.hn for d in deals), initial=0))

    def make(i):
        j = bisect.bisect_right(starts, i) - 1
        d = deals[j]
        return [d.id, *hist.entry(d.h0 + i - starts[j])]
    return _LazyRows(starts[-1], make, lambda: ([d.id, *e] for d in deals for e in hist.entries(d)))


class _Vocab:
    """Small-integer codes of strings (0 = None), below 2**bits."""

    def __init__(self, bits: int):
        self.bits = bits
        self.words: list = [None]
        self.codes: dict = {None: 0}

    def code(self, word) -> int:
        c = self.codes.get(word)
        if c is None:
            c = self.codes[word] = _checked(len(self.words), self.bits)
            self.words.append(word)
        return c


def _ref(entity_id) -> int:
    """'L-000123' -> 123 (None -> 0); ids are a prefix and the 1-based position, zero-padded to 6."""
    return 0 if entity_id is None else _checked(int(entity_id[2:]), 31)


class _Activities:
    """Activities as columns (40 bytes a row): created << 32 | occurred (the sort key),
    (updated_at - created_at) << 16 | duration code (0 = none, else whole minutes + 1),
    the codes of type, direction, status, sentiment and owner, and the lead/contact and account/deal
    numbers.  ``rows()`` sorts them as the table is ordered (created_at, occurred_at, stable) and
    numbers them ACT-0000001..."""

    def __init__(self, base: int = 0):
        self.base = base  # the number before the first activity's (see _Gen.num)
        self.when, self.upd, self.codes = array.array("q"), array.array("q"), array.array("q")
        self.people, self.deals = array.array("q"), array.array("q")
        self.words, self.owners = _Vocab(8), _Vocab(31)

    def add(self, atype, direction, owner_id, lead, contact, account, deal, created, occurred, status, dur,
            sent, upd):
        w = self.words.code
        self.when.append((_checked(created, 31) << 32) | _checked(occurred, 32))
        if dur is None:
            dcode = 0
        elif dur == int(dur):
            dcode = _checked(int(dur) + 1, 16)
        else:
            raise ValueError(f"duration {dur!r} is not whole minutes")
        self.upd.append(_checked(upd - created, 40) << 16 | dcode)
        self.codes.append(w(atype) | w(direction) << 8 | w(status) << 16 | w(sent) << 24
                          | self.owners.code(owner_id) << 32)
        self.people.append(_ref(lead) << 32 | _ref(contact))
        self.deals.append(_ref(account) << 32 | _ref(deal))

    def rows(self) -> _PackedRows:
        import numpy as np  # noqa: PLC0415
        order = np.argsort(np.frombuffer(self.when, dtype=np.int64), kind="stable")
        cols = []
        for name, dtype in (("when", np.int64), ("upd", np.int64), ("codes", np.int64), ("people", np.int64),
                            ("deals", np.int64)):
            cols.append(np.frombuffer(getattr(self, name), dtype=dtype)[order] if len(order) else
                        np.zeros(0, dtype=dtype))
            setattr(self, name, None)
        return _PackedRows(cols, self.decode)

    def decode(self, i, when, upd, codes, people, deals) -> list:
        w = self.words.words
        lead, contact, account, deal = people >> 32, people & 0xFFFFFFFF, deals >> 32, deals & 0xFFFFFFFF
        dcode = upd & 0xFFFF
        return [f"ACT-{self.base + i + 1:07d}", w[codes & 255], w[(codes >> 8) & 255], self.owners.words[codes >> 32],
                f"L-{lead:06d}" if lead else None, f"C-{contact:06d}" if contact else None,
                f"A-{account:06d}" if account else None, f"D-{deal:06d}" if deal else None,
                when >> 32, when & 0xFFFFFFFF, w[(codes >> 16) & 255], float(dcode - 1) if dcode else None,
                w[(codes >> 24) & 255], False, (when >> 32) + (upd >> 16)]


class _TimeDecoder:
    """rep_time_entries key: day offset << 40 | user rank << 20 | category << 16 | minutes / 15."""

    def __init__(self, start_day: int, user_ids: list, base: int = 0):
        self.base = base
        self.start_day = start_day
        self.user_ids = user_ids

    def __call__(self, i: int, k: int) -> list:
        return [f"TE-{self.base + i + 1:07d}", self.user_ids[(k >> 20) & 0xFFFFF], self.start_day + (k >> 40),
                TIME_CATS[(k >> 16) & 0xF], float((k & 0xFFFF) * 15)]


class _UsageDecoder:
    """product_active_users key (uint32): day offset (< 120) << 25 | index of the app user (in account id,
    app user id order)."""

    def __init__(self, lo: int, accts: list, uids: list):
        self.lo = lo
        self.accts = accts
        self.uids = uids

    def __call__(self, i: int, k: int) -> list:
        g = k & 0x1FFFFFF
        return [self.lo + (k >> 25), self.accts[g], f"usr_{self.uids[g]:08x}"]


# --------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------
class _Gen:
    def __init__(self, seed: int, as_of: _dt.date, scale: float, dirty: bool, division: int = 0,
                 id_base: dict | None = None, market_scale: float | None = None, divided: bool = False):
        """One org (``division`` 0) or one division of a divided org (see :func:`generate`): a division
        draws from its own random streams (but the shared ones, ``SHARED_STREAMS``), numbers its
        records after ``id_base`` (table -> last number used by the divisions before it) and, when
        ``divided``, plants orphan keys no division can hold."""
        _reset_cols(Account)
        _reset_cols(Lead)
        _reset_cols(Deal)
        self.hist = _Histories()
        self.seed = seed
        self.scale = float(scale)
        self.dirty = dirty
        self.division = division
        self.id_base = dict(id_base or {})
        self.market_scale = self.scale if market_scale is None else float(market_scale)
        self.divided = divided
        self.as_of_day = _day_of(as_of)
        self.AE = (self.as_of_day + 1) * DAY - 1  # end of the as-of day
        mi = as_of.year * 12 + as_of.month - 1 - 24
        self.start_day = _month_start(mi)
        self.start_mi = mi
        self.as_of_mi = as_of.year * 12 + as_of.month - 1
        self.span = self.as_of_day - self.start_day
        self.cum_biz = self._cum(weekend=0.05)
        self.cum_lead = self._cum(weekend=0.30)

    def rng(self, name: str) -> random.Random:
        if self.division and name not in SHARED_STREAMS:
            return random.Random(f"{self.seed}/{self.division}:{name}")
        return random.Random(f"{self.seed}:{name}")

    def num(self, table: str, i: int) -> int:
        """The id number of the i-th (0-based) record of ``table`` in this division."""
        return self.id_base.get(table, 0) + i + 1

    def orphan_key(self, key: str) -> str:
        """A planted orphan key: ``key`` itself, or past every division's numbers in a divided org."""
        if not self.divided:
            return key
        prefix, _, digits = key.partition("-")
        return f"{prefix}-{digits.rjust(10, '9')}"

    # ---- time sampling --------------------------------------------------
    def _cum(self, weekend: float):
        cum, tot = [], 0.0
        for d in range(self.start_day, self.as_of_day + 1):
            dd = _date(d)
            w = math.exp(0.30 * (d - self.start_day) / 365.0) * SEASON[dd.month]
            wd = _weekday(d)
            if wd >= 5:
                w *= weekend
            elif wd in (1, 2, 3):
                w *= 1.08
            if (dd.month == 12 and dd.day >= 23) or (dd.month == 1 and dd.day <= 2):
                w *= 0.3
            tot += w
            cum.append(tot)
        return cum

    def sample_day(self, rng, cum, lo=None, hi=None) -> int:
        i0 = 0 if lo is None else min(max(0, lo - self.start_day), len(cum) - 1)
        i1 = len(cum) - 1 if hi is None else min(max(0, hi - self.start_day), len(cum) - 1)
        if i1 < i0:
            i1 = i0
        base = cum[i0 - 1] if i0 > 0 else 0.0
        x = base + rng.random() * (cum[i1] - base)
        return self.start_day + min(bisect.bisect_left(cum, x, i0, i1 + 1), i1)

    def biz_ts(self, rng, day: int, region) -> int:
        c = TZ_CENTER.get(region, 15.0)
        h = min(max(rng.gauss(c, 2.0), c - 4.5), c + 4.5)
        return day * DAY + int(h * HOUR) % DAY

    def any_ts(self, rng, day: int, region) -> int:
        if rng.random() < 0.7:
            return self.biz_ts(rng, day, region)
        return day * DAY + int(rng.random() * DAY)

    def next_biz_day(self, day: int) -> int:
        wd = _weekday(day)
        return day + (7 - wd if wd >= 5 else 0)

    # ---- fx ---------------------------------------------------------------
    def build_fx(self):
        rng = self.rng("fx")
        self.fx_start = self.start_day - 45
        params = {"EUR": (1.085, 0.0031, 0.00004), "GBP": (1.27, 0.0036, 0.00002),
                  "PLN": (0.252, 0.0042, 0.00005)}
        self.fx = {}
        rows = []
        for ccy in ("EUR", "GBP", "PLN"):
            mu, sig, trend = params[ccy]
            lx = math.log(mu)
            lm = lx
            arr, last = [], round(mu, 6)
            for d in range(self.fx_start, self.as_of_day + 1):
                lm += trend
                if _weekday(d) < 5:
                    lx += 0.015 * (lm - lx) + rng.gauss(0.0, sig)
                    last = round(math.exp(lx), 6)
                    rows.append([d, ccy, last])
                arr.append(last)
            self.fx[ccy] = arr
        rows.sort(key=lambda r: (r[0], r[1]))
        self.fx_rows = rows

    def rate(self, ccy: str, day: int) -> float:
        if ccy == "USD":
            return 1.0
        arr = self.fx[ccy]
        return arr[min(max(day - self.fx_start, 0), len(arr) - 1)]

    # ---- people -----------------------------------------------------------
    def person(self, rng, region):
        firsts, lasts = NAMES[NAME_POOL.get(region, "en")]
        return rng.choice(firsts), rng.choice(lasts)

    def build_users(self):
        rng = self.rng("users")
        rep_share = {"NA": 7, "EMEA": 6, "APAC": 4, "LATAM": 3}
        reps_per_team = {r: max(2, int(round(rep_share[r] * math.sqrt(self.scale)))) for r in REGIONS}
        users: list[User] = []
        emails = {}

        def mk(role, region, manager, hired, term=None):
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
        mk("other", "NA", vp, s - _rint(rng, 300, 900))           # revenue operations
        mk("other", "EMEA", vp, s - _rint(rng, 100, 600))         # sales enablement
        # rep skill: an even spread (win rates roughly 15-40 %), shuffled over the reps
        base_reps = [u for r in REGIONS for u in self.reps_by_region[r]]
        n_b = len(base_reps)
        skills = [0.76 + 0.56 * i / max(1, n_b - 1) for i in range(n_b)]
        rng.shuffle(skills)
        for u, sk in zip(base_reps, skills):
            u.skill = sk
        # terminations and mid-period hires
        span = self.span
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
        # one rep moved team early in the history (old version shows the previous team)
        mover = self.reps_by_region["LATAM"][0]
        mover.old_team = TEAMS["NA"][0]
        for u in users:
            lo = max(u.hired, s - 60)
            last = u.term + _rint(rng, 0, 3) if u.term is not None else lo + int(rng.random() * (self.as_of_day - lo))
            u.updated = min(self.biz_ts(rng, min(last, self.as_of_day), u.region), self.AE)
        self.users = users
        self.user_by_id = {u.id: u for u in users}
        self.all_reps = [u for u in users if u.role == "rep"]
        self.sellers = [u for u in users if u.role in ("rep", "sdr")]

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

    # ---- campaigns ----------------------------------------------------------
    def build_campaigns(self):
        rng = self.rng("campaigns")
        n = max(6, int(round(25 * math.sqrt(self.scale))))
        plan = (("paid_ads", 8), ("event", 6), ("email", 6), ("social", 3), ("partner", 1), ("organic", 1))
        counts = [max(1, int(round(n * w / 25.0))) for _, w in plan]
        dur = {"paid_ads": (75, 150), "event": (0, 2), "email": (45, 100), "social": (120, 240),
               "partner": (90, 180), "organic": (180, 365)}
        budget = {"paid_ads": (15000, 45000), "event": (8000, 30000), "email": (2000, 6000),
                  "social": (4000, 12000), "partner": (10000, 25000), "organic": (12000, 20000)}
        events = ("SaaStr Annual", "Web Summit", "RevOps Summit", "Sales Leaders Forum", "CRM World Tour",
                  "B2B Marketing Expo", "Pipeline Conference")
        cities = {"NA": ("San Francisco", "New York", "Toronto"), "EMEA": ("London", "Berlin", "Warsaw", "Paris"),
                  "APAC": ("Sydney", "Singapore", "Tokyo"), "LATAM": ("São Paulo", "Mexico City")}
        emails = ("Nurture: Trial Users", "Newsletter", "Product Launch: Analytics", "Webinar Invite: Forecasting 101",
                  "Re-engagement: Closed-Lost", "Customer Stories Digest")
        socials = ("LinkedIn Thought Leadership", "Customer Stories Video Series", "Twitter/X Product Teasers")
        partners = ("Northbridge Consulting", "Cloudway Partners", "Integrio")
        camps = []
        span = self.span
        scale_budget = math.sqrt(self.scale)
        for (ch, _), k in zip(plan, counts):
            for i in range(k):
                st = self.start_day + int((i + 0.7 * rng.random()) * span / k) - (20 if ch == "organic" else 0)
                st = min(max(st, self.start_day), self.as_of_day)
                if ch == "event":
                    st = self.next_biz_day(st)
                a, b = dur[ch]
                en = min(st + _rint(rng, a, b), self.as_of_day)
                regional = ch == "event" or (ch == "paid_ads" and rng.random() < 0.4)
                region = rng.choices(REGIONS, REGION_W)[0] if regional else None
                d = _date(st)
                q = f"Q{(d.month - 1) // 3 + 1} {d.year}"
                if ch == "paid_ads":
                    kind = rng.choice(("Google Search", "LinkedIn Ads", "Capterra Listing"))
                    name = f"{kind} - {region or 'Global'} {q}"
                elif ch == "event":
                    name = f"{rng.choice(events)} {rng.choice(cities[region])} {d.year}"
                elif ch == "email":
                    name = f"{rng.choice(emails)} {d.strftime('%b %Y')}"
                elif ch == "social":
                    name = f"{rng.choice(socials)} {q}"
                elif ch == "partner":
                    name = f"Partner Co-Marketing, {rng.choice(partners)}"
                else:
                    name = 'SEO Content Hub "Sales KPIs"'
                ccy = "USD"
                if region == "EMEA":
                    ccy = "GBP" if rng.random() < 0.3 else "EUR"
                lo, hi = budget[ch]
                bud_usd = (lo + rng.random() * (hi - lo)) * scale_budget
                bud = round(bud_usd / self.rate(ccy, st) / 100.0) * 100.0
                camps.append({"id": None, "name": name, "channel": ch, "start": st, "end": en, "budget": bud,
                              "ccy": ccy, "region": region,
                              "updated": min(self.biz_ts(rng, min(en + _rint(rng, 1, 20), self.as_of_day), "NA"),
                                             self.AE)})
        camps.sort(key=lambda c: (c["start"], c["channel"], c["name"]))
        for i, c in enumerate(camps):
            c["id"] = f"CMP-{self.num('campaigns', i):03d}"
        self.campaigns = camps
        self.camps_by_channel = {}
        for c in camps:
            self.camps_by_channel.setdefault(c["channel"], []).append(c)

    def pick_campaign(self, rng, channel, day, region):
        window = 30 if channel in ("event", "email") else 10
        cands = [x for x in self.camps_by_channel.get(channel, ()) if x["region"] is None or x["region"] == region]
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
        leads = []
        events = [c for c in self.camps_by_channel.get("event", ()) if c["start"] <= self.as_of_day]
        AE = self.AE
        for i in range(n):
            L = _new(Lead)
            L.seq = L._k  # == i
            src = rng.choices(src_names, src_w)[0]
            region = rng.choices(REGIONS, REGION_W)[0]
            camp = None
            if src == "event" and events and rng.random() < 0.85:
                c = rng.choice(events)
                day = c["start"] + int(rng.expovariate(1 / 4.0))
                if day > self.as_of_day:
                    day = self.sample_day(rng, self.cum_lead)
                else:
                    camp = c
                    region = c["region"] or region
            else:
                day = self.sample_day(rng, self.cum_lead)
            if src in ("paid_ads", "organic", "social", "email") and rng.random() < 0.035:
                L.region, L.country = None, None
            else:
                L.region, L.country = region, self.country_for(rng, region)
            L.created = self.any_ts(rng, day, region)
            if camp is None:
                p_camp = {"paid_ads": 0.9, "event": 0.9, "email": 0.9, "social": 0.85, "partner": 0.5,
                          "organic": 0.1}.get(src, 0.0)
                if rng.random() < p_camp:
                    c = self.pick_campaign(rng, src, day, L.region)
                    camp = c
            L.campaign = camp
            L.source = src
            L.company, _, L.domain, _ = self.company(rng, L.country)
            L.first, L.last = self.person(rng, L.region)
            if rng.random() < 0.06:
                L.email = f"{_ascii(L.first)}.{_ascii(L.last)}{_rint(rng, 1, 99)}@gmail.com"
            else:
                L.email = f"{_ascii(L.first)}.{_ascii(L.last)}@{L.domain}"
            _, pm, ps, pc, _ = SOURCES[src]
            L.mql = L.sql = L.conv = None
            if rng.random() < pm:
                delay = _rint(rng, 0, 900) if rng.random() < 0.5 else int(rng.lognormvariate(math.log(3 * DAY), 0.9))
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
            # owner
            reg = L.region or "NA"
            cday = L.created // DAY
            if L.conv is None and rng.random() < (0.05 if L.mql is None else 0.02):
                owner = None
            elif src == "outbound" or rng.random() < 0.55:
                owner = self.active_sdr(rng, reg, cday) or self.active_rep(rng, reg, cday)
            else:
                owner = self.active_rep(rng, reg, cday)
            L.owner = L.orig_owner = owner
            L.reassigned = None
            # contact plan (first outbound touch)
            L.contacted, L.first_touch = False, None
            if owner is not None:
                p = 1.0 if (L.conv is not None or L.sql is not None) else 0.88
                if rng.random() < p:
                    med = 2.5 * HOUR if owner.role == "sdr" else 7 * HOUR
                    if src in ("referral", "partner"):
                        med *= 0.6
                    delay = int(rng.lognormvariate(math.log(med), 1.25)) + 60
                    if L.conv is not None and L.created + delay >= L.conv:
                        delay = int((L.conv - L.created) * (0.1 + 0.4 * rng.random()))
                    if L.created + delay <= AE:
                        L.contacted, L.first_touch = True, L.created + delay
            L.account = L.deal = None
            if L.conv is None:  # the domain is only read to make an account from a converted lead
                L.domain = None
            L.deleted = False
            leads.append(L)
        self.leads = leads

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
        a.owner = self.active_rep(rng, region, created // DAY if created >= self.start_day * DAY
                                  else self.start_day)
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
        plan = _wchoice(rng, ("starter", "pro", "enterprise"),
                        {"smb": (0.75, 0.25, 0.0), "mid_market": (0.10, 0.75, 0.15),
                         "enterprise": (0.0, 0.15, 0.85)}[seg])
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

    def make_deal(self, rng, a, dtype, created, owner, lead=None, amount_usd=None, pipeline="default",
                  base_plan=None, base_product=None):
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
            amount_usd = rng.lognormvariate(math.log(AMOUNT_MEDIAN[a.segment]), AMOUNT_SIGMA[a.segment]) * owner.size
        step = 50.0 if amount_usd < 20000 else (500.0 if amount_usd < 200000 else 1000.0)
        amt = max(step, round(amount_usd / step) * step) / self.rate(d.currency, created // DAY)
        d.amount = round(amt / 10.0) * 10.0 if amt > 1000 else round(amt, 2)
        fam = PROD[main][2]
        cd = _date(created // DAY)
        label = {"new_business": f"{PROD[main][1].replace('Pulse ', '')}",
                 "upsell": "Seat expansion", "cross_sell": f"{fam.title()} add-on",
                 "renewal": f"Renewal {cd.year + (1 if cd.month >= 11 else 0)}"}[dtype]
        d.label = _LABELS.setdefault(label, label)
        d.competitor = None
        p_comp = {"new_business": {"smb": 0.35, "mid_market": 0.5, "enterprise": 0.6}[a.segment],
                  "upsell": 0.1, "cross_sell": 0.25, "renewal": 0.12}[dtype]
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
        seg = d.segment
        region = d.account.region
        created = d.created
        if d.pipeline == "renewals":
            won = rng.random() < p_win
            closed = force_close_by
            path = ["renewal_due"]
            if rng.random() < 0.8:
                path.append("renewal_negotiation")
            k_reached = len(path)
            zombie = False
        else:
            med = CYCLE_MEDIAN[seg] * (0.55 if d.dtype in ("upsell", "cross_sell") else 1.0)
            T = max(rng.lognormvariate(math.log(med), CYCLE_SIGMA[seg]) * DAY, 4 * DAY)
            zombie = allow_zombie and created < AE - 200 * DAY and rng.random() < 0.035
            won = (not zombie) and rng.random() < p_win
            if won:
                k = 4
            else:
                k = rng.choices((0, 1, 2, 3, 4), (0.30, 0.25, 0.2, 0.15, 0.1) if not zombie
                                else (0.3, 0.3, 0.25, 0.15, 0.0))[0]
            path = [0]
            for s_ in range(1, k + 1):
                skip = {1: 0.07, 2: 0.2 if seg == "smb" else 0.05, 3: 0.04,
                        4: {"smb": 0.35, "mid_market": 0.12, "enterprise": 0.03}[seg]}[s_]
                if d.dtype in ("upsell", "cross_sell") and s_ == 2:
                    skip = 0.5
                if (s_ == k and not won) or rng.random() >= skip:
                    path.append(s_)
            k_reached = k
            if not won and not zombie:
                d.lost_reason = _wchoice(rng, LOST_REASONS, LOST_W)
                if d.competitor and rng.random() < 0.5:
                    d.lost_reason = "competitor"
                f = (0.3 + 0.7 * (k + 1) / 5.0) * (0.7 + 0.6 * rng.random())
                if d.lost_reason == "no_decision":
                    f = 1.2 + 0.8 * rng.random()
                T *= f
            planned = created + int(T)
            cday = planned // DAY
            if won:
                cday = self.qe_push(rng, cday, created // DAY + 2, seg)
            closed = self.biz_ts(rng, cday, region)
            if zombie:
                closed = None
                d.planned_close = planned
            path = [OPEN_STAGES[i] for i in path]
        d.k_reached = k_reached
        if closed is not None:
            if closed <= created + HOUR:
                closed = created + int(HOUR * (1 + 47 * rng.random()))
            d.planned_close = closed
        # regress (a deal goes back one stage, then forward again)
        if d.pipeline == "default" and len(path) >= 3 and rng.random() < 0.06:
            j = _rint(rng, 2, len(path) - 1)
            path = path[:j + 1] + [path[j - 1], path[j]] + path[j + 1:]
        # entry times
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
        if closed is not None and closed <= times[-1]:
            closed = times[-1] + 600 + int(rng.random() * 7200)
        hist = [(s_, t) for s_, t in zip(path, times) if t <= AE]
        if closed is not None and closed <= AE:
            d.is_closed = True
            d.is_won = won
            d.closed = closed
            final = ("renewed" if won else "not_renewed") if d.pipeline == "renewals" else \
                ("closed_won" if won else "closed_lost")
            hist.append((final, closed))
            d.stage = final
            if d.pipeline == "renewals" and not won:
                d.lost_reason = _wchoice(rng, ("no_budget", "price", "competitor", "missing_features",
                                               "company_acquired"), (0.3, 0.25, 0.15, 0.2, 0.1))
                if d.lost_reason == "competitor" and d.competitor is None:
                    d.competitor = rng.choices(COMPETITORS, COMPETITOR_W)[0]
            if rng.random() < 0.85:
                d.exp_close = closed // DAY + _rint(rng, -20, 10)
            else:
                d.exp_close = None
        else:
            d.is_closed = d.is_won = False
            d.closed = None
            d.lost_reason = None
            d.stage = hist[-1][0]
            base = (d.planned_close // DAY) if d.planned_close else self.as_of_day + 30
            d.exp_close = base + _rint(rng, -10, 20)
            if d.amount is not None and d.stage == "prospecting" and rng.random() < 0.3:
                d.amount = None
        if not won and d.is_closed and d.stage == "closed_lost" and d.k_reached == 0 and rng.random() < 0.1:
            d.amount = None
        self.hist.put(d, hist)
        return won

    def win_p(self, d, src_factor):
        p = WIN_BASE[d.segment] * src_factor * self.skill_at(d.orig_owner, d.created // DAY)
        if d.competitor:
            p *= 0.8
        return min(max(p, 0.03), 0.85)

    def build_accounts_and_deals(self):
        rng = self.rng("deals")
        self.accounts: list[Account] = []
        self.deals: list[Deal] = []
        self.prospects = {r: [] for r in REGIONS}
        self._names = getattr(self, "_names", {})
        AE = self.AE
        # pool of prospect accounts (imported before the history, or created by SDR research)
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
        # new-business events: converted leads + rep-sourced outbound opportunities
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
        for t, kind, _, x in evs:
            if kind == 0:
                L = x
                region = L.region or rng.choices(REGIONS, REGION_W)[0]
                p_exist = 0.50
            else:
                L = None
                region = x
                p_exist = 0.90
            a = None
            if rng.random() < p_exist:
                pool = self.prospects[region]
                for _ in range(25):
                    if not pool:
                        break
                    c = pool[int(rng.random() * len(pool))]
                    if (c.customer_since is None and c.created <= t - HOUR and c.busy_until < t - 30 * DAY
                            and c.attempts < 4):
                        a = c
                        break
            if a is None:
                if L is not None:
                    country = L.country or self.country_for(rng, region)
                    seg = self.seg_for(rng, L.source in ("event", "partner", "outbound"))
                    a = self.new_account(rng, region, country, seg, t - _rint(rng, 5, 120),
                                         L.company, L.domain)
                else:
                    country = self.country_for(rng, region)
                    r = rng.random()
                    if r < 0.25:
                        created = (self.start_day - _rint(rng, 30, 900)) * DAY + _rint(rng, 0, DAY - 1)
                    elif r < 0.8:
                        created = t - _rint(rng, DAY, 60 * DAY)
                    else:
                        created = t - _rint(rng, 600, 3 * DAY)
                    a = self.new_account(rng, region, country, self.seg_for(rng, True), created)
                if L is not None:
                    a.lead = L
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
        # the company domains of leads were only needed for the accounts made from them
        for L in self.leads:
            L.domain = None

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
        AE, aod = self.AE, self.as_of_day
        start = min(deal.closed // DAY + _rint(rng, 0, 5), aod)
        seg = a.segment
        interval = "year" if rng.random() < P_YEARLY[seg] else "month"
        services = sum(w for p, w in deal.mix if p == "PRD-008")
        mrr = round(deal.amount * (1.0 - services) / 12.0, 2)
        main = self.new_sub(a, deal.mix[0][0], deal.plan, interval, deal.currency)
        main.periods.append([start, None, mrr])
        active_subs = [main]
        health = a.health
        cur = start
        anniv = start + 365
        churn_day = None
        while True:
            nxt = cur + 30
            if nxt > aod:
                break
            if interval == "month":
                h = CHURN_MONTHLY[seg] * math.exp(-0.45 * health)
                if rng.random() < h:
                    churn_day = min(nxt - _rint(rng, 0, 25), aod)
                    break
            renewal_lost = False
            while anniv <= nxt and interval == "year":
                rc = (anniv - _rint(rng, 60, 90)) * DAY
                if rc > AE:
                    break
                rc = self.biz_ts(rng, max(rc // DAY, cur), a.region)
                if rc > AE:  # moved past the export day by the customer's later history
                    break
                owner = self.account_owner_at(rng, a, rc // DAY)
                arr_usd = sum(s.periods[-1][2] for s in active_subs) * 12 * self.rate(a.currency, rc // DAY)
                rd = self.make_deal(rng, a, "renewal", rc, owner, amount_usd=arr_usd * (1.0 + 0.05 * rng.random()),
                                    pipeline="renewals", base_plan=main.plan, base_product=main.product)
                close_t = self.biz_ts(rng, anniv + _rint(rng, -20, 5), a.region)
                p = min(0.97, 0.86 + 0.06 * health)
                won = self.simulate(rng, rd, p, force_close_by=max(close_t, rc + DAY))
                if rd.is_closed:
                    if won:
                        if rng.random() < 0.55:
                            self.change_mrr(main, anniv, main.periods[-1][2] * (1.03 + 0.05 * rng.random()))
                        elif rng.random() < 0.1:
                            self.change_mrr(main, anniv, main.periods[-1][2] * (0.7 + 0.2 * rng.random()))
                    elif anniv <= aod:
                        renewal_lost = True
                        churn_day = anniv
                anniv += 365
                if renewal_lost:
                    break
            if renewal_lost:
                break
            if interval == "month" and rng.random() < 0.012 * math.exp(-0.3 * health):
                self.change_mrr(main, nxt - _rint(rng, 0, 25), main.periods[-1][2] * (0.6 + 0.3 * rng.random()))
            jump = nxt
            r = rng.random()
            pu = P_UPSELL[seg] * math.exp(0.3 * health)
            pc = P_CROSS[seg] * math.exp(0.3 * health)
            if r < pu + pc:
                dtype = "upsell" if r < pu else "cross_sell"
                t = self.biz_ts(rng, max(cur + 1, nxt - _rint(rng, 0, 25)), a.region)
                if t <= AE:
                    owner = self.account_owner_at(rng, a, t // DAY)
                    arr_usd = main.periods[-1][2] * 12 * self.rate(a.currency, t // DAY)
                    amt = arr_usd * ((0.15 + 0.35 * rng.random()) if dtype == "upsell" else (0.2 + 0.25 * rng.random()))
                    ud = self.make_deal(rng, a, dtype, t, owner, amount_usd=amt, base_plan=main.plan,
                                        base_product=main.product)
                    p = min(0.8, 0.42 * self.skill_at(owner, t // DAY) ** 0.5 * math.exp(0.2 * health))
                    won = self.simulate(rng, ud, p)
                    if won and ud.is_closed:
                        cd = min(ud.closed // DAY, aod)
                        add = ud.amount / 12.0
                        if dtype == "upsell":
                            self.change_mrr(main, cd, main.periods[-1][2] + add)
                        else:
                            cs = self.new_sub(a, ud.mix[0][0], PROD[ud.mix[0][0]][3], interval, ud.currency)
                            cs.periods.append([cd, None, round(add, 2)])
                            active_subs.append(cs)
                        jump = max(nxt, cd)
            cur = jump
        if churn_day is not None:
            for s in active_subs:
                p = s.periods[-1]
                if p[1] is None:
                    p[1] = max(churn_day, p[0] + 1)
            a.churn_days.append(churn_day)
            # win-back (reactivation)
            if depth == 0 and health > -1.2 and rng.random() < 0.45:
                wd = churn_day + _rint(rng, 30, 180)
                if wd <= aod:
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
        custs = sorted((a for a in self.accounts if a.customer_since is not None),
                       key=lambda a: (a.customer_since, a.seq))
        for a in custs:
            first = min((d for d in a.deals if d.is_won and d.dtype == "new_business"),
                        key=lambda d: (d.closed, d.seq))
            self.run_customer(rng, a, first)

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
                    nw = a.owner if a.owner.active(o.term + 6) else \
                        self.active_rep(rng, a.region, o.term + 6, exclude=o)
                    d.owner = nw
                    d.reassigned = end_t + _rint(rng, 6 * HOUR, 12 * HOUR)
        for L in self.leads:
            o = L.orig_owner
            if o is not None and o.term is not None and L.status not in ("converted", "disqualified"):
                end_t = (o.term + 1) * DAY
                if L.status in ("new", "working", "mql", "sql"):
                    reg = L.region or "NA"
                    day = o.term + 3
                    nw = (self.active_sdr(rng, reg, day) if o.role == "sdr" else None) or \
                        self.active_rep(rng, reg, day, exclude=o)
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
        rng = self.rng("finalize")
        AE, H = self.AE, self.hist
        lag = lambda t, hi=2 * DAY: min(AE, t + _rint(rng, 60, hi))  # noqa: E731
        for L in self.leads:
            ts = [L.created, L.mql or 0, L.sql or 0, L.conv or 0, L.dq_at or 0, L.reassigned or 0,
                  L.first_touch or 0]
            L.updated = lag(max(ts))
        for d in self.deals:
            n = d.hn
            ts = [d.created, H.time(d, n - 1), d.closed or 0, d.reassigned or 0]
            last = max(ts)
            if not d.is_closed:
                last = max(last, last + int((AE - last) * rng.random() ** 2))
            d.updated = lag(last)
            # changed_by on stage history
            for i in range(n):
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

        for a in self.accounts:
            ts = [a.created, (a.owner_since or 0) * DAY, a.customer_since or 0]
            a.updated = lag(max(ts), 20 * DAY)

    # ---- contacts --------------------------------------------------------------
    def build_contacts(self):
        rng = self.rng("contacts")
        AE = self.AE
        rows = []
        for a in self.accounts:
            n = {"smb": _rint(rng, 1, 3), "mid_market": _rint(rng, 2, 4), "enterprise": _rint(rng, 3, 7)}[a.segment]
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
                    created = a.created + _rint(rng, 30, 900) if j == 0 else \
                        a.created + int(rng.random() * min(120 * DAY, max(AE - a.created, 0)))
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
                disc = rng.choice((0.0, 0.0, 0.0, 0.05, 0.1, 0.1, 0.15, 0.2, 0.25)) if d.dtype != "renewal" else 0.0
                if d.segment == "enterprise" and disc < 0.1 and rng.random() < 0.4:
                    disc = 0.2
                qty = max(1, int(round(net / (list_ccy * (1 - disc)))))
                unit = round(net / (qty * (1 - disc)), 2)
                rows.append([None, d.id, pid, qty, unit, disc, upd])
        for i, r in enumerate(rows):
            r[0] = f"LI-{self.num('deal_line_items', i):06d}"
        self.line_rows = rows

    # ---- activities ----------------------------------------------------------------
    def build_activities(self):
        rng = self.rng("activities")
        AE = self.AE
        acts = _Activities(self.id_base.get("activities", 0))

        def add(atype, direction, owner, lead, contact, account, deal, created, occurred, status, dur, sent):
            created = min(created, AE)
            if status == "completed" or status == "no_show":
                upd = max(created, occurred) + _rint(rng, 30, 4 * HOUR)
            elif status == "cancelled":
                upd = created + int((max(occurred, created) - created) * rng.random())
            else:
                upd = created + _rint(rng, 0, 600)
            acts.add(atype, direction, owner.id if owner is not None else None, lead, contact, account, deal,
                     created, occurred, status, dur, sent, min(upd, AE))

        def status_for(atype, occurred):
            if occurred > AE:
                return "scheduled"
            r = rng.random()
            if atype in ("meeting", "demo", "onboarding"):
                return "completed" if r < 0.88 else ("cancelled" if r < 0.94 else "no_show")
            if atype == "call":
                return "completed" if r < 0.95 else ("no_show" if r < 0.98 else "cancelled")
            return "completed"

        def duration(atype, status):
            if status in ("cancelled", "scheduled") and atype not in ("meeting", "demo", "onboarding"):
                return None
            if atype == "call":
                return 0.0 if status == "no_show" else float(max(1, min(90, int(rng.lognormvariate(math.log(7), 0.7)))))
            if atype in ("meeting", "onboarding"):
                return float(rng.choice((30, 30, 45, 60, 60, 90)))
            if atype == "demo":
                return float(rng.choice((45, 60, 60, 90)))
            if atype == "event":
                return float(rng.choice((60, 120, 240)))
            if atype == "follow_up":
                return float(_rint(rng, 5, 20)) if rng.random() < 0.5 else None
            return None

        def booked(occurred, floor):
            return max(floor, occurred - _rint(rng, 1, 10) * DAY - _rint(rng, 0, DAY))

        def logged(occurred):
            return occurred + _rint(rng, 0, 1800)

        def sentiment_pick(pos, neu):
            r = rng.random()
            return "positive" if r < pos else ("neutral" if r < pos + neu else "negative")

        # --- leads
        for L in self.leads:
            reg = L.region or "NA"
            acct_id = None
            if L.source == "event" and L.owner is not None and L.campaign is not None:
                t = L.created - _rint(rng, 0, 3 * HOUR)
                add("event", "inbound", self.staffed(rng, L.orig_owner, t, reg), L.id, None, acct_id, None,
                    L.created, t, "completed",
                    duration("event", "completed"), None)
            if not L.contacted:
                continue
            end = min(x for x in (L.conv, L.dq_at, AE) if x is not None)
            if L.source == "outbound" and rng.random() < 0.05:
                t = L.created - _rint(rng, 30 * 60, 48 * HOUR)
                add("call", "outbound", self.staffed(rng, L.orig_owner, t, reg), L.id, None, None, None, logged(t), t,
                    "completed",
                    duration("call", "completed"), None)
            t = L.first_touch
            n = 1
            while rng.random() < 0.66 and n < 8:
                n += 1
            for i in range(n):
                if i > 0:
                    t += int(rng.lognormvariate(math.log(2 * DAY), 0.6))
                    if t > end:
                        break
                owner = self.staffed(rng, _owner_at(L, t), t, reg)
                atype = _wchoice(rng, ("call", "email", "social"), (0.45, 0.45, 0.10))
                st = status_for(atype, t)
                if i == 0:
                    st = "completed"
                add(atype, "outbound", owner, L.id, None, None, None, logged(t), t, st, duration(atype, st), None)
            p_reply = 0.8 if L.conv else (0.5 if L.sql else 0.3)
            if rng.random() < p_reply:
                tr = L.first_touch + int(rng.expovariate(1 / (30.0 * HOUR)))
                if tr <= end:
                    s = sentiment_pick(0.7, 0.25) if (L.conv or L.sql) else sentiment_pick(0.25, 0.35)
                    add("email", "inbound", self.staffed(rng, _owner_at(L, tr), tr, reg), L.id, None, None, None,
                        logged(tr), tr, "completed",
                        None, s if rng.random() < 0.85 else None)
            if (L.conv or L.sql) and rng.random() < 0.6:
                tm = (L.sql or L.first_touch) + _rint(rng, HOUR, 3 * DAY)
                if tm < end or tm > AE:
                    tm = self.biz_ts(rng, tm // DAY, reg) if tm <= AE else tm
                    st = status_for("meeting", tm)
                    add("meeting", "outbound", self.staffed(rng, _owner_at(L, tm), min(tm, AE), reg), L.id,
                        None, None, None,
                        booked(tm, L.first_touch), tm, st, duration("meeting", st), None)

        # --- deals
        def own(d, t, reg):
            return self.staffed(rng, _owner_at(d, t), t, reg)

        base_n = {"smb": 5.0, "mid_market": 9.5, "enterprise": 16.0}
        for d in self.deals:
            a = d.account
            reg = a.region
            start = d.created
            end = d.closed if d.is_closed else AE
            if d.pipeline == "renewals":
                n = _rint(rng, 1, 4)
            else:
                frac = (min(d.k_reached, 4) + 1) / 5.0
                n = int(base_n[d.segment] * frac * (0.7 + 0.7 * rng.random()) * d.orig_owner.activity + 0.5)
                if d.dtype != "new_business":
                    n = max(1, n // 2)
            span = max(end - start, HOUR)
            for _ in range(n):
                t = start + int(rng.random() * span)
                if _weekday(t // DAY) < 5 and rng.random() < 0.8:
                    t2 = self.biz_ts(rng, t // DAY, reg)
                    if start < t2 < end:
                        t = t2
                atype = _wchoice(rng, ("call", "email", "meeting", "follow_up", "note"), (0.33, 0.33, 0.14, 0.1, 0.1))
                direction = "outbound"
                sent = None
                if atype == "email" and rng.random() < 0.3:
                    direction = "inbound"
                    if rng.random() < 0.4:
                        sent = sentiment_pick(0.45, 0.35) if d.is_won or not d.is_closed else sentiment_pick(0.2, 0.35)
                elif atype == "call" and rng.random() < 0.15:
                    direction = "inbound"
                st = status_for(atype, t)
                if atype == "meeting":
                    cr = booked(t, start)
                else:
                    cr = logged(t) if atype != "note" else t + _rint(rng, 0, 2 * HOUR)
                add(atype, direction, own(d, t, reg), None, self.contact_at(rng, a, t), a.id, d.id, cr, t, st,
                    duration(atype, st), sent)
            stage_t = {}
            for s_, t, _ in self.hist.entries(d):
                stage_t.setdefault(s_, t)
            if "demo" in stage_t:
                t = self.biz_ts(rng, stage_t["demo"] // DAY + _rint(rng, 0, 4), reg)
                if t < end or not d.is_closed:
                    st = status_for("demo", t)
                    add("demo", "outbound", own(d, t, reg), None, self.contact_at(rng, a, t), a.id, d.id,
                        booked(t, start), t, st, duration("demo", st), None)
                    if st in ("cancelled", "no_show"):
                        t2 = t + _rint(rng, 2, 7) * DAY
                        if t2 < end or not d.is_closed:
                            st2 = status_for("demo", t2)
                            if st2 != "scheduled":
                                st2 = "completed"
                            add("demo", "outbound", own(d, t2, reg), None, self.contact_at(rng, a, t2), a.id,
                                d.id, booked(t2, t), t2, st2, duration("demo", st2), None)
            if "proposal" in stage_t and rng.random() < 0.92:
                pe = stage_t["proposal"]
                lim = (end - pe) // 2 if d.is_closed else 2 * DAY
                t = pe + int(rng.random() * max(min(2 * DAY, lim), 60))
                if t <= AE:
                    atype = "quote" if d.segment == "smb" else rng.choice(("proposal", "proposal", "quote"))
                    add(atype, "outbound", own(d, t, reg), None, self.contact_at(rng, a, t), a.id, d.id,
                        logged(t), t, "completed", None, None)
                    d.quote_at = t
                    if "negotiation" in stage_t and rng.random() < 0.25:
                        t2 = stage_t["negotiation"] + _rint(rng, HOUR, DAY)
                        if (t2 < end or not d.is_closed) and t2 <= AE:
                            add("quote", "outbound", own(d, t2, reg), None, self.contact_at(rng, a, t2), a.id,
                                d.id, logged(t2), t2, "completed", None, None)
            if not d.is_closed and rng.random() < 0.55:
                t = self.biz_ts(rng, self.as_of_day + _rint(rng, 1, 14), reg)
                atype = rng.choice(("meeting", "call", "demo", "follow_up"))
                cr = self.AE - _rint(rng, HOUR, 10 * DAY)
                add(atype, "outbound", d.owner, None, self.contact_at(rng, a, cr), a.id, d.id, max(cr, start + 60),
                    t, "scheduled", duration(atype, "scheduled"), None)

        # --- accounts (customers and prospects)
        for a in self.accounts:
            reg = a.region
            if a.customer_since is not None:
                t0 = a.customer_since
                csm = self.csm_for[reg]
                for k in range(_rint(rng, 2, 4)):
                    t = self.biz_ts(rng, t0 // DAY + 3 + k * _rint(rng, 5, 12), reg)
                    st = status_for("onboarding", t)
                    if t > AE:
                        if k > 0:
                            break
                    add("onboarding", "outbound", csm, None, self.contact_at(rng, a, t), a.id, None,
                        booked(t, t0), t, st, duration("onboarding", st), None)
                end_day = min(a.churn_days) if a.churn_days else self.as_of_day
                day = t0 // DAY + 75
                while day < end_day:
                    t = self.biz_ts(rng, day, reg)
                    r = rng.random()
                    if r < 0.45:
                        owner = csm if rng.random() < 0.6 else self.acct_rep_at(rng, a, day)
                        st = status_for("meeting", t)
                        add("meeting", "outbound", owner, None, self.contact_at(rng, a, t), a.id, None,
                            booked(t, t0), t, st, duration("meeting", st), None)
                    elif r < 0.65:
                        add("call", "outbound", csm, None, self.contact_at(rng, a, t), a.id, None, logged(t), t,
                            status_for("call", t), duration("call", "completed"), None)
                    elif r < 0.75:
                        add("referral_request", "outbound", self.acct_rep_at(rng, a, day), None,
                            self.contact_at(rng, a, t), a.id, None, logged(t), t, "completed", None, None)
                    elif r < 0.85:
                        add("event", "inbound", csm, None, self.contact_at(rng, a, t), a.id, None, logged(t), t,
                            "completed", duration("event", "completed"), None)
                    elif r < 0.93:
                        add("social", "outbound", self.acct_rep_at(rng, a, day), None,
                            self.contact_at(rng, a, t), a.id, None, logged(t), t, "completed", None, None)
                    else:
                        add("note", "outbound", csm, None, None, a.id, None, t, t, "completed", None, None)
                    day += _rint(rng, 25, 75)
            elif a.pool and not a.deals:
                n = _rint(rng, 1, 5)
                day = max(a.created // DAY, self.start_day) + _rint(rng, 1, 60)
                for _ in range(n):
                    if day > self.as_of_day:
                        break
                    t = self.biz_ts(rng, day, reg)
                    owner = self.active_sdr(rng, reg, day) or self.acct_rep_at(rng, a, day)
                    atype = rng.choice(("call", "email", "email", "social"))
                    st = status_for(atype, t)
                    add(atype, "outbound", owner, None, self.contact_at(rng, a, t), a.id, None, logged(t), t, st,
                        duration(atype, st), None)
                    day += _rint(rng, 3, 40)
        self.act_rows = acts.rows()

    # ---- voice of customer, team, product usage ---------------------------------
    def mrr_on(self, a, day):
        tot = 0.0
        for s in a.subs:
            for p in s.periods:
                if p[0] <= day and (p[1] is None or day < p[1]):
                    tot += p[2]
        return tot

    def build_surveys(self):
        rng = self.rng("surveys")
        AE = self.AE
        rows = []
        customers = [a for a in self.accounts if a.subs]
        promoter_c = ("Great product, the forecasting module saves us hours every week.",
                      "Support team is fantastic!", "Easy to use, our reps actually log their calls now.",
                      "Love the dashboards, would recommend to peers.", "Best CRM we have used, period.")
        passive_c = ("Good overall, but reporting could be more flexible.",
                     "Works fine; pricing is a bit high for us.", "Onboarding took longer than expected.",
                     "Solid, though the mobile app needs work.")
        detractor_c = ("Too many bugs since the last release.",
                       "Integration with our ERP keeps failing, very frustrating.",
                       "Price increase was not communicated, considering alternatives.",
                       'Slow support, "urgent" tickets wait for days.')

        def comment(cls, a):
            if rng.random() >= 0.4:
                return None
            base = rng.choice({"p": promoter_c, "n": passive_c, "d": detractor_c}[cls])
            if rng.random() < 0.12 and a.contacts:
                c = rng.choice(a.contacts)
                base += f" Please call me back: {c[2]} {c[3]}, {c[5] or c[4]}"
            return base

        waves = []
        mi = self.start_mi
        while mi <= self.as_of_mi:
            if (mi % 12) in (2, 8):  # March and September
                waves.append(_month_start(mi) + 4)
            mi += 1
        for w in waves:
            for a in customers:
                if self.mrr_on(a, w) <= 0 or rng.random() >= 0.38:
                    continue
                day = w + int(rng.expovariate(1 / 4.0))
                if day > self.as_of_day:
                    continue
                z = a.health * 0.8 + rng.gauss(0.0, 0.85)
                if z > -0.05:
                    score, cls = (10 if rng.random() < 0.55 else 9), "p"
                elif z > -0.95:
                    score, cls = (8 if rng.random() < 0.55 else 7), "n"
                else:
                    score, cls = rng.choices((0, 1, 2, 3, 4, 5, 6), (1, 1, 2, 3, 4, 6, 8))[0], "d"
                ct = self.contact_at(rng, a, day * DAY) if rng.random() < 0.85 else None
                rows.append([None, "nps", a.id, ct, min(self.any_ts(rng, day, a.region), AE), score, comment(cls, a)])
        for a in customers:
            day = a.customer_since // DAY + _rint(rng, 20, 45)
            events = []
            if day <= self.as_of_day and rng.random() < 0.6:
                events.append(day)
            for s in a.subs[:1]:
                d0 = s.periods[0][0]
                d1 = s.periods[-1][1] or self.as_of_day
                dd = d0 + _rint(rng, 20, 90)
                while dd < d1:
                    if rng.random() < 0.35:
                        events.append(dd)
                    dd += _rint(rng, 30, 120)
            for day in events:
                if day > self.as_of_day:
                    continue
                z = a.health * 0.7 + rng.gauss(0.3, 0.9)
                score = 5 if z > 0.4 else 4 if z > -0.5 else 3 if z > -1.2 else 2 if z > -1.8 else 1
                ct = self.contact_at(rng, a, day * DAY)
                cls = "p" if score >= 4 else ("n" if score == 3 else "d")
                rows.append([None, "csat", a.id, ct, min(self.biz_ts(rng, day, a.region), AE), score,
                             comment(cls, a)])
        rows.sort(key=lambda r: (r[4], r[2]))
        for i, r in enumerate(rows):
            r[0] = f"CS-{self.num('customer_surveys', i):06d}"
        self.csurvey_rows = rows
        # rep pulse surveys (quarterly, mid-quarter)
        rows = []
        mi = self.start_mi
        while mi <= self.as_of_mi:
            if mi % 3 == 1:
                d0 = _month_start(mi) + 14
                for u in self.users:
                    if u.role not in ("rep", "sdr", "manager", "csm") or not u.active(d0):
                        continue
                    if rng.random() >= 0.8:
                        continue
                    day = d0 + _rint(rng, 0, 9)
                    if day > self.as_of_day or not u.active(day):
                        continue
                    m = u.morale
                    if u.term is not None and u.term - day < 200:
                        m -= 1.5
                    score = int(round(min(10, max(1, 7.0 + m + rng.gauss(0.0, 1.1)))))
                    rows.append([None, u.id, min(self.biz_ts(rng, day, u.region), AE), score])
            mi += 1
        rows.sort(key=lambda r: (r[2], r[1]))
        for i, r in enumerate(rows):
            r[0] = f"RS-{self.num('rep_surveys', i):05d}"
        self.rsurvey_rows = rows

    def build_time_entries(self):
        rng = self.rng("time")
        rank = {uid: i for i, uid in enumerate(sorted(u.id for u in self.sellers))}
        keys = _Keys()
        for u in self.sellers:
            share = TIME_SHARE[u.role]
            lo = max(u.hired, self.start_day)
            hi = min(u.term if u.term is not None else self.as_of_day, self.as_of_day)
            ukey = rank[u.id] << 20
            for day in range(lo, hi + 1):
                if _weekday(day) >= 5 or rng.random() >= u.log_rate:
                    continue
                total = rng.gauss(450, 45)
                dkey = ((day - self.start_day) << 40) | ukey
                for ci, sh in enumerate(share):
                    m = int(round(total * sh * (0.5 + rng.random()) / 15.0)) * 15
                    if m <= 0:
                        continue
                    keys.add(dkey | (ci << 16) | _checked(m // 15, 16))
        self.time_rows = _PackedRows([keys.sorted()], _TimeDecoder(self.start_day, sorted(rank),
                                                                   self.id_base.get("rep_time_entries", 0)))

    def build_usage(self):
        rng = self.rng("usage")
        lo = self.as_of_day - 119
        n_users = {"smb": (2, 4), "mid_market": (3, 7), "enterprise": (6, 11)}
        keys, uids, accts = _Keys(small=True), array.array("I"), []  # uids: the app user ids' numbers
        for a in sorted((a for a in self.accounts if a.subs), key=lambda a: a.id):
            ivs = [(p[0], p[1] if p[1] is not None else self.as_of_day + 1) for s in a.subs for p in s.periods
                   if p[2] > 0]
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

    # ---- quotas, commissions ---------------------------------------------------------
    def build_quotas(self):
        rng = self.rng("quotas")
        book = {}
        for d in self.deals:
            if d.is_won and d.amount is not None:
                key = (d.owner.id, _mi(d.closed // DAY))
                book[key] = book.get(key, 0.0) + d.amount * self.rate(d.currency, d.closed // DAY)
        rows = []
        bases = {}
        for u in self.all_reps:
            months = [mi for mi in range(self.start_mi, self.as_of_mi + 1)
                      if u.hired <= _month_end(mi) and (u.term is None or u.term >= _month_start(mi))]
            tot = sum(book.get((u.id, mi), 0.0) for mi in months)
            bases[u.id] = (tot / max(1, len(months)), months)
        vals = sorted(b for b, _ in bases.values())
        median = vals[len(vals) // 2] if vals else 30000.0
        for u in self.all_reps:
            base, months = bases[u.id]
            base = max(base, 0.6 * median) * (1.0 + 0.25 * rng.random())
            for mi in months:
                yrs = (mi - self.start_mi) / 12.0
                qf = 1.25 if mi % 3 == 2 else 0.875
                tenure = mi - _mi(u.hired)
                ramp = (0.25, 0.5, 0.75)[tenure] if 0 <= tenure < 3 and u.hired >= self.start_day - 30 else 1.0
                q_usd = base * 0.85 * (1.12 ** yrs) * qf * ramp
                ccy = TEAM_CCY[u.region]
                ps = _month_start(mi)
                q = round(q_usd / self.rate(ccy, ps) / 500.0) * 500.0
                rows.append([u.id, ps, max(q, 500.0), ccy])
        rows.sort(key=lambda r: (r[0], r[1]))
        self.quota_rows = rows

    def build_commissions(self):
        rng = self.rng("commissions")
        rows = []
        fy = _day_of(_dt.date(_date(self.start_day).year, 1, 1))
        change = _month_start(self.start_mi + 12)
        for u in self.all_reps:
            eff = max(u.hired, fy)
            base = round(0.07 + 0.05 * rng.random(), 3)
            thr = rng.choice((1.0, 1.0, 1.0, 0.9, 1.1))
            acc = round(base * (1.5 + 0.5 * rng.random()), 3)
            end = (u.term + 1) if u.term is not None else None
            if rng.random() < 0.35 and eff < change and (end is None or end > change):
                rows.append([u.id, eff, change, base, thr, acc])
                base2 = round(base + rng.choice((-0.01, 0.01, 0.015)), 3)
                rows.append([u.id, change, end, base2, 1.0, round(acc + 0.02, 3)])
            else:
                rows.append([u.id, eff, end, base, thr, acc])
        rows.sort(key=lambda r: (r[0], r[1]))
        self.commission_rows = rows

    # ---- expenses ------------------------------------------------------------------------
    def build_expenses(self):
        rng = self.rng("expenses")
        rows = []
        aod = self.as_of_day
        sc = self.scale

        def add(day, cat, ch, camp, amount_usd, ccy="USD"):
            if day > aod or day < self.start_day:
                return
            amt = round(amount_usd / self.rate(ccy, day), 2)
            upd = min(self.biz_ts(rng, min(day + _rint(rng, 1, 10), aod), "NA"), self.AE)
            rows.append([None, day, cat, ch, camp, amt, ccy, upd])

        for c in self.campaigns:
            fx = self.rate(c["ccy"], c["start"])
            bud_usd = c["budget"] * fx
            if c["channel"] == "event":
                dep = c["start"] - _rint(rng, 30, 75)
                if rng.random() < 0.5 and dep >= self.start_day:
                    add(dep, "marketing", "event", c["id"], bud_usd * 0.3, c["ccy"])
                    add(c["end"], "marketing", "event", c["id"], bud_usd * 0.7 * (0.9 + 0.2 * rng.random()), c["ccy"])
                else:
                    add(c["end"], "marketing", "event", c["id"], bud_usd * (0.85 + 0.2 * rng.random()), c["ccy"])
                continue
            days = c["end"] - c["start"] + 1
            mi = _mi(c["start"])
            while _month_start(mi) <= c["end"]:
                a0 = max(_month_start(mi), c["start"])
                a1 = min(_month_end(mi), c["end"])
                share = (a1 - a0 + 1) / days
                add(a1, "marketing", c["channel"], c["id"], bud_usd * share * (0.85 + 0.25 * rng.random()), c["ccy"])
                mi += 1
        always = (("paid_ads", 6000.0), ("organic", 4000.0), ("social", 1500.0), ("email", 900.0),
                  ("referral", 1200.0), ("partner", 1500.0), (None, 3000.0))
        for mi in range(self.start_mi, self.as_of_mi + 1):
            me = _month_end(mi)
            growth = 1.12 ** ((mi - self.start_mi) / 12.0)
            for ch, base in always:
                if ch == "partner" and mi % 3 != 2:
                    continue
                amt = base * sc * growth * (0.8 + 0.4 * rng.random()) * (3 if ch == "partner" else 1)
                day = me if ch != "email" else _month_start(mi)
                add(day, "marketing", ch, None, amt)
            for r in REGIONS:
                active = [u for u in self.reps_by_region[r] + self.sdrs_by_region[r] + [self.leads_by_region[r]]
                          if u.hired <= me and (u.term is None or u.term >= _month_start(mi))]
                ccy = TEAM_CCY[r]
                sal = sum(11000.0 if u.role == "manager" else (6500.0 if u.role == "sdr" else 8500.0) for u in active)
                add(me, "sales", None, None, sal * (0.97 + 0.06 * rng.random()), ccy)
                add(_month_start(mi) + 2, "sales", None, None, 160.0 * len(active) + 400.0, "USD")
                add(me - _rint(rng, 0, 5), "sales", None, None, (600 + 2400 * rng.random()) * math.sqrt(sc) *
                    (1.8 if r in ("APAC", "EMEA") else 1.0), ccy)
        rows.sort(key=lambda r: (r[1], r[2], r[3] or "", r[4] or ""))
        for i, r in enumerate(rows):
            r[0] = f"EXP-{self.num('expenses', i):06d}"
        self.expense_rows = rows

    # ---- market ---------------------------------------------------------------------------
    def build_market(self):
        rng = self.rng("market")
        fam_price = {}
        for p in PRODUCTS:
            fam_price.setdefault(p[2], []).append(p[4])
        comp_fams = {"Pipedrift": ("crm", "automation"), "HubNest": ("crm", "analytics", "automation"),
                     "Closewise": ("crm", "analytics"), "Salesforge": ("crm", "analytics"), "Zenbook CRM": ("crm",)}
        comp_factor = {"Pipedrift": 0.85, "HubNest": 1.1, "Closewise": 0.95, "Salesforge": 1.25, "Zenbook CRM": 0.7}
        rows = []
        for comp in COMPETITORS:
            for fam in comp_fams[comp]:
                ours = sum(fam_price[fam]) / len(fam_price[fam])
                ccy = "EUR" if comp == "Salesforge" else "USD"
                lp = math.log(ours * comp_factor[comp] * (0.9 + 0.2 * rng.random()))
                for mi in range(self.start_mi, self.as_of_mi + 1):
                    day = _month_start(mi) + _rint(rng, 0, 20)
                    if day > self.as_of_day:
                        continue
                    if rng.random() < 0.06:
                        lp += rng.choice((-0.1, 0.08, 0.12))
                    price = math.exp(lp + rng.gauss(0, 0.015)) / self.rate(ccy, day)
                    rows.append([comp, fam, day, round(price, 2), ccy])
        self.comp_rows = rows
        base = {"NA": 48e6, "EMEA": 36e6, "APAC": 22e6, "LATAM": 11e6}
        rows = []
        y0 = _date(self.start_day).year
        y1 = _date(self.as_of_day).year
        for r in REGIONS:
            for y in range(y0, y1 + 1):
                v = base[r] * self.market_scale * (1.09 ** (y - y0)) * (0.95 + 0.1 * rng.random())
                rows.append([r, y, round(v / 1000.0) * 1000.0])
        self.market_rows = rows

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

    # ---- typed rows per table ------------------------------------------------------------
    def tables(self):
        rng = self.rng("rows")
        t = {}
        AE = self.AE
        t["users"] = [[u.id, u.name, u.email, u.role, u.team, u.manager.id if u.manager else None, u.hired, u.term,
                       u.updated] for u in self.users]
        t["teams"] = [[TEAMS[r][0], TEAMS[r][1], r, (self.start_day - _rint(rng, 200, 400)) * DAY + _rint(rng, 0, DAY)]
                      for r in REGIONS]
        t["accounts"] = _LazyRows.of(self.accounts, _account_row)
        t["contacts"] = _LazyRows.of(self.contact_rows, _thawed)
        t["leads"] = _LazyRows.of(self.leads, _thawed)
        t["deals"] = _LazyRows.of(self.deals, _deal_row)
        t["deal_stage_history"] = _history_rows(self.deals, self.hist)
        t["pipeline_stages"] = [list(p) for p in PIPELINE_STAGES]
        prod_upd = (self.start_day + self.span // 2) * DAY + 10 * HOUR
        t["products"] = [[p[0], p[1], p[2], p[3], p[4], p[5], "USD", prod_upd + i * 60] for i, p in enumerate(PRODUCTS)]
        t["deal_line_items"] = self.line_rows
        t["activities"] = self.act_rows
        sub_rows = []
        for s in self.subs:
            for p in s.periods:
                upd = (p[1] if p[1] is not None else p[0]) * DAY + _rint(rng, 6 * HOUR, 30 * HOUR)
                sub_rows.append([s.id, s.account.id, s.product, s.plan, p[0], p[1], p[2], s.currency, s.interval,
                                 min(upd, AE)])
        t["subscription_periods"] = sub_rows
        t["expenses"] = self.expense_rows
        t["campaigns"] = [[c["id"], c["name"], c["channel"], c["start"], c["end"], c["budget"], c["ccy"], c["updated"]]
                          for c in self.campaigns]
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


# --------------------------------------------------------------------------
# Dirt
# --------------------------------------------------------------------------
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


class _Dirt:
    """Injects realistic dirt.  Extra *bad* records get new keys so that they
    are quarantined without touching a real record; versions/duplicates/
    conflicts/deletes/orphans/case-padding act on real records."""

    def __init__(self, gen: _Gen, tables: dict):
        self.g = gen
        self.t = tables
        self.rng = gen.rng("dirt")
        self.manifest: dict = {}
        self.touched = {name: set() for name in tables}
        self.extra = {name: [] for name in tables}        # typed extra rows: (anchor, row)
        self.post_dups = {name: [] for name in tables}    # (index, kind, column, new value)
        self.next_ids: dict = {}

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
        for (c, typ), x in zip([SCHEMA[table][i] for i in idx], v):
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
        variants = (lambda s: s.title(), lambda s: s.upper(), lambda s: f" {s} ", lambda s: f"{s} ",
                    lambda s: s.capitalize())
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
    def run(self):
        g, r = self.g, self.rng
        t = self.t
        nxt = self.next_ids  # table -> the last id number new_id gave

        def new_id(table, prefix, width):
            nxt[table] = nxt.get(table, g.id_base.get(table, 0) + len(t[table])) + 1
            return f"{prefix}{nxt[table]:0{width}d}"

        other_user_ids = [u.id for u in g.users]

        def other_user(v):
            c = [x for x in other_user_ids if x != v]
            return c[int(r.random() * len(c))]

        # users ---------------------------------------------------------------
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
        self.conflicts("users", 1, "full_name", lambda v: v.split(" ")[0] + " Q. " + " ".join(v.split(" ")[1:]),
                       pred=lambda row: row[3] == "other")
        mk_user = lambda row: {"user_id": new_id("users", "U-", 4)}  # noqa: E731
        self.bad_clone("users", "invalid_enum", mk_user, lambda row: {"role": "intern"})
        self.bad_clone("users", "bad_timestamp", mk_user, lambda row: {"hired_at": r.choice(BAD_DATE)})
        self.bad_clone("users", "missing_pk", lambda row: {"user_id": None}, lambda row: {})
        self.bad_clone("users", "end_before_start", mk_user,
                       lambda row: {"terminated_at": row[6] - _rint(r, 10, 200)})
        self.case_pad("users", 1, ["role"])
        # teams -----------------------------------------------------------------
        self.old_versions("teams", 1, lambda row: row.__setitem__(1, row[1].replace(" Sales", "")))

        # accounts ----------------------------------------------------------------
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
        self.conflicts("accounts", self.n("accounts", 0.001, 1), "industry",
                       lambda v: r.choice([x for x in inds if x != v]))
        # a deleted account that still has deals (all lost), plus deleted duplicates
        lost_only = [i for i, row in enumerate(t["accounts"]) if acc_by_id[row[0]].deals and
                     acc_by_id[row[0]].customer_since is None and all(d.is_closed for d in acc_by_id[row[0]].deals)
                     and i not in self.touched["accounts"]]
        if lost_only:
            i = lost_only[int(r.random() * len(lost_only))]
            self.touched["accounts"].add(i)
            self.delete("accounts", 0, idxs=[i])
            self.note("accounts", "deleted_with_deals", 1, [t["accounts"][i][0]])
        self.delete("accounts", max(1, self.n("accounts", 0.002, 1)),
                    pred=lambda row: acc_by_id[row[0]].customer_since is None and
                    all(d.is_closed for d in acc_by_id[row[0]].deals))
        mk_acc = lambda row: {"account_id": new_id("accounts", "A-", 6)}  # noqa: E731
        self.bad_clone("accounts", "bad_timestamp", mk_acc, lambda row: {"created_at": r.choice(BAD_TS)},
                       k=self.n("accounts", 0.0005, 1))
        self.bad_clone("accounts", "invalid_enum", mk_acc, lambda row: {"segment": "startup"},
                       k=self.n("accounts", 0.0005, 1))
        self.bad_clone("accounts", "missing_pk", lambda row: {"account_id": None}, lambda row: {})
        self.orphan("accounts", "owner_id", [g.orphan_key("U-9999")], 1,
                    pred=lambda row: acc_by_id[row[0]].customer_since is None)
        self.case_pad("accounts", self.n("accounts", 0.005, 3), ["segment"])

        # contacts ----------------------------------------------------------------
        self.old_versions("contacts", self.n("contacts", 0.003, 2),
                          lambda row: row.__setitem__(6, r.choice([x for x in TITLES if x != row[6]])))
        self.exact_dups("contacts", self.n("contacts", 0.0015, 1))
        self.conflicts("contacts", self.n("contacts", 0.0005, 1), "title",
                       lambda v: r.choice([x for x in TITLES if x != v]))
        self.delete("contacts", self.n("contacts", 0.003, 2))
        self.bad_clone("contacts", "missing_pk", lambda row: {"contact_id": None}, lambda row: {})
        self.bad_clone("contacts", "bad_timestamp", lambda row: {"contact_id": new_id("contacts", "C-", 6)},
                       lambda row: {"created_at": r.choice(BAD_TS)})
        self.orphan("contacts", "account_id", [g.orphan_key("A-9000001")], 1)

        # leads ---------------------------------------------------------------------
        li = {c: self.col("leads", c) for c, _ in SCHEMA["leads"]}

        def lead_old(row):
            row[li["status"]] = "working" if row[li["mql_at"]] is None else "new"
            for c in ("mql_at", "sql_at", "converted_at", "converted_account_id", "converted_deal_id"):
                row[li[c]] = None
        self.old_versions("leads", self.n("leads", 0.003, 2), lead_old,
                          pred=lambda row: row[li["status"]] in ("converted", "sql", "mql", "disqualified"))
        self.exact_dups("leads", self.n("leads", 0.0015, 2))
        self.conflicts("leads", self.n("leads", 0.0005, 1), "company_name", lambda v: v + " Group",
                       pred=lambda row: row[li["status"]] != "converted")
        self.delete("leads", self.n("leads", 0.002, 2), pred=lambda row: row[li["status"]] == "disqualified")
        mk_lead = lambda row: {"lead_id": new_id("leads", "L-", 6)}  # noqa: E731
        notconv = lambda row: row[li["status"]] != "converted"  # noqa: E731
        self.bad_clone("leads", "bad_timestamp", mk_lead, lambda row: {"created_at": r.choice(BAD_TS)},
                       pred=notconv, k=self.n("leads", 0.0005, 1))
        self.bad_clone("leads", "invalid_enum", mk_lead, lambda row: {"lead_source": "tv_ad"}, pred=notconv)
        self.bad_clone("leads", "invalid_enum", mk_lead, lambda row: {"status": "recycled"}, pred=notconv)
        self.bad_clone("leads", "missing_pk", lambda row: {"lead_id": None}, lambda row: {}, pred=notconv)
        self.orphan("leads", "campaign_id", [g.orphan_key("CMP-999")], 1,
                    pred=lambda row: row[li["campaign_id"]] is not None)
        self.case_pad("leads", self.n("leads", 0.005, 3), ["lead_source", "status"])

        # deals ---------------------------------------------------------------------
        di = {c: self.col("deals", c) for c, _ in SCHEMA["deals"]}

        def deal_old(row):
            row[di["stage"]] = r.choice(("qualification", "demo", "proposal")) if row[di["pipeline"]] == "default" \
                else "renewal_due"
            row[di["is_closed"]] = False
            row[di["is_won"]] = False
            row[di["closed_at"]] = None
            row[di["lost_reason"]] = None
            if row[di["amount"]] is not None:
                row[di["amount"]] = round(row[di["amount"]] * r.choice((0.8, 0.9, 1.15)), 2)
        closed = lambda row: row[di["is_closed"]] is True  # noqa: E731
        self.old_versions("deals", self.n("deals", 0.004, 3), deal_old, pred=closed)
        self.exact_dups("deals", self.n("deals", 0.0015, 2))
        self.conflicts("deals", self.n("deals", 0.0007, 1), "amount", lambda v: round(v * 1.1, 2),
                       pred=lambda row: row[di["amount"]] is not None)
        self.delete("deals", self.n("deals", 0.002, 2),
                    pred=lambda row: not row[di["is_won"]] and row[di["lead_id"]] is None)
        mk_deal = lambda row: {"deal_id": new_id("deals", "D-", 6), "lead_id": None}  # noqa: E731
        self.bad_clone("deals", "bad_timestamp", mk_deal, lambda row: {"closed_at": r.choice(BAD_TS)}, pred=closed,
                       k=self.n("deals", 0.0005, 1))
        self.bad_clone("deals", "bad_amount", mk_deal, lambda row: {"amount": r.choice(BAD_AMOUNT)},
                       k=self.n("deals", 0.0005, 2))
        self.bad_clone("deals", "negative_amount", mk_deal, lambda row: {"amount": -abs(row[di["amount"]] or 5000.0)})
        self.bad_clone("deals", "invalid_enum", mk_deal, lambda row: {"stage": "foo"})
        self.bad_clone("deals", "invalid_enum", mk_deal, lambda row: {"deal_type": "partnership"})
        self.bad_clone("deals", "missing_pk", lambda row: {"deal_id": None, "lead_id": None}, lambda row: {})
        self.orphan("deals", "owner_id", [g.orphan_key("U-9999"), g.orphan_key("U-9998")],
                    self.n("deals", 0.0007, 2), pred=closed)
        self.case_pad("deals", self.n("deals", 0.004, 3), ["deal_type"])

        # deal_stage_history ----------------------------------------------------------
        hi = {c: self.col("deal_stage_history", c) for c, _ in SCHEMA["deal_stage_history"]}
        self.exact_dups("deal_stage_history", self.n("deal_stage_history", 0.0015, 2))
        self.conflicts("deal_stage_history", self.n("deal_stage_history", 0.0005, 1), "changed_by",
                       lambda v: other_user(v), pred=lambda row: row[hi["changed_by"]] is not None)
        same = lambda row: {}  # noqa: E731
        self.bad_clone("deal_stage_history", "bad_timestamp", same, lambda row: {"entered_at": r.choice(BAD_TS)},
                       k=self.n("deal_stage_history", 0.0005, 2))
        self.bad_clone("deal_stage_history", "invalid_enum", same,
                       lambda row: {"stage": "foo", "entered_at": row[hi["entered_at"]] + 7}, k=2)
        self.bad_clone("deal_stage_history", "missing_pk", same, lambda row: {"deal_id": None})
        self.bad_clone("deal_stage_history", "orphan_fk", same, lambda row: {"deal_id": "D-9000001"}, k=2)

        # products / line items ---------------------------------------------------------
        self.old_versions("products", 3, lambda row: row.__setitem__(4, round(row[4] * 0.9, 2)))
        self.exact_dups("deal_line_items", self.n("deal_line_items", 0.001, 1))
        self.old_versions("deal_line_items", self.n("deal_line_items", 0.002, 1),
                          lambda row: row.__setitem__(3, row[3] + 1))
        mk_li = lambda row: {"line_item_id": new_id("deal_line_items", "LI-", 6)}  # noqa: E731
        self.bad_clone("deal_line_items", "bad_amount", mk_li, lambda row: {"unit_price": "abc"})
        self.bad_clone("deal_line_items", "negative_amount", mk_li, lambda row: {"unit_price": -abs(row[4])})
        self.orphan("deal_line_items", "product_id", ["PRD-999"], 1)

        # activities -------------------------------------------------------------------
        xi = {c: self.col("activities", c) for c, _ in SCHEMA["activities"]}
        done = lambda row: row[xi["status"]] == "completed" and row[xi["occurred_at"]] <= g.AE  # noqa: E731

        def act_old(row):
            row[xi["status"]] = "scheduled"
            row[xi["reply_sentiment"]] = None
        self.old_versions("activities", self.n("activities", 0.003, 3), act_old,
                          pred=lambda row: done(row) and row[xi["created_at"]] < row[xi["occurred_at"]])
        self.exact_dups("activities", self.n("activities", 0.0015, 3))
        self.conflicts("activities", self.n("activities", 0.0005, 1), "owner_id", lambda v: other_user(v),
                       pred=lambda row: row[xi["owner_id"]] is not None)
        self.delete("activities", self.n("activities", 0.002, 3))
        mk_act = lambda row: {"activity_id": new_id("activities", "ACT-", 7)}  # noqa: E731
        self.bad_clone("activities", "bad_timestamp", mk_act, lambda row: {"occurred_at": r.choice(BAD_TS)},
                       k=self.n("activities", 0.0005, 2))
        self.bad_clone("activities", "invalid_enum", mk_act, lambda row: {"activity_type": "foo"},
                       k=self.n("activities", 0.0003, 1))
        self.bad_clone("activities", "invalid_enum", mk_act, lambda row: {"status": "done"})
        self.bad_clone("activities", "missing_pk", lambda row: {"activity_id": None}, lambda row: {})
        self.orphan("activities", "lead_id", [g.orphan_key("L-9000001"), g.orphan_key("L-9000002")],
                    self.n("activities", 0.0005, 2), pred=lambda row: row[xi["lead_id"]] is not None)
        self.case_pad("activities", self.n("activities", 0.005, 5), ["activity_type", "status", "direction"])

        # subscription periods -----------------------------------------------------------
        si = {c: self.col("subscription_periods", c) for c, _ in SCHEMA["subscription_periods"]}
        ended = lambda row: row[si["period_end"]] is not None  # noqa: E731

        def sub_old(row):
            row[si["period_end"]] = None
        self.old_versions("subscription_periods", self.n("subscription_periods", 0.004, 2), sub_old, pred=ended)
        self.exact_dups("subscription_periods", self.n("subscription_periods", 0.002, 1))
        self.conflicts("subscription_periods", self.n("subscription_periods", 0.001, 1), "mrr_amount",
                       lambda v: round(v * 1.05, 2))
        mk_sub = lambda row: {"subscription_id": new_id("subscription_periods", "S-", 6)}  # noqa: E731
        self.bad_clone("subscription_periods", "end_before_start", mk_sub,
                       lambda row: {"period_end": row[si["period_start"]] - _rint(r, 5, 60)})
        self.bad_clone("subscription_periods", "bad_timestamp", mk_sub,
                       lambda row: {"period_start": r.choice(BAD_DATE)})
        self.bad_clone("subscription_periods", "bad_amount", mk_sub, lambda row: {"mrr_amount": "12,50"})
        self.bad_clone("subscription_periods", "negative_amount", mk_sub,
                       lambda row: {"mrr_amount": -abs(row[si["mrr_amount"]])})
        self.bad_clone("subscription_periods", "invalid_enum", mk_sub, lambda row: {"billing_interval": "week"})
        self.bad_clone("subscription_periods", "missing_pk", lambda row: {"subscription_id": None}, lambda row: {})

        # expenses -------------------------------------------------------------------------
        ei = {c: self.col("expenses", c) for c, _ in SCHEMA["expenses"]}
        self.old_versions("expenses", self.n("expenses", 0.005, 2),
                          lambda row: row.__setitem__(ei["amount"], round(row[ei["amount"]] * 0.9, 2)))
        self.exact_dups("expenses", self.n("expenses", 0.002, 1))
        self.conflicts("expenses", self.n("expenses", 0.001, 1), "amount", lambda v: round(v + 100.0, 2))
        mk_exp = lambda row: {"expense_id": new_id("expenses", "EXP-", 6)}  # noqa: E731
        self.bad_clone("expenses", "bad_amount", mk_exp, lambda row: {"amount": r.choice(("1 200,00", "abc"))})
        self.bad_clone("expenses", "negative_amount", mk_exp, lambda row: {"amount": -abs(row[ei["amount"]])})
        self.bad_clone("expenses", "bad_timestamp", mk_exp, lambda row: {"expense_date": r.choice(BAD_DATE)})
        self.bad_clone("expenses", "invalid_enum", mk_exp, lambda row: {"category": "travel"})
        self.bad_clone("expenses", "invalid_enum", mk_exp, lambda row: {"channel": "tv_ad"},
                       pred=lambda row: row[ei["category"]] == "marketing")
        self.bad_clone("expenses", "missing_pk", lambda row: {"expense_id": None}, lambda row: {})
        self.case_pad("expenses", self.n("expenses", 0.005, 2), ["category"])

        # campaigns -------------------------------------------------------------------------
        mk_c = lambda row: {"campaign_id": new_id("campaigns", "CMP-", 3)}  # noqa: E731
        self.bad_clone("campaigns", "end_before_start", mk_c,
                       lambda row: {"ended_at": row[3] - _rint(r, 3, 30)})
        self.bad_clone("campaigns", "invalid_enum", mk_c, lambda row: {"channel": "tv_ad"})

        # customer surveys -------------------------------------------------------------------
        mk_cs = lambda row: {"response_id": new_id("customer_surveys", "CS-", 6)}  # noqa: E731
        self.bad_clone("customer_surveys", "invalid_enum", mk_cs, lambda row: {"survey_type": "nps", "score": 11})
        self.bad_clone("customer_surveys", "invalid_enum", mk_cs, lambda row: {"survey_type": "ces"})
        # product usage: exact duplicates ----------------------------------------------------
        self.exact_dups("product_active_users", 2)
        return self.manifest


# --------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------
_TOD: list = []


def _tod(sec: int) -> str:
    if not _TOD:
        _TOD.extend(f"{h:02d}:{m:02d}:{x:02d}" for h in range(24) for m in range(60) for x in range(60))
    return _TOD[sec]


def _fmt_ts_z(ts: int) -> str:
    day, s = divmod(ts, DAY)
    return f"{_dstr(day)}T{_tod(s)}Z"


def _fmt_ts_naive(ts: int) -> str:
    day, s = divmod(ts, DAY)
    return f"{_dstr(day)} {_tod(s)}"


def _fmt_ts_off(ts: int, off: float) -> str:
    day, s = divmod(ts + int(off * 3600), DAY)
    sign = "+" if off >= 0 else "-"
    oh, om = divmod(int(abs(off) * 60), 60)
    return f"{_dstr(day)} {_tod(s)}{sign}{oh:02d}:{om:02d}"


def _fmt_num(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if float(v).is_integer():
        return str(int(v))
    return f"{v:.6f}".rstrip("0").rstrip(".")


_BOOL_STYLES = (("true", "false"), ("TRUE", "FALSE"), ("1", "0"))


def _converter(kind: str, style: int, bstyle: int, off: float = 0.0):
    """Value -> cell text for one column kind (None -> '', str passes through)."""
    if kind == "ts":
        f = _fmt_ts_z if style == 0 else (_fmt_ts_naive if style == 1 else (lambda v: _fmt_ts_off(v, off)))
    elif kind == "d":
        f = _dstr
    elif kind == "b":
        t_, f_ = _BOOL_STYLES[bstyle]
        f = lambda v: t_ if v else f_  # noqa: E731
    elif kind == "m":
        f = lambda v: f"{v:.2f}"  # noqa: E731
    elif kind == "r":
        f = lambda v: f"{v:.6f}"  # noqa: E731
    elif kind == "i":
        f = lambda v: str(int(v))  # noqa: E731
    elif kind == "n":
        f = _fmt_num
    else:
        f = str
    return _fast_converter(kind, style, bstyle) or (lambda v: "" if v is None else (v if v.__class__ is str else f(v)))


def _ts_z_cell(v) -> str:
    if v is None:
        return ""
    if v.__class__ is str:
        return v
    day, s = divmod(v, DAY)
    return f"{_dstr(day)}T{_TOD[s]}Z"


def _fast_converter(kind: str, style: int, bstyle: int):
    """One-call converters for the commonest cells (same text as the general converter), or None."""
    if kind == "ts" and style == 0:
        _tod(0)  # fills _TOD
        return _ts_z_cell
    if kind == "s":
        return lambda v: "" if v is None else (v if v.__class__ is str else str(v))
    if kind == "m":
        return lambda v: "" if v is None else (v if v.__class__ is str else f"{v:.2f}")
    if kind == "b":
        t_, f_ = _BOOL_STYLES[bstyle]
        return lambda v: "" if v is None else (v if v.__class__ is str else (t_ if v else f_))
    return None


def _row_styles(table: str, rng: random.Random):
    """Endless (timestamp style, offset, boolean style) per row, drawn from ``rng``: a deterministic
    minority of rows gets naive or offset timestamps, and TRUE/FALSE or 1/0 booleans."""
    kinds = [k for _, k in SCHEMA[table]]
    has_ts = "ts" in kinds
    has_b = "b" in kinds
    rnd = rng.random
    while True:
        style, off, bstyle = 0, 0.0, 0
        if has_ts:
            x = rnd()
            if x >= 0.86:
                style = 1 if x >= 0.93 else 2
                if style == 2:
                    off = TS_OFFSETS[int(rnd() * len(TS_OFFSETS))]
        if has_b:
            y = rnd()
            bstyle = 0 if y < 0.88 else (1 if y < 0.94 else 2)
        yield style, off, bstyle


@functools.lru_cache(maxsize=None)
def _converters(table: str, style: int, off: float, bstyle: int) -> tuple:
    """Cell converters of a table's columns for one row style (see :func:`_row_styles`)."""
    return tuple(_converter(k, style, bstyle, off) for _, k in SCHEMA[table])


def _format_rows(table: str, rows, rng: random.Random):
    """Typed rows -> text rows, lazily (one row at a time), styled by :func:`_row_styles`."""
    convs = {}
    for row, st in zip(rows, _row_styles(table, rng)):
        conv = convs.get(st)
        if conv is None:
            conv = convs[st] = _converters(table, *st)
        yield [f(v) for f, v in zip(conv, row)]


def _text_of(table: str, base, by_anchor: dict, rng: random.Random, wanted) -> dict:
    """Text of the merged rows (see :func:`_merged`) at the indices in ``wanted``, as
    :func:`_format_rows` gives them; draws every row's style but reads only the wanted rows."""
    out = {}
    styles = _row_styles(table, rng)
    m = 0

    def visit(get):
        nonlocal m
        st = next(styles)
        if m in wanted:
            out[m] = [f(v) for f, v in zip(_converters(table, *st), get())]
        m += 1
    for i in range(len(base)):
        visit(lambda: base[i])  # noqa: B023 (called at once)
        for row in by_anchor.get(i, ()):
            visit(lambda: row)  # noqa: B023
    for anc in sorted(a for a in by_anchor if a >= len(base)):
        for row in by_anchor[anc]:
            visit(lambda: row)  # noqa: B023
    return out


def _merged(base, by_anchor: dict):
    """Real rows with the extra rows of dirt after their anchor row (anchors past the end last)."""
    for i, row in enumerate(base):
        yield row
        yield from by_anchor.get(i, ())
    for anc in sorted(a for a in by_anchor if a >= len(base)):
        yield from by_anchor[anc]


def _with_copies(rows, copies: dict):
    for i, row in enumerate(rows):
        yield row
        yield from copies.get(i, ())


def _post_entries(base_len: int, extras, post_dups) -> list:
    """Duplicates and conflicts to add after formatting, indexed in the merged (real + extra) rows."""
    if not extras:
        return list(post_dups)
    anchors = sorted(anc for anc, _ in extras)
    post_idx = {i: (k, c, v) for i, k, c, v in post_dups}
    return [(i + bisect.bisect_left(anchors, i), k, c, v) for i, (k, c, v) in post_idx.items()]


def _dup_text(row, kind: str, ci, v, kinds) -> list:
    cp = list(row)
    if kind == "conflict":
        cp[ci] = f"{v:.2f}" if kinds[ci][1] == "m" else ("" if v is None else str(v))
    return cp


def _table_text(g, table: str, base, extras=(), post_dups=()):
    """Text rows of one table, streamed, and how many: real rows, extra dirt rows after their anchors,
    and the duplicates/conflicts of dirt as copies of the text of a real row at a random position."""
    by_anchor: dict[int, list] = {}
    for anc, row in extras:
        by_anchor.setdefault(anc, []).append(row)
    n = len(base) + len(extras)
    post = _post_entries(len(base), extras, post_dups)
    text = _format_rows(table, _merged(base, by_anchor) if by_anchor else base, g.rng(f"fmt:{table}"))
    if not post:
        return text, n
    rng = g.rng(f"post:{table}")
    adds: dict[int, list] = {}
    for i, kind, ci, v in post:
        pos = i if kind == "conflict" else int(rng.random() * n)
        adds.setdefault(pos, []).append((i, kind, ci, v))
    src = _text_of(table, base, by_anchor, g.rng(f"fmt:{table}"), {e[0] for e in post})
    copies = {pos: [_dup_text(src[i], kind, ci, v, SCHEMA[table]) for i, kind, ci, v in es]
              for pos, es in adds.items()}
    return _with_copies(text, copies), n + len(post)


def _chunks(rows, size: int):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


PARQUET_ROW_GROUP = 100_000


class _Sink:
    """One table's output file, open for the whole run: each division appends its rows
    (``.csv`` with one header, or ``.parquet`` in row groups); ``rows`` counts them."""

    def __init__(self, out_dir: str, table: str, header, fmt: str):
        self.header, self.fmt, self.rows = list(header), fmt, 0
        if fmt == "parquet":
            import pyarrow as pa  # noqa: PLC0415
            import pyarrow.parquet as pq  # noqa: PLC0415
            self.schema = pa.schema([(h, pa.string()) for h in header])
            self.file = pq.ParquetWriter(os.path.join(out_dir, f"{table}.parquet"), self.schema)
        else:
            self.file = open(os.path.join(out_dir, f"{table}.csv"), "w", encoding="utf-8", newline="")  # noqa: SIM115
            self.csv = csv.writer(self.file, lineterminator="\n")
            self.csv.writerow(self.header)

    def write(self, rows) -> None:
        if self.fmt != "parquet":
            self.csv.writerows(rows)  # counted by the caller (the text rows are a generator)
            return
        import pyarrow as pa  # noqa: PLC0415
        for chunk in _chunks(rows, PARQUET_ROW_GROUP):
            cols = [pa.array([(r[i] if r[i] != "" else None) for r in chunk], type=pa.string())
                    for i in range(len(self.header))]
            self.file.write_table(pa.Table.from_arrays(cols, schema=self.schema))
            self.rows += len(chunk)

    def close(self) -> None:
        if self.fmt == "parquet" and self.rows == 0:
            self.file.write_table(self.schema.empty_table())
        self.file.close()


# Above this scale the org is simulated as independent divisions of at most this scale each, one
# after another, so that memory stays that of one division (about 1.1 GB at scale 200).
DIVISION_SCALE = 200.0
# Tables every division shares: written from division 0 (its fx and market streams are the org's).
SHARED_TABLES = ("teams", "pipeline_stages", "products", "fx_rates", "competitor_prices", "market_size")
SHARED_STREAMS = ("fx", "market")


def _divisions(scale: float, division_scale: float) -> list[float]:
    """The scales of the divisions an org of ``scale`` is simulated as (one, if it fits in one)."""
    n = max(1, math.ceil(scale / division_scale - 1e-9))
    return [scale / n] * n


def _merge_manifest(total: dict, man: dict, tables) -> None:
    for table, kinds in man.items():
        if table not in tables:
            continue
        for kind, e in kinds.items():
            t = total.setdefault(table, {}).setdefault(kind, {"rows": 0, "keys": []})
            t["rows"] += e["rows"]
            t["keys"].extend(e["keys"])


def _write_division(k: int, g: _Gen, sinks: dict, counts: dict, man: dict, id_base: dict) -> None:
    """Simulate division ``k`` and append its tables (division 0 only: the shared ones); add its
    rows to ``counts``, its dirt to ``man`` and its last id numbers to ``id_base``. Nothing of the
    division outlives the call (its memory is free for the next)."""
    typed = g.run()
    extras: dict = {}
    post_dups: dict = {}
    nxt: dict = {}
    if g.dirty:
        d = _Dirt(g, typed)
        _merge_manifest(man, d.run(), TABLES if k == 0 else set(TABLES) - set(SHARED_TABLES))
        extras, post_dups, nxt = d.extra, d.post_dups, d.next_ids
        del d
    for name in TABLES:
        base, extra, dups = typed.pop(name), extras.pop(name, ()), post_dups.pop(name, ())
        id_base[name] = max(id_base.get(name, 0) + len(base), nxt.get(name, 0))
        if k and name in SHARED_TABLES:
            continue
        rows, n = _table_text(g, name, base, extra, dups)
        sink = sinks[name]
        before = sink.rows
        sink.write(rows)
        if sink.fmt == "parquet" and sink.rows - before != n:
            raise AssertionError(f"{name}: {sink.rows - before} rows written, {n} expected")
        counts[name] += n
        del base, extra, dups, rows


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------
def generate(out_dir, seed: int = 42, as_of="2026-09-15", scale: float = 1.0, fmt: str = "csv",
             dirty: bool = True, manifest: dict | None = None,
             division_scale: float = DIVISION_SCALE) -> dict[str, int]:
    """Write every contract table into ``out_dir``; return table -> rows written.

    ``manifest`` (optional dict) is filled with what was injected as dirt, per
    table and kind (also kept in ``LAST_MANIFEST``).  Rows are formatted and
    written one at a time; a table's typed rows are dropped once it is written.
    An org larger than ``division_scale`` is simulated as independent divisions (own
    reps, campaigns, leads, accounts, deals and their events, numbered after the
    previous division's; shared teams, pipelines, products, fx and market data), each
    written and dropped before the next starts: memory is bounded by one division.
    """
    if isinstance(as_of, str):
        as_of = _dt.date.fromisoformat(as_of)
    elif isinstance(as_of, _dt.datetime):
        as_of = as_of.date()
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"fmt must be 'csv' or 'parquet', not {fmt!r}")
    if scale <= 0:
        raise ValueError("scale must be > 0")
    os.makedirs(out_dir, exist_ok=True)
    divisions = _divisions(float(scale), float(division_scale))
    sinks = {name: _Sink(out_dir, name, [c for c, _ in SCHEMA[name]], fmt) for name in TABLES}
    counts = dict.fromkeys(TABLES, 0)
    man: dict = {}
    id_base: dict = {}
    try:
        for k, part in enumerate(divisions):
            _write_division(k, _Gen(int(seed), as_of, part, dirty, division=k, id_base=id_base,
                                    market_scale=scale, divided=len(divisions) > 1),
                            sinks, counts, man, id_base)
            gc.collect()  # the division's entities hold cycles (accounts <-> deals, contacts)
    finally:
        for sink in sinks.values():
            sink.close()
    summary = _summarize(man, counts) if dirty else {}
    LAST_MANIFEST.clear()
    LAST_MANIFEST.update({"seed": int(seed), "as_of": as_of.isoformat(), "scale": scale, "dirty": dirty,
                          "divisions": len(divisions), "counts": counts, "dirt": man, "summary": summary})
    if manifest is not None:
        manifest.clear()
        manifest.update(LAST_MANIFEST)
    return counts


QUARANTINE_KINDS = ("bad_timestamp", "bad_amount", "negative_amount", "invalid_enum", "missing_pk",
                    "end_before_start")


def _summarize(man, counts):
    out = {}
    for name, kinds in man.items():
        q = sum(v["rows"] for k, v in kinds.items() if k in QUARANTINE_KINDS)
        out[name] = {
            "rows_written": counts.get(name, 0),
            "extra_rows": sum(v["rows"] for k, v in kinds.items()
                              if k in QUARANTINE_KINDS + ("old_version", "exact_duplicate", "conflict")
                              or (k == "orphan_fk" and name == "deal_stage_history")),
            "bad_rows": q,
            "conflicting_keys": kinds.get("conflict", {"rows": 0})["rows"],
            "expected_quarantined_rows": q + 2 * kinds.get("conflict", {"rows": 0})["rows"],
        }
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m salesdw.generate",
                                 description="Generate a synthetic CRM export in the raw contract format.")
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--as-of", default="2026-09-15", help="YYYY-MM-DD, last day of the history")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--format", choices=("csv", "parquet"), default="csv")
    ap.add_argument("--clean", action="store_true", help="no injected dirt")
    ap.add_argument("--manifest", help="also write what dirt was injected to this JSON file")
    a = ap.parse_args(argv)
    t0 = _time.perf_counter()
    counts = generate(a.out, seed=a.seed, as_of=a.as_of, scale=a.scale, fmt=a.format, dirty=not a.clean)
    ext = "parquet" if a.format == "parquet" else "csv"
    total = 0
    for name, n in counts.items():
        size = os.path.getsize(os.path.join(a.out, f"{name}.{ext}"))
        total += size
        print(f"{name:<22} {n:>9} rows {size / 1024:>10.1f} KiB")
    print(f"{'total':<22} {sum(counts.values()):>9} rows {total / 1024:>10.1f} KiB "
          f"({_time.perf_counter() - t0:.1f}s, seed={a.seed}, as_of={a.as_of}, scale={a.scale}, "
          f"{'clean' if a.clean else 'dirty'})")
    if a.manifest:
        with open(a.manifest, "w", encoding="utf-8") as f:
            json.dump(LAST_MANIFEST, f, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
