"""Write a contract folder as a HubSpot export (Fivetran / Airbyte shapes), and the contract folder
the export is exactly equivalent to.

    write_hubspot_export(contract_dir, out_dir, equivalent_dir, seed=11) -> dict[str, int]
    main(argv) -> int     # salesdw crm-export hubspot --from DIR --to DIR --equivalent DIR [--seed N]

The export holds what a HubSpot portal synced by Fivetran holds: numeric ids, owners as the users,
teams and roles, companies, one contact object for leads and contacts (a lead is a contact with a
lead status), deals with their pipeline stage ids, association tables, `deal_stage` history (part
of it as `deal_property_history` rows, with amount changes as noise), merged and deleted deals,
engagements with one table per type, products and line items. Quirks written on purpose: Airbyte
spellings mixed in (`companies.csv` with `properties_<name>` columns, `deals.csv`,
`engagements_calls.csv`), HubSpot's own ids for the default pipeline's stages, multi-currency
deals with a null `deal_currency_code` for the portal currency, non-primary company associations,
non-lead contacts on deals, a queue owner, soft-deleted team memberships, a soft-deleted stage and
pipeline, Fivetran timestamps with microseconds, `is_deleted` and `_fivetran_deleted` both used.

The tables HubSpot lacks (quotas, fx rates, subscriptions, ...) are written in contract format, with
their user, account, contact and product ids rewritten to the export's HubSpot ids.

The equivalent folder is the contract data after the HubSpot reading rules (models/crm_adapters/hubspot,
docs/crm_hubspot.md): one version per record (HubSpot keeps the latest), HubSpot ids, what HubSpot
cannot carry dropped (manager, reply sentiment, durations of tasks, lead sources HubSpot has no
value for, the expected close date of a closed deal, direction of meetings/tasks/notes ...). Every
rule here mirrors one of the adapter models; the round-trip test compares the KPIs of both builds.
Only CSV contract folders are read.
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import random
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

__all__ = ["write_hubspot_export", "main", "CONTRACT_TABLES_PROVIDED"]

# Contract tables the HubSpot adapter produces (dbt var crm_source_tables.hubspot).
CONTRACT_TABLES_PROVIDED = (
    "users",
    "teams",
    "accounts",
    "contacts",
    "leads",
    "deals",
    "deal_stage_history",
    "pipeline_stages",
    "products",
    "deal_line_items",
    "activities",
)

_COLUMNS = {
    "users": [
        "user_id",
        "full_name",
        "email",
        "role",
        "team_id",
        "manager_id",
        "hired_at",
        "terminated_at",
        "updated_at",
    ],
    "teams": ["team_id", "team_name", "region", "updated_at"],
    "accounts": [
        "account_id",
        "account_name",
        "industry",
        "segment",
        "country",
        "region",
        "owner_id",
        "created_at",
        "is_deleted",
        "updated_at",
    ],
    "contacts": [
        "contact_id",
        "account_id",
        "first_name",
        "last_name",
        "email",
        "phone",
        "title",
        "created_at",
        "is_deleted",
        "updated_at",
    ],
    "leads": [
        "lead_id",
        "created_at",
        "lead_source",
        "campaign_id",
        "owner_id",
        "company_name",
        "email",
        "country",
        "region",
        "status",
        "mql_at",
        "sql_at",
        "converted_at",
        "converted_account_id",
        "converted_deal_id",
        "is_deleted",
        "updated_at",
    ],
    "deals": [
        "deal_id",
        "deal_name",
        "account_id",
        "owner_id",
        "lead_id",
        "pipeline",
        "deal_type",
        "stage",
        "amount",
        "currency",
        "created_at",
        "expected_close_date",
        "closed_at",
        "is_closed",
        "is_won",
        "lost_reason",
        "competitor",
        "is_deleted",
        "updated_at",
    ],
    "deal_stage_history": ["deal_id", "stage", "entered_at", "changed_by"],
    "pipeline_stages": ["pipeline", "stage", "stage_order", "probability", "is_closed", "is_won"],
    "products": [
        "product_id",
        "product_name",
        "product_family",
        "pricing_plan",
        "list_price",
        "unit_cost",
        "currency",
        "updated_at",
    ],
    "deal_line_items": [
        "line_item_id",
        "deal_id",
        "product_id",
        "quantity",
        "unit_price",
        "discount_pct",
        "updated_at",
    ],
    "activities": [
        "activity_id",
        "activity_type",
        "direction",
        "owner_id",
        "lead_id",
        "contact_id",
        "account_id",
        "deal_id",
        "created_at",
        "occurred_at",
        "status",
        "duration_minutes",
        "reply_sentiment",
        "is_deleted",
        "updated_at",
    ],
}
_KEYS = {
    "users": ["user_id"],
    "teams": ["team_id"],
    "accounts": ["account_id"],
    "contacts": ["contact_id"],
    "leads": ["lead_id"],
    "deals": ["deal_id"],
    "deal_stage_history": ["deal_id", "stage", "entered_at"],
    "pipeline_stages": ["pipeline", "stage"],
    "products": ["product_id"],
    "deal_line_items": ["line_item_id"],
    "activities": ["activity_id"],
}
# Contract tables HubSpot lacks, with their id columns rewritten to HubSpot ids (column -> id space).
_PASSED_THROUGH = {
    "subscription_periods": {"account_id": "company", "product_id": "product"},
    "expenses": {},
    "campaigns": {},
    "fx_rates": {},
    "quotas": {"user_id": "owner"},
    "commission_plans": {"user_id": "owner"},
    "customer_surveys": {"account_id": "company", "contact_id": "contact"},
    "rep_surveys": {"user_id": "owner"},
    "rep_time_entries": {"user_id": "owner"},
    "product_active_users": {"account_id": "company"},
    "competitor_prices": {},
    "market_size": {},
}

# ---- reading-rule defaults (the dbt vars hubspot_* in dbt_project.yml hold the same values) ----------
CORPORATE_CURRENCY = "USD"
ROLE_NAMES = {
    "rep": "Sales Rep",
    "sdr": "SDR",
    "manager": "Sales Manager",
    "csm": "Customer Success",
    "other": "Operations",
}
ROLES = {
    "sales rep": "rep",
    "account executive": "rep",
    "sdr": "sdr",
    "bdr": "sdr",
    "sales manager": "manager",
    "customer success": "csm",
    "operations": "other",
}
TEAM_REGIONS = {
    "north america": "NA",
    "emea": "EMEA",
    "europe": "EMEA",
    "apac": "APAC",
    "asia": "APAC",
    "latam": "LATAM",
    "latin america": "LATAM",
}
MID_MARKET_MIN_EMPLOYEES, ENTERPRISE_MIN_EMPLOYEES = 100, 1000
COUNTRY_NAMES = {
    "US": "United States",
    "CA": "Canada",
    "GB": "United Kingdom",
    "DE": "Germany",
    "FR": "France",
    "PL": "Poland",
    "NL": "Netherlands",
    "ES": "Spain",
    "SE": "Sweden",
    "IE": "Ireland",
    "AE": "United Arab Emirates",
    "ZA": "South Africa",
    "NA": "Namibia",
    "AU": "Australia",
    "SG": "Singapore",
    "JP": "Japan",
    "IN": "India",
    "NZ": "New Zealand",
    "BR": "Brazil",
    "MX": "Mexico",
    "AR": "Argentina",
    "CL": "Chile",
    "CO": "Colombia",
}
COUNTRY_CODES = {name.lower(): code for code, name in COUNTRY_NAMES.items()}
COUNTRY_CODES.update({"usa": "US", "uk": "GB"})
COUNTRY_REGIONS = {
    "US": "NA",
    "CA": "NA",
    "GB": "EMEA",
    "DE": "EMEA",
    "FR": "EMEA",
    "PL": "EMEA",
    "NL": "EMEA",
    "ES": "EMEA",
    "SE": "EMEA",
    "IE": "EMEA",
    "AE": "EMEA",
    "ZA": "EMEA",
    "NA": "EMEA",
    "AU": "APAC",
    "SG": "APAC",
    "JP": "APAC",
    "IN": "APAC",
    "NZ": "APAC",
    "BR": "LATAM",
    "MX": "LATAM",
    "AR": "LATAM",
    "CL": "LATAM",
    "CO": "LATAM",
}
DEAL_TYPES = {
    "newbusiness": "new_business",
    "existingbusiness": "upsell",
    "crosssell": "cross_sell",
    "renewal": "renewal",
}
LEAD_SOURCES = {
    "PAID_SEARCH": "paid_ads",
    "PAID_SOCIAL": "paid_ads",
    "ORGANIC_SEARCH": "organic",
    "DIRECT_TRAFFIC": "organic",
    "REFERRALS": "referral",
    "SOCIAL_MEDIA": "social",
    "EMAIL_MARKETING": "email",
    "OFFLINE": "outbound",
    "OTHER_CAMPAIGNS": "other",
}
LEAD_STATUSES = {"UNQUALIFIED": "disqualified", "NEW": "new"}
LIFECYCLE_STATUSES = {
    "opportunity": "converted",
    "customer": "converted",
    "evangelist": "converted",
    "salesqualifiedlead": "sql",
    "marketingqualifiedlead": "mql",
}
ACTIVITY_TYPES = {
    "meeting": "meeting",
    "demo": "demo",
    "onboarding": "onboarding",
    "event": "event",
    "follow up": "follow_up",
    "quote": "quote",
    "proposal": "proposal",
    "social": "social",
    "referral request": "referral_request",
}
CALL_STATUSES = {
    "COMPLETED": "completed",
    "QUEUED": "scheduled",
    "RINGING": "scheduled",
    "CONNECTING": "scheduled",
    "IN_PROGRESS": "scheduled",
    "CANCELED": "cancelled",
    "NO_ANSWER": "no_show",
    "BUSY": "no_show",
    "FAILED": "no_show",
}
EMAIL_STATUSES = {"SENT": "completed", "SCHEDULED": "scheduled", "FAILED": "cancelled", "BOUNCED": "no_show"}
MEETING_OUTCOMES = {
    "COMPLETED": "completed",
    "SCHEDULED": "scheduled",
    "RESCHEDULED": "scheduled",
    "CANCELED": "cancelled",
    "NO_SHOW": "no_show",
}
TASK_STATUSES = {
    "COMPLETED": "completed",
    "NOT_STARTED": "scheduled",
    "IN_PROGRESS": "scheduled",
    "WAITING": "scheduled",
    "DEFERRED": "cancelled",
}
DIRECTIONS = {
    "OUTBOUND": "outbound",
    "INBOUND": "inbound",
    "EMAIL": "outbound",
    "INCOMING_EMAIL": "inbound",
    "FORWARDED_EMAIL": "outbound",
}

# HubSpot's own ids of the default pipeline's stages (other stages get numeric ids).
_DEFAULT_STAGE_IDS = {
    "prospecting": "appointmentscheduled",
    "qualification": "qualifiedtobuy",
    "demo": "presentationscheduled",
    "proposal": "decisionmakerboughtin",
    "negotiation": "contractsent",
    "closed_won": "closedwon",
    "closed_lost": "closedlost",
}

_TS_Z = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})Z$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}")
_ISO_TS = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}([.]\d{1,9})?)?)?(Z|z|[+-]\d{2}(:?\d{2})?)?$")


# ---- small helpers ------------------------------------------------------------------------------------
def _read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(handle)]


def _write(path: Path, columns: list[str], rows: list[dict]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else row[c] for c in columns])
    return len(rows)


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _norm(value: str | None) -> str | None:
    value = _clean(value)
    return value.lower() if value is not None else None


def parse_ts(value: str | None) -> _dt.datetime | None:
    """The contract's timestamp reading (UTC), or None when the value does not parse."""
    value = _clean(value)
    if value is None or not _ISO_TS.match(value):
        return None
    text = value.replace("z", "Z").replace("Z", "+00:00")
    if len(text) == 10:
        text += "T00:00:00"
    try:
        parsed = _dt.datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(_dt.UTC).replace(tzinfo=None)
    return parsed


