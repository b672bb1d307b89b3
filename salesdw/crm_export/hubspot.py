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
def write_hubspot_export(contract_dir, out_dir, equivalent_dir, seed: int = 11) -> dict[str, int]:
    """Write contract_dir as a HubSpot export to out_dir and its equivalent contract folder to
    equivalent_dir. Returns {file name: rows written} for the export."""
    src, out, eq = Path(contract_dir), Path(out_dir), Path(equivalent_dir)
    rng = random.Random(seed)
    ids = _Ids(random.Random(seed + 1))
    data = {t: _latest_versions(_read(src / f"{t}.csv"), t) for t in _COLUMNS}
    hs: dict[str, tuple[list[str], list[dict]]] = {}
    equiv: dict[str, list[dict]] = {t: [] for t in _COLUMNS}

    stage_flags = {}
    for row in data["pipeline_stages"]:
        stage_flags[(_clean(row["pipeline"]), _clean(row["stage"]))] = (
            _bool(row["is_closed"]),
            _bool(row["is_won"]),
        )

    # pipelines and stages --------------------------------------------------------------------------
    pipelines = sorted({p for p, _ in stage_flags})
    pipeline_ids = {p: ("default" if p == "default" else ids.get("pipeline", p)) for p in pipelines}
    stage_ids: dict[tuple, str] = {}
    for pipeline, stage in stage_flags:
        stage_ids[(pipeline, stage)] = (
            _DEFAULT_STAGE_IDS.get(stage) if pipeline == "default" else None
        ) or ids.get("stage", f"{pipeline}|{stage}")
    pipe_rows = [
        {
            "pipeline_id": pipeline_ids[p],
            "label": "Sales Pipeline" if p == "default" else p.title(),
            "display_order": i,
            "active": "true",
            "_fivetran_deleted": "false",
        }
        for i, p in enumerate(pipelines)
    ]
    old_pipeline = ids.new("pipeline")
    pipe_rows.append(
        {
            "pipeline_id": old_pipeline,
            "label": "Old pipeline",
            "display_order": len(pipelines),
            "active": "false",
            "_fivetran_deleted": "true",
        }
    )
    hs["deal_pipeline"] = (
        ["pipeline_id", "label", "display_order", "active", "_fivetran_deleted"],
        pipe_rows,
    )
    stage_rows = []
    for row in data["pipeline_stages"]:
        pipeline, stage = _clean(row["pipeline"]), _clean(row["stage"])
        closed, won = stage_flags[(pipeline, stage)]
        order = int(row["stage_order"]) - 1
        stage_rows.append(
            {
                "stage_id": stage_ids[(pipeline, stage)],
                "pipeline_id": pipeline_ids[pipeline],
                "label": stage,
                "display_order": order,
                "probability": row["probability"],
                "is_closed": _tf(closed),
                "active": "true",
                "_fivetran_deleted": "false",
            }
        )
        equiv["pipeline_stages"].append(
            {
                "pipeline": pipeline_ids[pipeline],
                "stage": stage,
                "stage_order": order + 1,
                "probability": row["probability"],
                "is_closed": _tf(closed),
                "is_won": _tf(bool(closed) and Decimal(row["probability"]) == 1),
            }
        )
    stage_rows.append(
        {
            "stage_id": ids.new("stage"),
            "pipeline_id": "default",
            "label": "legacy_stage",
            "display_order": 99,
            "probability": "0.5",
            "is_closed": "false",
            "active": "false",
            "_fivetran_deleted": "true",
        }
    )
    hs["deal_pipeline_stage"] = (
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
    stage_of = {}  # stage id -> label, closed, won (won = closed and probability 1)
    for row in stage_rows:
        if row["_fivetran_deleted"] == "false":
            closed = row["is_closed"] == "true"
            stage_of[row["stage_id"]] = (row["label"], closed, closed and Decimal(row["probability"]) == 1)

    # teams, roles, owners ---------------------------------------------------------------------------
    team_rows = []
    for row in data["teams"]:
        name = _clean(row["team_name"])
        team_rows.append(
            {
                "id": ids.get("team", row["team_id"]),
                "name": name,
                "_fivetran_deleted": "false",
                "_fivetran_synced": _fivetran_ts(row["updated_at"]),
            }
        )
        region = next((r for k, r in TEAM_REGIONS.items() if name and k in name.lower()), None)
        equiv["teams"].append(
            {
                "team_id": ids.get("team", row["team_id"]),
                "team_name": name,
                "region": region,
                "updated_at": _fivetran_ts(row["updated_at"]),
            }
        )
    hs["team"] = (["id", "name", "_fivetran_deleted", "_fivetran_synced"], team_rows)

    deal_owners = {_clean(d["owner_id"]) for d in data["deals"]}
    role_ids: dict[str, str] = {}
    owner_rows, user_rows, owner_team_rows, owner_email = [], [], [], {}
    team_list = [t["id"] for t in team_rows]
    for row in data["users"]:
        uid = _clean(row["user_id"])
        owner_id, hub_user = ids.get("owner", uid), ids.get("user", uid)
        role = _norm(row["role"])
        role_name = ROLE_NAMES.get(role, (role or "").title() or None)
        if role_name is not None and role_name not in role_ids:
            role_ids[role_name] = ids.get("role", role_name)
        name = _clean(row["full_name"]) or ""
        first, _, last = name.partition(" ")
        terminated = _clean(row["terminated_at"])
        hired = _clean(row["hired_at"])
        updated = f"{terminated}T00:00:00Z" if terminated else row["updated_at"]
        owner_rows.append(
            {
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
        )
        owner_email[uid] = _clean(row["email"])
        user_rows.append(
            {
                "id": hub_user,
                "email": _clean(row["email"]),
                "role_id": role_ids.get(role_name) if role_name else None,
            }
        )
        team = ids.get("team", row["team_id"])
        if team:
            owner_team_rows.append(
                {
                    "owner_id": owner_id,
                    "team_id": team,
                    "is_team_primary": "true",
                    "_fivetran_deleted": "false",
                }
            )
            if rng.random() < 0.15:  # an old primary team, soft-deleted, and a secondary team
                other = rng.choice([t for t in team_list if t != team] or [team])
                if other != team:
                    owner_team_rows.append(
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
                    owner_team_rows.append(
                        {
                            "owner_id": owner_id,
                            "team_id": other,
                            "is_team_primary": "false",
                            "_fivetran_deleted": "false",
                        }
                    )
        mapped = ROLES.get(role_name.lower()) if role_name else None
        mapped = mapped or ("rep" if uid in deal_owners else "other")
        equiv["users"].append(
            {
                "user_id": owner_id,
                "full_name": (f"{first} {last}".strip() or None),
                "email": _clean(row["email"]),
                "role": mapped,
                "team_id": team,
                "manager_id": None,
                "hired_at": _date_part(owner_rows[-1]["created_at"]),
                "terminated_at": _date_part(owner_rows[-1]["updated_at"]) if terminated else None,
                "updated_at": owner_rows[-1]["updated_at"],
            }
        )
    queue = ids.new("owner")
    owner_rows.append(
        {
            "owner_id": queue,
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
    )
    hs["owner"] = (
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
    hs["users"] = (["id", "email", "role_id"], user_rows)
    hs["role"] = (["id", "name"], [{"id": v, "name": k} for k, v in role_ids.items()])
    hs["owner_team"] = (["owner_id", "team_id", "is_team_primary", "_fivetran_deleted"], owner_team_rows)
    person_owner_by_email: dict[str, str] = {}  # the smallest owner id of an email (emails may repeat)
    for owner in sorted(owner_rows, key=lambda r: (len(r["owner_id"]), r["owner_id"]), reverse=True):
        if owner["type"] == "PERSON" and owner["email"]:
            person_owner_by_email[owner["email"].lower()] = owner["owner_id"]
    person_owner_by_user = {
        r["active_user_id"]: r["owner_id"]
        for r in owner_rows
        if r["active_user_id"] and r["type"] == "PERSON"
    }

    # companies -----------------------------------------------------------------------------------
    company_rows = []
    for row in data["accounts"]:
        segment = _norm(row["segment"])
        employees = {
            "smb": rng.randint(5, MID_MARKET_MIN_EMPLOYEES - 1),
            "mid_market": rng.randint(MID_MARKET_MIN_EMPLOYEES, ENTERPRISE_MIN_EMPLOYEES - 1),
            "enterprise": rng.randint(ENTERPRISE_MIN_EMPLOYEES, 40000),
        }.get(segment)
        code = _clean(row["country"])
        country = COUNTRY_NAMES.get(code, code) if code else None
        deleted = _bool(row["is_deleted"]) is True
        use_flag = rng.random() < 0.5
        company_rows.append(
            {
                "id": ids.get("company", row["account_id"]),
                "is_deleted": _tf(deleted and use_flag),
                "_fivetran_deleted": _tf(deleted and not use_flag),
                "properties_name": _clean(row["account_name"]),
                "properties_industry": _clean(row["industry"]),
                "properties_numberofemployees": employees,
                "properties_country": country,
                "properties_hubspot_owner_id": ids.get("owner", row["owner_id"]),
                "properties_createdate": _fivetran_ts(row["created_at"]),
                "properties_hs_lastmodifieddate": _fivetran_ts(row["updated_at"]),
            }
        )
        if employees is None:
            seg_out = None
        elif employees >= ENTERPRISE_MIN_EMPLOYEES:
            seg_out = "enterprise"
        elif employees >= MID_MARKET_MIN_EMPLOYEES:
            seg_out = "mid_market"
        else:
            seg_out = "smb"
        iso = _country_code(country)
        equiv["accounts"].append(
            {
                "account_id": company_rows[-1]["id"],
                "account_name": _clean(row["account_name"]),
                "industry": _clean(row["industry"]),
                "segment": seg_out,
                "country": iso,
                "region": COUNTRY_REGIONS.get(iso) if iso else None,
                "owner_id": company_rows[-1]["properties_hubspot_owner_id"],
                "created_at": company_rows[-1]["properties_createdate"],
                "is_deleted": _tf(deleted),
                "updated_at": company_rows[-1]["properties_hs_lastmodifieddate"],
            }
        )
    # Airbyte's table name and property spelling (the loader reads both).
    hs["companies"] = (
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

    # contacts and leads: one contact object -----------------------------------------------------------
    contact_cols = [
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
    contact_rows = []
    for row in data["contacts"]:
        contact_rows.append(
            {
                "id": ids.get("contact", row["contact_id"]),
                "_fivetran_deleted": _tf(_bool(row["is_deleted"]) is True),
                "property_firstname": _clean(row["first_name"]),
                "property_lastname": _clean(row["last_name"]),
                "property_email": _clean(row["email"]),
                "property_phone": _clean(row["phone"]),
                "property_jobtitle": _clean(row["title"]),
                "property_associatedcompanyid": ids.get("company", row["account_id"]),
                "property_lifecyclestage": rng.choice(
                    ("customer", "opportunity", "salesqualifiedlead", None)
                ),
                "property_createdate": _fivetran_ts(row["created_at"]),
                "property_lastmodifieddate": _fivetran_ts(row["updated_at"]),
            }
        )
        equiv["contacts"].append(
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
    source_codes = {
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
    status_props = {
        "new": ("NEW", "lead"),
        "working": ("IN_PROGRESS", "lead"),
        "mql": ("OPEN", "marketingqualifiedlead"),
        "sql": ("OPEN", "salesqualifiedlead"),
        "converted": ("CONNECTED", "opportunity"),
        "disqualified": ("UNQUALIFIED", None),
    }
    lead_contact_ids = set()
    lead_rows_by_id = {}
    for row in data["leads"]:
        status = _norm(row["status"])
        lead_status, lifecycle = status_props.get(status, ((status or "").upper() or "OPEN", "lead"))
        if status == "converted" and rng.random() < 0.3:
            lifecycle = "customer"
        if status == "disqualified":
            lifecycle = "marketingqualifiedlead" if _clean(row["mql_at"]) else "lead"
        source = _norm(row["lead_source"])
        codes = source_codes.get(source, ((source or "").upper() or None,))
        code = rng.choice(codes)
        cid = ids.get("contact", row["lead_id"])
        lead_contact_ids.add(cid)
        country_code = _clean(row["country"])
        country = COUNTRY_NAMES.get(country_code, country_code) if country_code else None
        contact_rows.append(
            {
                "id": cid,
                "_fivetran_deleted": _tf(_bool(row["is_deleted"]) is True),
                "property_email": _clean(row["email"]),
                "property_company": _clean(row["company_name"]),
                "property_country": country,
                "property_hubspot_owner_id": ids.get("owner", row["owner_id"]),
                "property_associatedcompanyid": ids.get("company", row["converted_account_id"]),
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
        hs_row = contact_rows[-1]
        iso = _country_code(country)
        lead_rows_by_id[cid] = {
            "lead_id": cid,
            "created_at": hs_row["property_createdate"],
            "lead_source": LEAD_SOURCES.get(code, code.lower() if code else None),
            "campaign_id": hs_row["property_hs_analytics_first_touch_converting_campaign"],
            "owner_id": hs_row["property_hubspot_owner_id"],
            "company_name": hs_row["property_company"],
            "email": hs_row["property_email"],
            "country": iso,
            "region": COUNTRY_REGIONS.get(iso) if iso else None,
            "status": _lead_status(lead_status, lifecycle),
            "mql_at": hs_row["property_hs_lifecyclestage_marketingqualifiedlead_date"],
            "sql_at": hs_row["property_hs_lifecyclestage_salesqualifiedlead_date"],
            "converted_at": hs_row["property_hs_lifecyclestage_opportunity_date"],
            "converted_account_id": hs_row["property_associatedcompanyid"],
            "converted_deal_id": None,
            "is_deleted": hs_row["_fivetran_deleted"],
            "updated_at": hs_row["property_lastmodifieddate"],
        }
    hs["contact"] = (contact_cols, contact_rows)
    contacts_of_account: dict[str, list[str]] = {}
    for row in data["contacts"]:
        if _bool(row["is_deleted"]) is not True and _clean(row["account_id"]):
            contacts_of_account.setdefault(_clean(row["account_id"]), []).append(
                ids.get("contact", row["contact_id"])
            )

    # deals ----------------------------------------------------------------------------------------
    deal_cols = [
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
    deal_rows, deal_company, deal_contact, merged = [], [], [], []
    deal_pipeline_of = {}
    type_codes = {v: k for k, v in DEAL_TYPES.items()}
    account_ids = [ids.get("company", a["account_id"]) for a in data["accounts"]]
    for row in data["deals"]:
        did = ids.get("deal", row["deal_id"])
        pipeline = _clean(row["pipeline"]) or "default"
        stage = _clean(row["stage"])
        deal_pipeline_of[_clean(row["deal_id"])] = pipeline
        stage_id = stage_ids.get((pipeline, stage), stage)
        label, closed, won = stage_of.get(stage_id, (None, None, None))
        closedate = _clean(row["closed_at"]) if closed else _clean(row["expected_close_date"])
        if closedate and not closed and _DATE.match(closedate):
            closedate = f"{closedate}T00:00:00Z"
        deal_type = _norm(row["deal_type"])
        currency = _clean(row["currency"])
        deleted = _bool(row["is_deleted"]) is True
        use_flag = rng.random() < 0.5
        deal_rows.append(
            {
                "deal_id": did,
                "portal_id": "4420117",
                "deal_pipeline_id": pipeline_ids.get(pipeline, pipeline),
                "deal_pipeline_stage_id": stage_id,
                "owner_id": ids.get("owner", row["owner_id"]),
                "is_deleted": _tf(deleted and use_flag),
                "_fivetran_deleted": _tf(deleted and not use_flag),
                "property_dealname": _clean(row["deal_name"]),
                "property_amount": _clean(row["amount"]),
                "property_deal_currency_code": None
                if currency == CORPORATE_CURRENCY and rng.random() < 0.5
                else currency,
                "property_createdate": _fivetran_ts(row["created_at"]),
                "property_closedate": _fivetran_ts(closedate),
                "property_dealtype": type_codes.get(deal_type, deal_type),
                "property_closed_lost_reason": _clean(row["lost_reason"]),
                "property_competitor": _clean(row["competitor"]),
                "property_hs_lastmodifieddate": _fivetran_ts(row["updated_at"]),
            }
        )
        account = ids.get("company", row["account_id"])
        if account:
            deal_company.append(
                {"deal_id": did, "company_id": account, "type_id": "5", "category": "HUBSPOT_DEFINED"}
            )
            if rng.random() < 0.05:
                other = rng.choice(account_ids)
                if other != account:
                    deal_company.append(
                        {"deal_id": did, "company_id": other, "type_id": "341", "category": "HUBSPOT_DEFINED"}
                    )
        lead = ids.get("contact", row["lead_id"])
        if lead:
            deal_contact.append({"deal_id": did, "contact_id": lead, "type_id": "3"})
        people = contacts_of_account.get(_clean(row["account_id"]) or "", [])
        if people and rng.random() < 0.3:
            deal_contact.append({"deal_id": did, "contact_id": rng.choice(people), "type_id": "3"})
        hs_row = deal_rows[-1]
        equiv["deals"].append(
            {
                "deal_id": did,
                "deal_name": hs_row["property_dealname"],
                "account_id": account,
                "owner_id": hs_row["owner_id"],
                "lead_id": lead if lead in lead_contact_ids else None,
                "pipeline": hs_row["deal_pipeline_id"],
                "deal_type": DEAL_TYPES.get(hs_row["property_dealtype"], hs_row["property_dealtype"]),
                "stage": label or stage_id,
                "amount": hs_row["property_amount"],
                "currency": hs_row["property_deal_currency_code"] or CORPORATE_CURRENCY,
                "created_at": hs_row["property_createdate"],
                "expected_close_date": None if closed else _date_part(hs_row["property_closedate"]),
                "closed_at": hs_row["property_closedate"] if closed else None,
                "is_closed": _tf(closed),
                "is_won": _tf(won),
                "lost_reason": hs_row["property_closed_lost_reason"],
                "competitor": hs_row["property_competitor"],
                "is_deleted": _tf(deleted),
                "updated_at": hs_row["property_hs_lastmodifieddate"],
            }
        )
        if lead and lead in lead_rows_by_id:
            current = lead_rows_by_id[lead]["converted_deal_id"]
            lead_rows_by_id[lead]["converted_deal_id"] = _pick_first([x for x in (current, did) if x])
    # merged deals: duplicates created in HubSpot and merged into the surviving deal
    survivors = [
        r for r in list(deal_rows) if r["is_deleted"] == "false" and r["_fivetran_deleted"] == "false"
    ]
    merged_history = []
    for survivor in rng.sample(survivors, min(len(survivors), max(2, len(survivors) // 100))):
        loser = dict(
            survivor, deal_id=ids.new("deal"), property_dealname=f"{survivor['property_dealname']} (2)"
        )
        deal_rows.append(loser)
        merged.append({"deal_id": survivor["deal_id"], "merged_deal_id": loser["deal_id"]})
        twin = next(e for e in equiv["deals"] if e["deal_id"] == survivor["deal_id"])
        equiv["deals"].append(
            dict(
                twin,
                deal_id=loser["deal_id"],
                deal_name=loser["property_dealname"],
                account_id=None,
                lead_id=None,
                is_deleted="true",
            )
        )
        merged_history.append((loser, twin))
    hs["deals"] = (deal_cols, deal_rows)  # Airbyte's table name
    hs["deal_company"] = (["deal_id", "company_id", "type_id", "category"], deal_company)
    hs["deal_contact"] = (["deal_id", "contact_id", "type_id"], deal_contact)
    hs["merged_deal"] = (["deal_id", "merged_deal_id"], merged)
    equiv["leads"] = list(lead_rows_by_id.values())

    # stage history: deal_stage, and deal_property_history for some deals ------------------------------
    history_by_deal: dict[str, list[dict]] = {}
    for row in data["deal_stage_history"]:
        history_by_deal.setdefault(_clean(row["deal_id"]), []).append(row)
    deal_stage_rows, property_rows = [], []
    for contract_deal, rows in history_by_deal.items():
        did = ids.get("deal", contract_deal)
        pipeline = deal_pipeline_of.get(contract_deal, "default")
        as_property = rng.random() < 0.15
        ordered = sorted(rows, key=lambda r: parse_ts(r["entered_at"]) or _dt.datetime.max)
        for position, row in enumerate(ordered):
            stage = _clean(row["stage"])
            value = stage_ids.get((pipeline, stage), stage)
            changed_by = _clean(row["changed_by"])
            source, source_id = "AUTOMATION_PLATFORM", None
            if changed_by:
                source = "CRM_UI"
                source_id = owner_email.get(changed_by) if rng.random() < 0.7 else None
                source_id = source_id or ids.get("user", changed_by)
            entered = _fivetran_ts(_clean(row["entered_at"]))
            if as_property:
                property_rows.append(
                    {
                        "deal_id": did,
                        "name": "dealstage",
                        "value": value,
                        "timestamp": entered,
                        "source": source,
                        "source_id": source_id,
                    }
                )
                if rng.random() < 0.5:
                    property_rows.append(
                        {
                            "deal_id": did,
                            "name": "amount",
                            "value": str(rng.randint(1, 90) * 500),
                            "timestamp": entered,
                            "source": "CRM_UI",
                            "source_id": source_id,
                        }
                    )
            else:
                stamp = parse_ts(entered)
                start = (
                    (stamp + _dt.timedelta(seconds=rng.randint(30, 600))).isoformat(" ") + "+00:00"
                    if stamp
                    else entered
                )
                deal_stage_rows.append(
                    {
                        "deal_id": did,
                        "value": value,
                        "date_entered": entered,
                        "source": source,
                        "source_id": source_id,
                        "_fivetran_start": start,
                        "_fivetran_active": _tf(position == len(ordered) - 1),
                    }
                )
            resolved = None
            if source == "CRM_UI" and source_id:
                resolved = person_owner_by_email.get(source_id.lower()) or person_owner_by_user.get(source_id)
            label = stage_of.get(value, (None,))[0]
            equiv["deal_stage_history"].append(
                {"deal_id": did, "stage": label or value, "entered_at": entered, "changed_by": resolved}
            )
    for loser, twin in merged_history:
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
        equiv["deal_stage_history"].append(
            {
                "deal_id": loser["deal_id"],
                "stage": twin["stage"],
                "entered_at": loser["property_createdate"],
                "changed_by": None,
            }
        )
    hs["deal_stage"] = (
        ["deal_id", "value", "date_entered", "source", "source_id", "_fivetran_start", "_fivetran_active"],
        deal_stage_rows,
    )
    hs["deal_property_history"] = (
        ["deal_id", "name", "value", "timestamp", "source", "source_id"],
        property_rows,
    )

    # products and line items ------------------------------------------------------------------------
    product_rows = []
    for row in data["products"]:
        product_rows.append(
            {
                "id": ids.get("product", row["product_id"]),
                "_fivetran_deleted": "false",
                "property_name": _clean(row["product_name"]),
                "property_price": _clean(row["list_price"]),
                "property_hs_cost_of_goods_sold": _clean(row["unit_cost"]),
                "property_product_family": _clean(row["product_family"]),
                "property_pricing_plan": _clean(row["pricing_plan"]),
                "property_hs_lastmodifieddate": _fivetran_ts(row["updated_at"]),
            }
        )
        equiv["products"].append(
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
    hs["product"] = (
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
    item_rows, item_deal = [], []
    for row in data["deal_line_items"]:
        lid = ids.get("line_item", row["line_item_id"])
        pct = _clean(row["discount_pct"])
        percent = _percent(pct)
        item_rows.append(
            {
                "id": lid,
                "_fivetran_deleted": "false",
                "property_hs_product_id": ids.get("product", row["product_id"]),
                "property_quantity": _clean(row["quantity"]),
                "property_price": _clean(row["unit_price"]),
                "property_hs_discount_percentage": percent,
                "property_hs_lastmodifieddate": _fivetran_ts(row["updated_at"]),
            }
        )
        deal = ids.get("deal", row["deal_id"])
        if deal:
            item_deal.append({"line_item_id": lid, "deal_id": deal})
        equiv["deal_line_items"].append(
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
    hs["line_item"] = (
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
    hs["line_item_deal"] = (["line_item_id", "deal_id"], item_deal)

    # engagements ------------------------------------------------------------------------------------
    plain_contacts = {row["id"] for row in contact_rows if row["id"] not in lead_contact_ids}
    _engagements(data["activities"], ids, rng, hs, equiv, lead_contact_ids, plain_contacts)

    # tables HubSpot lacks: contract format, HubSpot ids ----------------------------------------------
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
                    row[column] = ids.get(space, row[column]) if _clean(row[column]) else row[column]
        written[f"{table}.csv"] = _write(out / f"{table}.csv", columns, rows)
        _write(eq / f"{table}.csv", columns, rows)

    for name, (columns, rows) in hs.items():
        written[f"{name}.csv"] = _write(out / f"{name}.csv", columns, rows)
    for table, rows in equiv.items():
        _write(eq / f"{table}.csv", _COLUMNS[table], rows)
    return written


def _engagements(activities, ids, rng, hs, equiv, lead_contact_ids, plain_contacts) -> None:
    kinds = {
        "call": "CALL",
        "email": "EMAIL",
        "note": "NOTE",
        "meeting": "MEETING",
        "demo": "MEETING",
        "onboarding": "MEETING",
        "event": "MEETING",
    }
    labels = {v: k for k, v in ACTIVITY_TYPES.items()}
    call_codes = {
        "completed": "COMPLETED",
        "scheduled": "QUEUED",
        "cancelled": "CANCELED",
        "no_show": "NO_ANSWER",
    }
    email_codes = {"completed": "SENT", "scheduled": "SCHEDULED", "cancelled": "FAILED", "no_show": "BOUNCED"}
    meeting_codes = {
        "completed": "COMPLETED",
        "scheduled": "SCHEDULED",
        "cancelled": "CANCELED",
        "no_show": "NO_SHOW",
    }
    task_codes = {"completed": "COMPLETED", "scheduled": "NOT_STARTED", "cancelled": "DEFERRED"}
    engagement, typed = [], {"CALL": [], "EMAIL": [], "MEETING": [], "NOTE": [], "TASK": []}
    links = {"contact": [], "company": [], "deal": []}
    for row in activities:
        eid = ids.get("engagement", row["activity_id"])
        atype, status, direction = _norm(row["activity_type"]), _norm(row["status"]), _norm(row["direction"])
        kind = kinds.get(atype, "TASK")
        deleted = _bool(row["is_deleted"]) is True
        by_flag = deleted and rng.random() < 0.5
        engagement.append(
            {
                "id": eid,
                "type": kind,
                "owner_id": ids.get("owner", row["owner_id"]),
                "created_at": _fivetran_ts(row["created_at"]),
                "timestamp": _fivetran_ts(row["occurred_at"]),
                "last_updated": _fivetran_ts(row["updated_at"]),
                "active": _tf(not (deleted and not by_flag)),
                "portal_id": "4420117",
            }
        )
        detail = {"engagement_id": eid, "_fivetran_deleted": _tf(by_flag)}
        duration = _clean(row["duration_minutes"])
        out_type, out_status, out_direction, out_duration = atype, status, None, None
        if kind == "CALL":
            detail["property_hs_call_direction"] = (direction or "").upper() or None
            detail["property_hs_call_status"] = call_codes.get(status, (status or "").upper() or None)
            detail["property_hs_call_duration"] = _times(duration, 60000)
            out_status = CALL_STATUSES.get(detail["property_hs_call_status"], status)
            out_direction = DIRECTIONS.get(detail["property_hs_call_direction"], direction)
            out_duration = _unscale(detail["property_hs_call_duration"], 60000)
        elif kind == "EMAIL":
            detail["property_hs_email_direction"] = {"inbound": "INCOMING_EMAIL", "outbound": "EMAIL"}.get(
                direction, (direction or "").upper() or None
            )
            detail["property_hs_email_status"] = email_codes.get(status, (status or "").upper() or None)
            out_status = EMAIL_STATUSES.get(detail["property_hs_email_status"], status)
            out_direction = DIRECTIONS.get(detail["property_hs_email_direction"], direction)
        elif kind == "MEETING":
            label = labels.get(atype)
            detail["property_hs_activity_type"] = (
                None if atype == "meeting" and rng.random() < 0.5 else label.title()
            )
            detail["property_hs_meeting_outcome"] = meeting_codes.get(status, (status or "").upper() or None)
            start = _fivetran_ts(_clean(row["occurred_at"]))
            detail["property_hs_meeting_start_time"] = start
            begun = parse_ts(start)
            minutes = _decimal(duration)
            if begun is not None and minutes is not None:
                end = begun + _dt.timedelta(seconds=float(minutes * 60))
                detail["property_hs_meeting_end_time"] = end.isoformat(" ") + "+00:00"
                out_duration = _plain(minutes)
            out_status = MEETING_OUTCOMES.get(detail["property_hs_meeting_outcome"], status)
        elif kind == "TASK":
            label = labels.get(atype, atype)
            detail["property_hs_activity_type"] = (
                None if atype == "follow_up" and rng.random() < 0.5 else (label.title() if label else None)
            )
            detail["property_hs_task_status"] = task_codes.get(status, (status or "").upper() or None)
            detail["property_hs_task_type"] = "TODO"
            out_status = TASK_STATUSES.get(detail["property_hs_task_status"], status)
        else:
            out_status = "completed"
        if kind in ("MEETING", "TASK"):
            raw = detail["property_hs_activity_type"]
            out_type = (
                ACTIVITY_TYPES.get(raw.lower(), raw.lower())
                if raw
                else ("meeting" if kind == "MEETING" else "follow_up")
            )
        typed[kind].append(detail)
        lead, contact = ids.get("contact", row["lead_id"]), ids.get("contact", row["contact_id"])
        account, deal = ids.get("company", row["account_id"]), ids.get("deal", row["deal_id"])
        for cid in (lead, contact):
            if cid:
                links["contact"].append({"engagement_id": eid, "contact_id": cid})
        if account:
            links["company"].append({"engagement_id": eid, "company_id": account})
        if deal:
            links["deal"].append({"engagement_id": eid, "deal_id": deal})
        equiv["activities"].append(
            {
                "activity_id": eid,
                "activity_type": out_type,
                "direction": out_direction,
                "owner_id": engagement[-1]["owner_id"],
                "lead_id": lead if lead in lead_contact_ids else None,
                "contact_id": contact if contact in plain_contacts else None,
                "account_id": account,
                "deal_id": deal,
                "created_at": engagement[-1]["created_at"],
                "occurred_at": engagement[-1]["timestamp"],
                "status": out_status,
                "duration_minutes": out_duration,
                "reply_sentiment": None,
                "is_deleted": _tf(deleted),
                "updated_at": engagement[-1]["last_updated"],
            }
        )
    hs["engagement"] = (
        ["id", "type", "owner_id", "created_at", "timestamp", "last_updated", "active", "portal_id"],
        engagement,
    )
    hs["engagements_calls"] = (
        [
            "engagement_id",
            "_fivetran_deleted",
            "property_hs_call_direction",
            "property_hs_call_status",
            "property_hs_call_duration",
        ],
        typed["CALL"],
    )
    hs["engagement_email"] = (
        ["engagement_id", "_fivetran_deleted", "property_hs_email_direction", "property_hs_email_status"],
        typed["EMAIL"],
    )
    hs["engagement_meeting"] = (
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
    hs["engagement_note"] = (["engagement_id", "_fivetran_deleted"], typed["NOTE"])
    hs["engagement_task"] = (
        [
            "engagement_id",
            "_fivetran_deleted",
            "property_hs_activity_type",
            "property_hs_task_status",
            "property_hs_task_type",
        ],
        typed["TASK"],
    )
    hs["engagement_contact"] = (["engagement_id", "contact_id"], links["contact"])
    hs["engagement_company"] = (["engagement_id", "company_id"], links["company"])
    hs["engagement_deal"] = (["engagement_id", "deal_id"], links["deal"])


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