def _fivetran_ts(value: str | None) -> str | None:
    """A `...T..:..:..Z` timestamp in Fivetran's spelling (microseconds, +00:00); others unchanged."""
    match = _TS_Z.match(value or "")
    if not match:
        return value
    return f"{match.group(1)} {match.group(2)}.000000+00:00"


def _bool(value: str | None) -> bool | None:
    value = _norm(value)
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    return None


def _tf(value: bool | None) -> str | None:
    return None if value is None else ("true" if value else "false")


def _date_part(value: str | None) -> str | None:
    """The adapter's date of a HubSpot date-time: its first 10 characters when they look like a date."""
    if value is None:
        return None
    return value[:10] if _DATE_PREFIX.match(value) else value


def _pick_first(ids: list[str]) -> str | None:
    """HubSpot's 'first' of several associated ids: the smallest number (shorter, then lexical)."""
    return min(ids, key=lambda x: (len(x), x)) if ids else None


def _latest_versions(rows: list[dict], table: str) -> list[dict]:
    """One row per primary key, as HubSpot keeps it: the latest updated_at (unparseable last),
    ties -> first."""
    keys = _KEYS[table]
    best: dict[tuple, tuple] = {}
    for position, row in enumerate(rows):
        key = tuple(_clean(row.get(k)) for k in keys)
        if any(part is None for part in key):
            continue
        stamp = parse_ts(row.get("updated_at")) if "updated_at" in _COLUMNS[table] else None
        rank = (stamp is not None, stamp or _dt.datetime.min, -position)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, row)
    order = sorted(best.values(), key=lambda item: -item[0][2])
    return [row for _, row in order]


class _Ids:
    """Numeric HubSpot ids per id space, stable for one seed; unknown (orphan) ids get ids too."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.maps: dict[str, dict[str, str]] = {}
        self.next: dict[str, int] = {}
        self.base = {
            "owner": 31000000,
            "user": 4100000,
            "team": 510000,
            "role": 7100,
            "company": 5800000000,
            "contact": 101000,
            "deal": 8900000000,
            "product": 1100000,
            "line_item": 2300000000,
            "engagement": 16000000000,
            "stage": 1200000,
            "pipeline": 3400000,
        }

    def get(self, space: str, contract_id: str | None) -> str | None:
        contract_id = _clean(contract_id)
        if contract_id is None:
            return None
        mapping = self.maps.setdefault(space, {})
        if contract_id not in mapping:
            value = self.next.get(space, self.base[space]) + 1 + int(self.rng.random() * 40)
            self.next[space] = value
            mapping[contract_id] = str(value)
        return mapping[contract_id]

    def new(self, space: str) -> str:
        return self.get(space, f"__new_{len(self.maps.get(space, {}))}")


# ---- the converter ----------------------------------------------------------------------------------
@dataclass
class _Export:
    """What the steps of one export share: the contract data, the two random sources (their draws
    must keep their order for the output to stay the same per seed), the tables written so far and
    the lookups a step leaves for the later ones."""

    rng: random.Random
    ids: _Ids
    data: dict[str, list[dict]]
    hs: dict[str, tuple[list[str], list[dict]]] = field(default_factory=dict)
    equiv: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in _COLUMNS})
    pipeline_ids: dict[str, str] = field(default_factory=dict)  # contract pipeline -> HubSpot id
    stage_ids: dict[tuple, str] = field(default_factory=dict)  # (pipeline, stage) -> stage id
    stage_of: dict[str, tuple] = field(default_factory=dict)  # stage id -> label, closed, won (closed, p=1)
    owner_email: dict[str, str | None] = field(default_factory=dict)  # contract user id -> email
    person_owner_by_email: dict[str, str] = field(default_factory=dict)
    person_owner_by_user: dict[str, str] = field(default_factory=dict)
    lead_contact_ids: set[str] = field(default_factory=set)  # contact ids that are leads
    lead_rows_by_id: dict[str, dict] = field(default_factory=dict)  # equivalent leads
    contacts_of_account: dict[str, list[str]] = field(default_factory=dict)
    deal_pipeline_of: dict[str, str] = field(default_factory=dict)  # contract deal id -> pipeline
    merged_history: list[tuple[dict, dict]] = field(default_factory=list)  # (merged deal, its twin)


def write_hubspot_export(contract_dir, out_dir, equivalent_dir, seed: int = 11) -> dict[str, int]:
    """Write contract_dir as a HubSpot export to out_dir and its equivalent contract folder to
    equivalent_dir. Returns {file name: rows written} for the export."""
    src, out, eq = Path(contract_dir), Path(out_dir), Path(equivalent_dir)
    x = _Export(
        rng=random.Random(seed),
        ids=_Ids(random.Random(seed + 1)),
        data={t: _latest_versions(_read(src / f"{t}.csv"), t) for t in _COLUMNS},
    )
    # The order of the steps is the order of the random draws: do not reorder.
    _pipelines_and_stages(x)
    _teams(x)
    _owners(x)
    _companies(x)
    _contacts(x)
    _leads(x)
    _deals(x)
    _stage_history(x)
    _products(x)
    _line_items(x)
    _engagements(x)
    written = _pass_through(x, src, out, eq)
    for name, (columns, rows) in x.hs.items():
        written[f"{name}.csv"] = _write(out / f"{name}.csv", columns, rows)
    for table, rows in x.equiv.items():
        _write(eq / f"{table}.csv", _COLUMNS[table], rows)
    return written


# pipelines and stages ----------------------------------------------------------------------------------
def _pipelines_and_stages(x: _Export) -> None:
    stage_flags = {}  # (pipeline, stage) -> closed, won
    for row in x.data["pipeline_stages"]:
        stage_flags[(_clean(row["pipeline"]), _clean(row["stage"]))] = (
            _bool(row["is_closed"]),
            _bool(row["is_won"]),
        )
    pipelines = sorted({p for p, _ in stage_flags})
    x.pipeline_ids = {p: ("default" if p == "default" else x.ids.get("pipeline", p)) for p in pipelines}
    for pipeline, stage in stage_flags:
        x.stage_ids[(pipeline, stage)] = (
            _DEFAULT_STAGE_IDS.get(stage) if pipeline == "default" else None
        ) or x.ids.get("stage", f"{pipeline}|{stage}")
    x.hs["deal_pipeline"] = (
        ["pipeline_id", "label", "display_order", "active", "_fivetran_deleted"],
        _pipeline_rows(x, pipelines),
    )
    stage_rows = _stage_rows(x, stage_flags)
    x.hs["deal_pipeline_stage"] = (
        [
            "stage_id",
            "pipeline_id",
            "label",
            "display_order",
            "probability",
            "is_closed",
            "active",
            "_fivetran_deleted",
        ],
        stage_rows,
    )
    for row in stage_rows:
        if row["_fivetran_deleted"] == "false":
            closed = row["is_closed"] == "true"
            x.stage_of[row["stage_id"]] = (row["label"], closed, closed and Decimal(row["probability"]) == 1)


def _pipeline_rows(x: _Export, pipelines: list[str]) -> list[dict]:
    """The pipelines, and a soft-deleted old one."""
    pipe_rows = [
        {
            "pipeline_id": x.pipeline_ids[p],
            "label": "Sales Pipeline" if p == "default" else p.title(),
            "display_order": i,
            "active": "true",
            "_fivetran_deleted": "false",
        }
        for i, p in enumerate(pipelines)
    ]
    pipe_rows.append(
        {
            "pipeline_id": x.ids.new("pipeline"),
            "label": "Old pipeline",
            "display_order": len(pipelines),
            "active": "false",
            "_fivetran_deleted": "true",
        }
    )
    return pipe_rows


def _stage_rows(x: _Export, stage_flags: dict[tuple, tuple]) -> list[dict]:
    """The stages (and their equivalent rows), and a soft-deleted legacy stage."""
    stage_rows = []
    for row in x.data["pipeline_stages"]:
        pipeline, stage = _clean(row["pipeline"]), _clean(row["stage"])
        closed, won = stage_flags[(pipeline, stage)]
        order = int(row["stage_order"]) - 1
        stage_rows.append(
            {
                "stage_id": x.stage_ids[(pipeline, stage)],
                "pipeline_id": x.pipeline_ids[pipeline],
                "label": stage,
                "display_order": order,
                "probability": row["probability"],
                "is_closed": _tf(closed),
                "active": "true",
                "_fivetran_deleted": "false",
            }
        )
        x.equiv["pipeline_stages"].append(
            {
                "pipeline": x.pipeline_ids[pipeline],
                "stage": stage,
                "stage_order": order + 1,
                "probability": row["probability"],
                "is_closed": _tf(closed),
                "is_won": _tf(bool(closed) and Decimal(row["probability"]) == 1),
            }
        )
    stage_rows.append(
        {
            "stage_id": x.ids.new("stage"),
            "pipeline_id": "default",
            "label": "legacy_stage",
            "display_order": 99,
            "probability": "0.5",
            "is_closed": "false",
            "active": "false",
            "_fivetran_deleted": "true",
        }
    )
    return stage_rows


# teams, roles, owners -----------------------------------------------------------------------------------
def _teams(x: _Export) -> None:
    team_rows = []
    for row in x.data["teams"]:
        name = _clean(row["team_name"])
        team_rows.append(
            {
                "id": x.ids.get("team", row["team_id"]),
                "name": name,
                "_fivetran_deleted": "false",
                "_fivetran_synced": _fivetran_ts(row["updated_at"]),
            }
        )
        region = next((r for k, r in TEAM_REGIONS.items() if name and k in name.lower()), None)
        x.equiv["teams"].append(
            {
                "team_id": x.ids.get("team", row["team_id"]),
                "team_name": name,
                "region": region,
                "updated_at": _fivetran_ts(row["updated_at"]),
            }
        )
    x.hs["team"] = (["id", "name", "_fivetran_deleted", "_fivetran_synced"], team_rows)


def _owners(x: _Export) -> None:
    """Owners (one per user, and a queue), their users, roles and team memberships."""
    deal_owners = {_clean(d["owner_id"]) for d in x.data["deals"]}
    team_list = [t["id"] for t in x.hs["team"][1]]
    role_ids: dict[str, str] = {}
    owner_rows, user_rows, owner_team_rows = [], [], []
    for row in x.data["users"]:
        uid = _clean(row["user_id"])
        owner_id, hub_user = x.ids.get("owner", uid), x.ids.get("user", uid)
        role = _norm(row["role"])
        role_name = ROLE_NAMES.get(role, (role or "").title() or None)
        if role_name is not None and role_name not in role_ids:
            role_ids[role_name] = x.ids.get("role", role_name)
        owner_rows.append(_owner_row(row, owner_id, hub_user))
        x.owner_email[uid] = _clean(row["email"])
        user_rows.append(
            {
                "id": hub_user,
                "email": _clean(row["email"]),
                "role_id": role_ids.get(role_name) if role_name else None,
            }
        )
        team = x.ids.get("team", row["team_id"])
        if team:
            owner_team_rows.extend(_owner_teams(x.rng, owner_id, team, team_list))
        mapped = ROLES.get(role_name.lower()) if role_name else None
        mapped = mapped or ("rep" if uid in deal_owners else "other")
        x.equiv["users"].append(_equivalent_user(row, owner_rows[-1], mapped, team))
    owner_rows.append(_queue_owner(x.ids.new("owner")))
    x.hs["owner"] = (
        [
            "owner_id",
            "email",
            "first_name",
            "last_name",
            "type",
            "created_at",
            "updated_at",
            "active_user_id",
            "is_active",
            "_fivetran_deleted",
        ],
        owner_rows,
    )
    x.hs["users"] = (["id", "email", "role_id"], user_rows)
    x.hs["role"] = (["id", "name"], [{"id": v, "name": k} for k, v in role_ids.items()])
    x.hs["owner_team"] = (["owner_id", "team_id", "is_team_primary", "_fivetran_deleted"], owner_team_rows)
    # the smallest owner id of an email (emails may repeat)
    for owner in sorted(owner_rows, key=lambda r: (len(r["owner_id"]), r["owner_id"]), reverse=True):
        if owner["type"] == "PERSON" and owner["email"]:
            x.person_owner_by_email[owner["email"].lower()] = owner["owner_id"]
    x.person_owner_by_user = {
        r["active_user_id"]: r["owner_id"]
        for r in owner_rows
        if r["active_user_id"] and r["type"] == "PERSON"
    }


def _split_name(full_name: str | None) -> tuple[str, str]:
    first, _, last = (_clean(full_name) or "").partition(" ")
    return first, last


def _owner_row(row: dict, owner_id: str | None, hub_user: str | None) -> dict:
    first, last = _split_name(row["full_name"])
    terminated = _clean(row["terminated_at"])
    hired = _clean(row["hired_at"])
    updated = f"{terminated}T00:00:00Z" if terminated else row["updated_at"]
    return {
        "owner_id": owner_id,
        "email": _clean(row["email"]),
        "first_name": first or None,
        "last_name": last or None,
        "type": "PERSON",
        "created_at": f"{hired}T00:00:00Z" if hired and _DATE.match(hired) else hired,
        "updated_at": _fivetran_ts(updated),
        "active_user_id": hub_user,
        "is_active": "false" if terminated else "true",
        "_fivetran_deleted": "false",
    }


def _owner_teams(rng: random.Random, owner_id: str | None, team: str, team_list: list[str]) -> list[dict]:
    """The owner's primary team, and for some owners an old primary team (soft-deleted) or a
    secondary team."""
    rows = [{"owner_id": owner_id, "team_id": team, "is_team_primary": "true", "_fivetran_deleted": "false"}]
    if rng.random() < 0.15:  # an old primary team, soft-deleted, and a secondary team
        other = rng.choice([t for t in team_list if t != team] or [team])
        if other != team:
            rows.append(
                {
                    "owner_id": owner_id,
                    "team_id": other,
                    "is_team_primary": "true",
                    "_fivetran_deleted": "true",
                }
            )
    elif rng.random() < 0.1:
        other = rng.choice([t for t in team_list if t != team] or [team])
        if other != team:
            rows.append(
                {
                    "owner_id": owner_id,
                    "team_id": other,
                    "is_team_primary": "false",
                    "_fivetran_deleted": "false",
                }
            )
    return rows


def _equivalent_user(row: dict, owner: dict, role: str, team: str | None) -> dict:
    first, last = _split_name(row["full_name"])
    terminated = _clean(row["terminated_at"])
    return {
        "user_id": owner["owner_id"],
        "full_name": (f"{first} {last}".strip() or None),
        "email": _clean(row["email"]),
        "role": role,
        "team_id": team,
        "manager_id": None,
        "hired_at": _date_part(owner["created_at"]),
        "terminated_at": _date_part(owner["updated_at"]) if terminated else None,
        "updated_at": owner["updated_at"],
    }


def _queue_owner(owner_id: str) -> dict:
    return {
        "owner_id": owner_id,
        "email": "inbound-queue@pulsecrm.io",
        "first_name": "Inbound",
        "last_name": "Queue",
        "type": "QUEUE",
        "created_at": "2022-01-01T00:00:00Z",
        "updated_at": "2022-01-01T00:00:00Z",
        "active_user_id": None,
        "is_active": "true",
        "_fivetran_deleted": "false",
    }


# companies -------------------------------------------------------------------------------------------
def _companies(x: _Export) -> None:
    company_rows = []
    for row in x.data["accounts"]:
        employees = _employees(x.rng, _norm(row["segment"]))
        country = _country_name(row["country"])
        deleted = _bool(row["is_deleted"]) is True
        use_flag = x.rng.random() < 0.5
        company_rows.append(
            {
                "id": x.ids.get("company", row["account_id"]),
                "is_deleted": _tf(deleted and use_flag),
                "_fivetran_deleted": _tf(deleted and not use_flag),
                "properties_name": _clean(row["account_name"]),
                "properties_industry": _clean(row["industry"]),
                "properties_numberofemployees": employees,
                "properties_country": country,
                "properties_hubspot_owner_id": x.ids.get("owner", row["owner_id"]),
                "properties_createdate": _fivetran_ts(row["created_at"]),
                "properties_hs_lastmodifieddate": _fivetran_ts(row["updated_at"]),
            }
        )
        iso = _country_code(country)
        x.equiv["accounts"].append(
            {
                "account_id": company_rows[-1]["id"],
                "account_name": _clean(row["account_name"]),
                "industry": _clean(row["industry"]),
                "segment": _segment(employees),
                "country": iso,
                "region": COUNTRY_REGIONS.get(iso) if iso else None,
                "owner_id": company_rows[-1]["properties_hubspot_owner_id"],
                "created_at": company_rows[-1]["properties_createdate"],
                "is_deleted": _tf(deleted),
                "updated_at": company_rows[-1]["properties_hs_lastmodifieddate"],
            }
        )
    # Airbyte's table name and property spelling (the loader reads both).
    x.hs["companies"] = (
        [
            "id",
            "is_deleted",
            "_fivetran_deleted",
            "properties_name",
            "properties_industry",
            "properties_numberofemployees",
            "properties_country",
            "properties_hubspot_owner_id",
            "properties_createdate",
            "properties_hs_lastmodifieddate",
        ],
        company_rows,
    )


def _employees(rng: random.Random, segment: str | None) -> int | None:
    """A head count in the segment's range (three draws whatever the segment)."""
    return {
        "smb": rng.randint(5, MID_MARKET_MIN_EMPLOYEES - 1),
        "mid_market": rng.randint(MID_MARKET_MIN_EMPLOYEES, ENTERPRISE_MIN_EMPLOYEES - 1),
        "enterprise": rng.randint(ENTERPRISE_MIN_EMPLOYEES, 40000),
    }.get(segment)


def _segment(employees: int | None) -> str | None:
    """The adapter's segment of a head count."""
    if employees is None:
        return None
    if employees >= ENTERPRISE_MIN_EMPLOYEES:
        return "enterprise"
    if employees >= MID_MARKET_MIN_EMPLOYEES:
        return "mid_market"
    return "smb"


def _country_name(value: str | None) -> str | None:
    code = _clean(value)
    return COUNTRY_NAMES.get(code, code) if code else None


# contacts and leads: one contact object ----------------------------------------------------------------
_CONTACT_COLUMNS = [
    "id",
    "_fivetran_deleted",
    "property_firstname",
    "property_lastname",
    "property_email",
    "property_phone",
    "property_jobtitle",
    "property_company",
    "property_country",
    "property_hubspot_owner_id",
    "property_associatedcompanyid",
    "property_hs_lead_status",
    "property_lifecyclestage",
    "property_hs_analytics_source",
    "property_hs_analytics_first_touch_converting_campaign",
    "property_hs_lifecyclestage_marketingqualifiedlead_date",
    "property_hs_lifecyclestage_salesqualifiedlead_date",
    "property_hs_lifecyclestage_opportunity_date",
    "property_createdate",
    "property_lastmodifieddate",
]
_SOURCE_CODES = {
    "paid_ads": ("PAID_SEARCH", "PAID_SOCIAL"),
    "organic": ("ORGANIC_SEARCH", "DIRECT_TRAFFIC"),
    "referral": ("REFERRALS",),
    "partner": ("REFERRALS",),
    "social": ("SOCIAL_MEDIA",),
    "email": ("EMAIL_MARKETING",),
    "outbound": ("OFFLINE",),
    "event": ("OTHER_CAMPAIGNS",),
    "other": ("OTHER_CAMPAIGNS",),
}
_STATUS_PROPS = {  # lead status -> hs_lead_status, lifecyclestage
    "new": ("NEW", "lead"),
    "working": ("IN_PROGRESS", "lead"),
    "mql": ("OPEN", "marketingqualifiedlead"),
    "sql": ("OPEN", "salesqualifiedlead"),
    "converted": ("CONNECTED", "opportunity"),
    "disqualified": ("UNQUALIFIED", None),
}


def _contacts(x: _Export) -> None:
    """The contacts; the leads are added to the same table by _leads."""
    contact_rows = []
    for row in x.data["contacts"]:
        contact_rows.append(
            {
                "id": x.ids.get("contact", row["contact_id"]),
                "_fivetran_deleted": _tf(_bool(row["is_deleted"]) is True),
                "property_firstname": _clean(row["first_name"]),
                "property_lastname": _clean(row["last_name"]),
                "property_email": _clean(row["email"]),
                "property_phone": _clean(row["phone"]),
                "property_jobtitle": _clean(row["title"]),
                "property_associatedcompanyid": x.ids.get("company", row["account_id"]),
                "property_lifecyclestage": x.rng.choice(
                    ("customer", "opportunity", "salesqualifiedlead", None)
                ),
                "property_createdate": _fivetran_ts(row["created_at"]),
                "property_lastmodifieddate": _fivetran_ts(row["updated_at"]),
            }
        )
        x.equiv["contacts"].append(
            {
                "contact_id": contact_rows[-1]["id"],
                "account_id": contact_rows[-1]["property_associatedcompanyid"],
                "first_name": _clean(row["first_name"]),
                "last_name": _clean(row["last_name"]),
                "email": _clean(row["email"]),
                "phone": _clean(row["phone"]),
                "title": _clean(row["title"]),
                "created_at": contact_rows[-1]["property_createdate"],
                "is_deleted": contact_rows[-1]["_fivetran_deleted"],
                "updated_at": contact_rows[-1]["property_lastmodifieddate"],
            }
        )
    x.hs["contact"] = (_CONTACT_COLUMNS, contact_rows)


def _leads(x: _Export) -> None:
    """The leads as contacts with a lead status, then the live contacts of each account."""
    contact_rows = x.hs["contact"][1]
    for row in x.data["leads"]:
        status = _norm(row["status"])
        lead_status, lifecycle = _STATUS_PROPS.get(status, ((status or "").upper() or "OPEN", "lead"))
        if status == "converted" and x.rng.random() < 0.3:
            lifecycle = "customer"
        if status == "disqualified":
            lifecycle = "marketingqualifiedlead" if _clean(row["mql_at"]) else "lead"
        source = _norm(row["lead_source"])
        code = x.rng.choice(_SOURCE_CODES.get(source, ((source or "").upper() or None,)))
        cid = x.ids.get("contact", row["lead_id"])
        x.lead_contact_ids.add(cid)
        contact_rows.append(
            {
                "id": cid,
                "_fivetran_deleted": _tf(_bool(row["is_deleted"]) is True),
                "property_email": _clean(row["email"]),
                "property_company": _clean(row["company_name"]),
                "property_country": _country_name(row["country"]),
                "property_hubspot_owner_id": x.ids.get("owner", row["owner_id"]),
                "property_associatedcompanyid": x.ids.get("company", row["converted_account_id"]),
                "property_hs_lead_status": lead_status,
                "property_lifecyclestage": lifecycle,
                "property_hs_analytics_source": code,
                "property_hs_analytics_first_touch_converting_campaign": _clean(row["campaign_id"]),
                "property_hs_lifecyclestage_marketingqualifiedlead_date": _fivetran_ts(row["mql_at"]),
                "property_hs_lifecyclestage_salesqualifiedlead_date": _fivetran_ts(row["sql_at"]),
                "property_hs_lifecyclestage_opportunity_date": _fivetran_ts(row["converted_at"]),
                "property_createdate": _fivetran_ts(row["created_at"]),
                "property_lastmodifieddate": _fivetran_ts(row["updated_at"]),
            }
        )
        x.lead_rows_by_id[cid] = _equivalent_lead(contact_rows[-1])
    for row in x.data["contacts"]:
        if _bool(row["is_deleted"]) is not True and _clean(row["account_id"]):
            x.contacts_of_account.setdefault(_clean(row["account_id"]), []).append(
                x.ids.get("contact", row["contact_id"])
            )


def _equivalent_lead(hs_row: dict) -> dict:
    """The lead a lead contact reads as (its converted deal is filled in by _deals)."""
    code = hs_row["property_hs_analytics_source"]
    iso = _country_code(hs_row["property_country"])
    return {
        "lead_id": hs_row["id"],
        "created_at": hs_row["property_createdate"],
        "lead_source": LEAD_SOURCES.get(code, code.lower() if code else None),
        "campaign_id": hs_row["property_hs_analytics_first_touch_converting_campaign"],
        "owner_id": hs_row["property_hubspot_owner_id"],
        "company_name": hs_row["property_company"],
        "email": hs_row["property_email"],
        "country": iso,
        "region": COUNTRY_REGIONS.get(iso) if iso else None,
        "status": _lead_status(hs_row["property_hs_lead_status"], hs_row["property_lifecyclestage"]),
        "mql_at": hs_row["property_hs_lifecyclestage_marketingqualifiedlead_date"],
        "sql_at": hs_row["property_hs_lifecyclestage_salesqualifiedlead_date"],
        "converted_at": hs_row["property_hs_lifecyclestage_opportunity_date"],
        "converted_account_id": hs_row["property_associatedcompanyid"],
        "converted_deal_id": None,
        "is_deleted": hs_row["_fivetran_deleted"],
        "updated_at": hs_row["property_lastmodifieddate"],
    }


# deals -----------------------------------------------------------------------------------------------
_DEAL_TYPE_CODES = {v: k for k, v in DEAL_TYPES.items()}
_DEAL_COLUMNS = [
    "deal_id",
    "portal_id",
    "deal_pipeline_id",
    "deal_pipeline_stage_id",
    "owner_id",
    "is_deleted",
    "_fivetran_deleted",
    "property_dealname",
    "property_amount",
    "property_deal_currency_code",
    "property_createdate",
    "property_closedate",
    "property_dealtype",
    "property_closed_lost_reason",
    "property_competitor",
    "property_hs_lastmodifieddate",
]


def _deals(x: _Export) -> None:
    """Deals with their company and contact associations, merged duplicates, and the converted
    deal of each lead."""
    deal_rows, deal_company, deal_contact = [], [], []
    account_ids = [x.ids.get("company", a["account_id"]) for a in x.data["accounts"]]
    for row in x.data["deals"]:
        hs_row = _deal_row(x, row)
        deal_rows.append(hs_row)
        did = hs_row["deal_id"]
        account = x.ids.get("company", row["account_id"])
        deal_company.extend(_deal_companies(x.rng, did, account, account_ids))
        lead = x.ids.get("contact", row["lead_id"])
        deal_contact.extend(_deal_contacts(x, row, did, lead))
        x.equiv["deals"].append(_equivalent_deal(x, row, hs_row, account, lead))
        if lead and lead in x.lead_rows_by_id:
            current = x.lead_rows_by_id[lead]["converted_deal_id"]
            x.lead_rows_by_id[lead]["converted_deal_id"] = _pick_first([v for v in (current, did) if v])
    merged = _merge_duplicates(x, deal_rows)
    x.hs["deals"] = (_DEAL_COLUMNS, deal_rows)  # Airbyte's table name
    x.hs["deal_company"] = (["deal_id", "company_id", "type_id", "category"], deal_company)
    x.hs["deal_contact"] = (["deal_id", "contact_id", "type_id"], deal_contact)
    x.hs["merged_deal"] = (["deal_id", "merged_deal_id"], merged)
    x.equiv["leads"] = list(x.lead_rows_by_id.values())


def _deal_row(x: _Export, row: dict) -> dict:
    did = x.ids.get("deal", row["deal_id"])
    pipeline = _clean(row["pipeline"]) or "default"
    x.deal_pipeline_of[_clean(row["deal_id"])] = pipeline
    stage_id = x.stage_ids.get((pipeline, _clean(row["stage"])), _clean(row["stage"]))
    closed = x.stage_of.get(stage_id, (None, None, None))[1]
    closedate = _clean(row["closed_at"]) if closed else _clean(row["expected_close_date"])
    if closedate and not closed and _DATE.match(closedate):
        closedate = f"{closedate}T00:00:00Z"
    deal_type = _norm(row["deal_type"])
    currency = _clean(row["currency"])
    deleted = _bool(row["is_deleted"]) is True
    use_flag = x.rng.random() < 0.5
    return {
        "deal_id": did,
        "portal_id": "4420117",
        "deal_pipeline_id": x.pipeline_ids.get(pipeline, pipeline),
        "deal_pipeline_stage_id": stage_id,
        "owner_id": x.ids.get("owner", row["owner_id"]),
        "is_deleted": _tf(deleted and use_flag),
        "_fivetran_deleted": _tf(deleted and not use_flag),
        "property_dealname": _clean(row["deal_name"]),
        "property_amount": _clean(row["amount"]),
        "property_deal_currency_code": None
        if currency == CORPORATE_CURRENCY and x.rng.random() < 0.5
        else currency,
        "property_createdate": _fivetran_ts(row["created_at"]),
        "property_closedate": _fivetran_ts(closedate),
        "property_dealtype": _DEAL_TYPE_CODES.get(deal_type, deal_type),
        "property_closed_lost_reason": _clean(row["lost_reason"]),
        "property_competitor": _clean(row["competitor"]),
        "property_hs_lastmodifieddate": _fivetran_ts(row["updated_at"]),
    }


def _deal_companies(rng: random.Random, did: str, account: str | None, account_ids: list) -> list[dict]:
    """The deal's primary company, and for a few deals a non-primary one."""
    if not account:
        return []
    rows = [{"deal_id": did, "company_id": account, "type_id": "5", "category": "HUBSPOT_DEFINED"}]
    if rng.random() < 0.05:
        other = rng.choice(account_ids)
        if other != account:
            rows.append(
                {"deal_id": did, "company_id": other, "type_id": "341", "category": "HUBSPOT_DEFINED"}
            )
    return rows


def _deal_contacts(x: _Export, row: dict, did: str, lead: str | None) -> list[dict]:
    """The deal's lead, and for some deals a (non-lead) contact of its account."""
    rows = []
    if lead:
        rows.append({"deal_id": did, "contact_id": lead, "type_id": "3"})
    people = x.contacts_of_account.get(_clean(row["account_id"]) or "", [])
    if people and x.rng.random() < 0.3:
        rows.append({"deal_id": did, "contact_id": x.rng.choice(people), "type_id": "3"})
    return rows


def _equivalent_deal(x: _Export, row: dict, hs_row: dict, account: str | None, lead: str | None) -> dict:
    label, closed, won = x.stage_of.get(hs_row["deal_pipeline_stage_id"], (None, None, None))
    return {
        "deal_id": hs_row["deal_id"],
        "deal_name": hs_row["property_dealname"],
        "account_id": account,
        "owner_id": hs_row["owner_id"],
        "lead_id": lead if lead in x.lead_contact_ids else None,
        "pipeline": hs_row["deal_pipeline_id"],
        "deal_type": DEAL_TYPES.get(hs_row["property_dealtype"], hs_row["property_dealtype"]),
        "stage": label or hs_row["deal_pipeline_stage_id"],
        "amount": hs_row["property_amount"],
        "currency": hs_row["property_deal_currency_code"] or CORPORATE_CURRENCY,
        "created_at": hs_row["property_createdate"],
        "expected_close_date": None if closed else _date_part(hs_row["property_closedate"]),
        "closed_at": hs_row["property_closedate"] if closed else None,
        "is_closed": _tf(closed),
        "is_won": _tf(won),
        "lost_reason": hs_row["property_closed_lost_reason"],
        "competitor": hs_row["property_competitor"],
        "is_deleted": _tf(_bool(row["is_deleted"]) is True),
        "updated_at": hs_row["property_hs_lastmodifieddate"],
    }


def _merge_duplicates(x: _Export, deal_rows: list[dict]) -> list[dict]:
    """Duplicates created in HubSpot and merged into the surviving deal: appended to deal_rows
    (and the equivalent deals, as deleted), remembered for the stage history; returns the
    merged_deal rows."""
    merged = []
    survivors = [
        r for r in list(deal_rows) if r["is_deleted"] == "false" and r["_fivetran_deleted"] == "false"
    ]
    for survivor in x.rng.sample(survivors, min(len(survivors), max(2, len(survivors) // 100))):
        loser = dict(
            survivor, deal_id=x.ids.new("deal"), property_dealname=f"{survivor['property_dealname']} (2)"
        )
        deal_rows.append(loser)
        merged.append({"deal_id": survivor["deal_id"], "merged_deal_id": loser["deal_id"]})
        twin = next(e for e in x.equiv["deals"] if e["deal_id"] == survivor["deal_id"])
        x.equiv["deals"].append(
            dict(
                twin,
                deal_id=loser["deal_id"],
                deal_name=loser["property_dealname"],
                account_id=None,
                lead_id=None,
                is_deleted="true",
            )
        )
        x.merged_history.append((loser, twin))
    return merged


# stage history: deal_stage, and deal_property_history for some deals ---------------------------------
def _stage_history(x: _Export) -> None:
    history_by_deal: dict[str, list[dict]] = {}
    for row in x.data["deal_stage_history"]:
        history_by_deal.setdefault(_clean(row["deal_id"]), []).append(row)
    deal_stage_rows, property_rows = [], []
    for contract_deal, rows in history_by_deal.items():
        did = x.ids.get("deal", contract_deal)
        pipeline = x.deal_pipeline_of.get(contract_deal, "default")
        as_property = x.rng.random() < 0.15
        ordered = sorted(rows, key=lambda r: parse_ts(r["entered_at"]) or _dt.datetime.max)
        for position, row in enumerate(ordered):
            change = _stage_change(x, did, pipeline, row)
            if as_property:
                property_rows.extend(_property_history_rows(x.rng, change))
            else:
                deal_stage_rows.append(_deal_stage_row(x.rng, change, active=position == len(ordered) - 1))
            x.equiv["deal_stage_history"].append(_equivalent_stage_change(x, change))
    for loser, twin in x.merged_history:
        deal_stage_rows.append(
            {
                "deal_id": loser["deal_id"],
                "value": loser["deal_pipeline_stage_id"],
                "date_entered": loser["property_createdate"],
                "source": "CRM_UI",
                "source_id": None,
                "_fivetran_start": loser["property_createdate"],
                "_fivetran_active": "true",
            }
        )
        x.equiv["deal_stage_history"].append(
            {
                "deal_id": loser["deal_id"],
                "stage": twin["stage"],
                "entered_at": loser["property_createdate"],
                "changed_by": None,
            }
        )
    x.hs["deal_stage"] = (
        ["deal_id", "value", "date_entered", "source", "source_id", "_fivetran_start", "_fivetran_active"],
        deal_stage_rows,
    )
    x.hs["deal_property_history"] = (
        ["deal_id", "name", "value", "timestamp", "source", "source_id"],
        property_rows,
    )


def _stage_change(x: _Export, did: str | None, pipeline: str, row: dict) -> dict:
    """One contract stage change as HubSpot records it: stage id, time, and who (a user's email or
    id for a change in the UI, none for an automation)."""
    stage = _clean(row["stage"])
    changed_by = _clean(row["changed_by"])
    source, source_id = "AUTOMATION_PLATFORM", None
    if changed_by:
        source = "CRM_UI"
        source_id = x.owner_email.get(changed_by) if x.rng.random() < 0.7 else None
        source_id = source_id or x.ids.get("user", changed_by)
    return {
        "deal_id": did,
        "value": x.stage_ids.get((pipeline, stage), stage),
        "entered": _fivetran_ts(_clean(row["entered_at"])),
        "source": source,
        "source_id": source_id,
    }


def _property_history_rows(rng: random.Random, change: dict) -> list[dict]:
    """The change as a dealstage property change, sometimes with an amount change as noise."""
    rows = [
        {
            "deal_id": change["deal_id"],
            "name": "dealstage",
            "value": change["value"],
            "timestamp": change["entered"],
            "source": change["source"],
            "source_id": change["source_id"],
        }
    ]
    if rng.random() < 0.5:
        rows.append(
            {
                "deal_id": change["deal_id"],
                "name": "amount",
                "value": str(rng.randint(1, 90) * 500),
                "timestamp": change["entered"],
                "source": "CRM_UI",
                "source_id": change["source_id"],
            }
        )
    return rows


def _deal_stage_row(rng: random.Random, change: dict, active: bool) -> dict:
    entered = change["entered"]
    stamp = parse_ts(entered)
    start = (
        (stamp + _dt.timedelta(seconds=rng.randint(30, 600))).isoformat(" ") + "+00:00" if stamp else entered
    )
    return {
        "deal_id": change["deal_id"],
        "value": change["value"],
        "date_entered": entered,
        "source": change["source"],
        "source_id": change["source_id"],
        "_fivetran_start": start,
        "_fivetran_active": _tf(active),
    }


def _equivalent_stage_change(x: _Export, change: dict) -> dict:
    source_id, resolved = change["source_id"], None
    if change["source"] == "CRM_UI" and source_id:
        resolved = x.person_owner_by_email.get(source_id.lower()) or x.person_owner_by_user.get(source_id)
    label = x.stage_of.get(change["value"], (None,))[0]
    return {
        "deal_id": change["deal_id"],
        "stage": label or change["value"],
        "entered_at": change["entered"],
        "changed_by": resolved,
    }


# products and line items -----------------------------------------------------------------------------
def _products(x: _Export) -> None:
    product_rows = []
    for row in x.data["products"]:
        product_rows.append(
            {
                "id": x.ids.get("product", row["product_id"]),
                "_fivetran_deleted": "false",
                "property_name": _clean(row["product_name"]),
                "property_price": _clean(row["list_price"]),
                "property_hs_cost_of_goods_sold": _clean(row["unit_cost"]),
                "property_product_family": _clean(row["product_family"]),
                "property_pricing_plan": _clean(row["pricing_plan"]),
                "property_hs_lastmodifieddate": _fivetran_ts(row["updated_at"]),
            }
        )
        x.equiv["products"].append(
            {
                "product_id": product_rows[-1]["id"],
                "product_name": _clean(row["product_name"]),
                "product_family": _clean(row["product_family"]),
                "pricing_plan": _clean(row["pricing_plan"]),
                "list_price": _clean(row["list_price"]),
                "unit_cost": _clean(row["unit_cost"]),
                "currency": CORPORATE_CURRENCY,
                "updated_at": product_rows[-1]["property_hs_lastmodifieddate"],
            }
        )
    x.hs["product"] = (
        [
            "id",
            "_fivetran_deleted",
            "property_name",
            "property_price",
            "property_hs_cost_of_goods_sold",
            "property_product_family",
            "property_pricing_plan",
            "property_hs_lastmodifieddate",
        ],
        product_rows,
    )


def _line_items(x: _Export) -> None:
    item_rows, item_deal = [], []
    for row in x.data["deal_line_items"]:
        lid = x.ids.get("line_item", row["line_item_id"])
        percent = _percent(_clean(row["discount_pct"]))
        item_rows.append(
            {
                "id": lid,
                "_fivetran_deleted": "false",
                "property_hs_product_id": x.ids.get("product", row["product_id"]),
                "property_quantity": _clean(row["quantity"]),
                "property_price": _clean(row["unit_price"]),
                "property_hs_discount_percentage": percent,
                "property_hs_lastmodifieddate": _fivetran_ts(row["updated_at"]),
            }
        )
        deal = x.ids.get("deal", row["deal_id"])
        if deal:
            item_deal.append({"line_item_id": lid, "deal_id": deal})
        x.equiv["deal_line_items"].append(
            {
                "line_item_id": lid,
                "deal_id": deal,
                "product_id": item_rows[-1]["property_hs_product_id"],
                "quantity": item_rows[-1]["property_quantity"],
                "unit_price": item_rows[-1]["property_price"],
                "discount_pct": _unpercent(percent),
                "updated_at": item_rows[-1]["property_hs_lastmodifieddate"],
            }
        )
    x.hs["line_item"] = (
        [
            "id",
            "_fivetran_deleted",
            "property_hs_product_id",
            "property_quantity",
            "property_price",
            "property_hs_discount_percentage",
            "property_hs_lastmodifieddate",
        ],
        item_rows,
    )
    x.hs["line_item_deal"] = (["line_item_id", "deal_id"], item_deal)


# tables HubSpot lacks: contract format, HubSpot ids -----------------------------------------------------
def _pass_through(x: _Export, src: Path, out: Path, eq: Path) -> dict[str, int]:
    """Copy the tables HubSpot lacks to both folders with their ids rewritten; returns
    {file name: rows written}."""
    written: dict[str, int] = {}
    for table, id_columns in _PASSED_THROUGH.items():
        path = src / f"{table}.csv"
        if not path.exists():
            continue
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            columns = list(reader.fieldnames or [])
            rows = [dict(r) for r in reader]
        for row in rows:
            for column, space in id_columns.items():
                if row.get(column) not in (None, ""):
                    row[column] = x.ids.get(space, row[column]) if _clean(row[column]) else row[column]
        written[f"{table}.csv"] = _write(out / f"{table}.csv", columns, rows)
        _write(eq / f"{table}.csv", columns, rows)
    return written


# engagements -------------------------------------------------------------------------------------------
_ENGAGEMENT_KINDS = {  # contract activity type -> engagement type (others are tasks)
    "call": "CALL",
    "email": "EMAIL",
    "note": "NOTE",
    "meeting": "MEETING",
    "demo": "MEETING",
    "onboarding": "MEETING",
    "event": "MEETING",
}
_ACTIVITY_LABELS = {v: k for k, v in ACTIVITY_TYPES.items()}
_CALL_CODES = {
    "completed": "COMPLETED",
    "scheduled": "QUEUED",
    "cancelled": "CANCELED",
    "no_show": "NO_ANSWER",
}
_EMAIL_CODES = {"completed": "SENT", "scheduled": "SCHEDULED", "cancelled": "FAILED", "no_show": "BOUNCED"}
_MEETING_CODES = {
    "completed": "COMPLETED",
    "scheduled": "SCHEDULED",
    "cancelled": "CANCELED",
    "no_show": "NO_SHOW",
}
_TASK_CODES = {"completed": "COMPLETED", "scheduled": "NOT_STARTED", "cancelled": "DEFERRED"}


def _engagements(x: _Export) -> None:
    """Engagements, one detail table per type, their associations, and the equivalent activities."""
    plain_contacts = {row["id"] for row in x.hs["contact"][1] if row["id"] not in x.lead_contact_ids}
    engagement, typed = [], {"CALL": [], "EMAIL": [], "MEETING": [], "NOTE": [], "TASK": []}
    links = {"contact": [], "company": [], "deal": []}
    for row in x.data["activities"]:
        eid = x.ids.get("engagement", row["activity_id"])
        kind = _ENGAGEMENT_KINDS.get(_norm(row["activity_type"]), "TASK")
        deleted = _bool(row["is_deleted"]) is True
        by_flag = deleted and x.rng.random() < 0.5
        engagement.append(
            {
                "id": eid,
                "type": kind,
                "owner_id": x.ids.get("owner", row["owner_id"]),
                "created_at": _fivetran_ts(row["created_at"]),
                "timestamp": _fivetran_ts(row["occurred_at"]),
                "last_updated": _fivetran_ts(row["updated_at"]),
                "active": _tf(not (deleted and not by_flag)),
                "portal_id": "4420117",
            }
        )
        detail = {"engagement_id": eid, "_fivetran_deleted": _tf(by_flag)}
        read_back = _ENGAGEMENT_DETAILS[kind](x.rng, row, detail)
        typed[kind].append(detail)
        lead, contact = x.ids.get("contact", row["lead_id"]), x.ids.get("contact", row["contact_id"])
        account, deal = x.ids.get("company", row["account_id"]), x.ids.get("deal", row["deal_id"])
        _link_engagement(links, eid, lead, contact, account, deal)
        x.equiv["activities"].append(
            {
                **read_back,
                "activity_id": eid,
                "owner_id": engagement[-1]["owner_id"],
                "lead_id": lead if lead in x.lead_contact_ids else None,
                "contact_id": contact if contact in plain_contacts else None,
                "account_id": account,
                "deal_id": deal,
                "created_at": engagement[-1]["created_at"],
                "occurred_at": engagement[-1]["timestamp"],
                "reply_sentiment": None,
                "is_deleted": _tf(deleted),
                "updated_at": engagement[-1]["last_updated"],
            }
        )
    x.hs["engagement"] = (
        ["id", "type", "owner_id", "created_at", "timestamp", "last_updated", "active", "portal_id"],
        engagement,
    )
    x.hs["engagements_calls"] = (
        [
            "engagement_id",
            "_fivetran_deleted",
            "property_hs_call_direction",
            "property_hs_call_status",
            "property_hs_call_duration",
        ],
        typed["CALL"],
    )
    x.hs["engagement_email"] = (
        ["engagement_id", "_fivetran_deleted", "property_hs_email_direction", "property_hs_email_status"],
        typed["EMAIL"],
    )
    x.hs["engagement_meeting"] = (
        [
            "engagement_id",
            "_fivetran_deleted",
            "property_hs_activity_type",
            "property_hs_meeting_outcome",
            "property_hs_meeting_start_time",
            "property_hs_meeting_end_time",
        ],
        typed["MEETING"],
    )
    x.hs["engagement_note"] = (["engagement_id", "_fivetran_deleted"], typed["NOTE"])
    x.hs["engagement_task"] = (
        [
            "engagement_id",
            "_fivetran_deleted",
            "property_hs_activity_type",
            "property_hs_task_status",
            "property_hs_task_type",
        ],
        typed["TASK"],
    )
    x.hs["engagement_contact"] = (["engagement_id", "contact_id"], links["contact"])
    x.hs["engagement_company"] = (["engagement_id", "company_id"], links["company"])
    x.hs["engagement_deal"] = (["engagement_id", "deal_id"], links["deal"])


def _link_engagement(links: dict[str, list[dict]], eid, lead, contact, account, deal) -> None:
    for cid in (lead, contact):
        if cid:
            links["contact"].append({"engagement_id": eid, "contact_id": cid})
    if account:
        links["company"].append({"engagement_id": eid, "company_id": account})
    if deal:
        links["deal"].append({"engagement_id": eid, "deal_id": deal})


# Each engagement type's detail: fill in the detail row's properties and return what the adapter reads
# back from them (the equivalent activity's type, status, direction and duration).
def _activity_fields(row: dict) -> tuple[str | None, str | None, str | None]:
    return _norm(row["activity_type"]), _norm(row["status"]), _norm(row["direction"])


def _read_back(atype, status, direction=None, duration=None) -> dict:
    return {"activity_type": atype, "status": status, "direction": direction, "duration_minutes": duration}


def _read_back_type(raw: str | None, default: str) -> str:
    """The activity type the adapter reads from hs_activity_type (meetings and tasks)."""
    return ACTIVITY_TYPES.get(raw.lower(), raw.lower()) if raw else default


def _call_detail(rng: random.Random, row: dict, detail: dict) -> dict:
    atype, status, direction = _activity_fields(row)
    detail["property_hs_call_direction"] = (direction or "").upper() or None
    detail["property_hs_call_status"] = _CALL_CODES.get(status, (status or "").upper() or None)
    detail["property_hs_call_duration"] = _times(_clean(row["duration_minutes"]), 60000)
    return _read_back(
        atype,
        CALL_STATUSES.get(detail["property_hs_call_status"], status),
        DIRECTIONS.get(detail["property_hs_call_direction"], direction),
        _unscale(detail["property_hs_call_duration"], 60000),
    )


def _email_detail(rng: random.Random, row: dict, detail: dict) -> dict:
    atype, status, direction = _activity_fields(row)
    detail["property_hs_email_direction"] = {"inbound": "INCOMING_EMAIL", "outbound": "EMAIL"}.get(
        direction, (direction or "").upper() or None
    )
    detail["property_hs_email_status"] = _EMAIL_CODES.get(status, (status or "").upper() or None)
    return _read_back(
        atype,
        EMAIL_STATUSES.get(detail["property_hs_email_status"], status),
        DIRECTIONS.get(detail["property_hs_email_direction"], direction),
    )


def _meeting_detail(rng: random.Random, row: dict, detail: dict) -> dict:
    atype, status, _ = _activity_fields(row)
    label = _ACTIVITY_LABELS.get(atype)
    detail["property_hs_activity_type"] = None if atype == "meeting" and rng.random() < 0.5 else label.title()
    detail["property_hs_meeting_outcome"] = _MEETING_CODES.get(status, (status or "").upper() or None)
    start = _fivetran_ts(_clean(row["occurred_at"]))
    detail["property_hs_meeting_start_time"] = start
    begun = parse_ts(start)
    minutes = _decimal(_clean(row["duration_minutes"]))
    duration = None
    if begun is not None and minutes is not None:
        end = begun + _dt.timedelta(seconds=float(minutes * 60))
        detail["property_hs_meeting_end_time"] = end.isoformat(" ") + "+00:00"
        duration = _plain(minutes)
    return _read_back(
        _read_back_type(detail["property_hs_activity_type"], "meeting"),
        MEETING_OUTCOMES.get(detail["property_hs_meeting_outcome"], status),
        None,
        duration,
    )


def _note_detail(rng: random.Random, row: dict, detail: dict) -> dict:
    return _read_back(_norm(row["activity_type"]), "completed")


def _task_detail(rng: random.Random, row: dict, detail: dict) -> dict:
    atype, status, _ = _activity_fields(row)
    label = _ACTIVITY_LABELS.get(atype, atype)
    detail["property_hs_activity_type"] = (
        None if atype == "follow_up" and rng.random() < 0.5 else (label.title() if label else None)
    )
    detail["property_hs_task_status"] = _TASK_CODES.get(status, (status or "").upper() or None)
    detail["property_hs_task_type"] = "TODO"
    return _read_back(
        _read_back_type(detail["property_hs_activity_type"], "follow_up"),
        TASK_STATUSES.get(detail["property_hs_task_status"], status),
    )


_ENGAGEMENT_DETAILS = {
    "CALL": _call_detail,
    "EMAIL": _email_detail,
    "MEETING": _meeting_detail,
    "NOTE": _note_detail,
    "TASK": _task_detail,
}


def _lead_status(lead_status: str | None, lifecycle: str | None) -> str:
    mapped = LEAD_STATUSES.get(lead_status or "")
    if mapped == "disqualified":
        return mapped
    return LIFECYCLE_STATUSES.get(lifecycle or "") or mapped or "working"


def _country_code(value: str | None) -> str | None:
    if value is None:
        return None
    code = COUNTRY_CODES.get(value.strip().lower())
    if code:
        return code
    return value.strip().upper() if len(value.strip()) == 2 else value


def _decimal(value: str | None) -> Decimal | None:
    if value is None or not re.match(r"^-?([0-9]+([.][0-9]+)?|[.][0-9]+)$", value):
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _times(value: str | None, factor: int) -> str | None:
    number = _decimal(value)
    return value if number is None else _plain(number * factor)


def _unscale(value: str | None, factor: int) -> str | None:
    number = _decimal(value)
    return value if number is None else _plain(number / factor)


def _percent(value: str | None) -> str | None:
    return _times(value, 100)


def _unpercent(value: str | None) -> str | None:
    return _unscale(value, 100)


def main(argv: list[str] | None = None) -> int:
    """salesdw crm-export hubspot --from DIR --to DIR --equivalent DIR [--seed N]"""
    parser = argparse.ArgumentParser(prog="salesdw crm-export hubspot", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--from", dest="source", required=True, help="contract folder (e.g. seeds/crm_sample/)"
    )
    parser.add_argument("--to", dest="out", required=True, help="folder for the HubSpot export")
    parser.add_argument("--equivalent", required=True, help="folder for the equivalent contract data")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    written = write_hubspot_export(args.source, args.out, args.equivalent, seed=args.seed)
    print(
        f"wrote {sum(written.values())} rows in {len(written)} files to {args.out}; "
        f"equivalent contract folder: {args.equivalent}"
    )
    return 0
