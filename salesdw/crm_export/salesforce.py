"""The synthetic org of a contract folder, written as a Salesforce export (issue 11).

`write_salesforce_export(contract_dir, out_dir, equivalent_dir, seed=42)` reads a folder of
contract files (the sample in seeds/crm_sample/ or a generated one) and writes:

- out_dir: the org as Salesforce objects, the way Fivetran or a Salesforce export lands them:
  files named by API name (`Opportunity.csv`) or Fivetran table name (`opportunity_line_item.csv`),
  columns by API name (`StageName`) or snake_case (`stage_name`), 18-character ids with their key
  prefixes (`006` opportunity, `00Q` lead, ...), date-only close and conversion dates,
  OpportunityHistory rows for amount-only and close-date-only changes, deleted and merged
  records, dated conversion rates, a second price book, extra columns. The contract tables
  Salesforce has no object for (quotas, expenses, subscriptions, surveys, ...) are written in
  contract format, their ids translated to the Salesforce ids.
- equivalent_dir: the contract folder the export is exactly equivalent to: what Salesforce can
  represent of the input, read by the adapter's default rules (models/crm_adapters/salesforce/).

What Salesforce cannot hold is left out of both: a row the contract's record rules would
quarantine (an unparseable value, a missing key, a value outside its set), superseded and
conflicting versions (Salesforce keeps one row per record). What the adapter reads lossily is
written to equivalent_dir as the adapter reads it: `closed_at` is the close date at 00:00 UTC
(the creation time when the deal was created that day), `converted_at` likewise,
`expected_close_date` only for open deals, a task's `occurred_at` its due date unless completed,
a deal's `lead_id` the lead converted into it, regions from the country (and team name) maps,
pipeline stages from OpportunityStage, rates as 1 / ConversionRate.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import re
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from salesdw.contract import PROJECT_DIR, load_contract
from salesdw.contract_macro import contract_tables

SF_TABLES = (
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
    "campaigns",
    "fx_rates",
)
# Contract tables written as they are (ids translated): column -> kind of id.
PASS_THROUGH_IDS = {
    "subscription_periods": {"account_id": "account", "product_id": "product"},
    "expenses": {"campaign_id": "campaign"},
    "quotas": {"user_id": "user"},
    "commission_plans": {"user_id": "user"},
    "customer_surveys": {"account_id": "account", "contact_id": "contact"},
    "rep_surveys": {"user_id": "user"},
    "rep_time_entries": {"user_id": "user"},
    "product_active_users": {"account_id": "account"},
    "competitor_prices": {},
    "market_size": {},
}
KEY_PREFIX = {
    "user": "005",
    "team": "00E",
    "account": "001",
    "contact": "003",
    "lead": "00Q",
    "deal": "006",
    "history": "008",
    "line_item": "00k",
    "product": "01t",
    "pricebook": "01s",
    "pricebook_entry": "01u",
    "task": "00T",
    "event": "00U",
    "stage": "01J",
    "rate": "04w",
    "campaign": "701",
    "campaign_member": "00v",
    "record_type": "012",
}
BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
EVENT_TYPES = ("meeting", "demo", "onboarding", "event")
MAX_AMOUNT = Decimal("1e12")


# ---------------------------------------------------------------------------------------------
# Salesforce ids


def salesforce_id(prefix: str, number: int, instance: str = "8d") -> str:
    """An 18-character Salesforce id: key prefix, instance, base-62 counter, case checksum."""
    digits = ""
    for _ in range(10):
        number, rest = divmod(number, 62)
        digits = BASE62[rest] + digits
    return to_18(prefix + instance + digits)


def to_18(short: str) -> str:
    """The 18-character form of a 15-character id: a suffix of 3 characters, each encoding which
    of 5 characters of the id are upper case (Salesforce's case-insensitive id)."""
    suffix = ""
    for chunk in range(3):
        bits = sum(1 << i for i, char in enumerate(short[chunk * 5 : chunk * 5 + 5]) if char.isupper())
        suffix += "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"[bits]
    return short + suffix


class IdMap:
    """Contract id -> Salesforce id, per kind of record, assigned in order of first use."""

    def __init__(self, seed: int):
        self.ids: dict[tuple[str, str], str] = {}
        self.counters: dict[str, int] = {}
        self.start = 1000 + seed * 7919

    def __call__(self, kind: str, value: str | None) -> str | None:
        if value is None:
            return None
        key = (kind, value)
        if key not in self.ids:
            number = self.counters.get(kind, self.start) + 1
            self.counters[kind] = number
            self.ids[key] = salesforce_id(KEY_PREFIX[kind], number)
        return self.ids[key]

    def new(self, kind: str) -> str:
        number = self.counters.get(kind, self.start) + 1
        self.counters[kind] = number
        return salesforce_id(KEY_PREFIX[kind], number)


# ---------------------------------------------------------------------------------------------
# The contract's record rules, as staging applies them (macros/staging/crm_record_rules.sql)

_TS_OFFSET = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?"
    r"(Z|z|[+-]\d{2}(?::?\d{2})?)$"
)
_TS_NAIVE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECIMAL = re.compile(r"^-?([0-9]+([.][0-9]+)?|[.][0-9]+)$")
_INTEGER = re.compile(r"^[+-]?[0-9]{1,9}$")
_BAD = object()  # a present value that does not parse


def parse_timestamp(text: str):
    match = _TS_OFFSET.match(text) or _TS_NAIVE.match(text)
    if not match:
        return _BAD
    year, month, day, hour, minute, second, fraction = match.groups()[:7]
    try:
        value = dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            int((fraction or "0")[:6].ljust(6, "0")),
        )
    except ValueError:
        return _BAD
    offset = match.group(8) if match.re is _TS_OFFSET else None
    if offset and offset.upper() != "Z":
        sign = 1 if offset[0] == "+" else -1
        body = offset[1:].replace(":", "")
        minutes = int(body[:2]) * 60 + (int(body[2:4]) if len(body) > 2 else 0)
        value -= sign * dt.timedelta(minutes=minutes)
    return value


def parse_value(kind: str, text: str):
    if kind in ("key", "text"):
        return text
    if kind == "enum":
        return text.lower()
    if kind == "currency":
        return text.upper() if re.match(r"^[A-Za-z]{3}$", text) else _BAD
    if kind == "timestamp":
        return parse_timestamp(text)
    if kind == "date":
        try:
            return dt.date.fromisoformat(text) if _DATE.match(text) else _BAD
        except ValueError:
            return _BAD
    if kind == "boolean":
        low = text.lower()
        return True if low in ("true", "1") else False if low in ("false", "0") else _BAD
    if kind == "integer":
        return int(text) if _INTEGER.match(text) else _BAD
    if not _DECIMAL.match(text):
        return _BAD
    try:
        return Decimal(text)
    except InvalidOperation:
        return _BAD


def column_specs(table: str) -> tuple[list[dict], list[str], str | None]:
    """The columns (name, type, rename, values, required), primary key and version column (both
    by output name) of a contract table, as the record rules read them: the contract's `meta`
    (models/staging/crm/_crm__sources.yml, through salesdw.contract_macro)."""
    entry = contract_tables()[table]
    specs = []
    for column in entry["columns"]:
        spec = {"name": column["name"], "type": column["type"]}
        if column["rename"] != column["name"]:
            spec["rename"] = column["rename"]
        spec["values"] = column["values"] or None
        spec["required"] = column["required"]
        specs.append(spec)
    renamed = {column["name"]: column["rename"] for column in entry["columns"]}
    version_by = entry["version_by"]
    primary_key = [renamed.get(key, key) for key in entry["primary_key"]]
    return specs, primary_key, renamed.get(version_by, version_by) if version_by else None


def clean_rows(table: str, rows: list[dict]) -> list[dict]:
    """The current version of every record staging keeps (deleted ones included), typed, keyed
    by the contract's column names: the rows the record rules would quarantine, superseded
    versions and conflicting ones are left out, as Salesforce holds one row per record."""
    specs, primary_key, version_by = column_specs(table)
    renamed = {s.get("rename", s["name"]): s["name"] for s in specs}
    primary_key = [renamed.get(k, k) for k in primary_key]
    version_by = renamed.get(version_by, version_by) if version_by else None
    valid = []
    for index, row in enumerate(rows):
        record, ok = {}, True
        for spec in specs:
            raw = (row.get(spec["name"]) or "").strip() or None
            value = None if raw is None else parse_value(spec["type"], raw)
            kind = spec["type"]
            if value is _BAD:
                ok = False
            elif value is None:
                ok = ok and not (spec["required"] or spec["name"] in primary_key)
            elif kind == "enum" and value not in spec["values"]:
                ok = False
            elif kind in ("money", "amount") and (value < 0 or (kind == "money" and value > MAX_AMOUNT)):
                ok = False
            elif kind == "ratio" and not 0 <= value <= 1:
                ok = False
            record[spec["name"]] = value
        ok = ok and not _fails_check(table, record)
        if ok:
            record["_index"] = index
            valid.append(record)
    groups: dict[tuple, list[dict]] = {}
    for record in valid:
        groups.setdefault(tuple(record[k] for k in primary_key), []).append(record)
    current = []
    for versions in groups.values():
        by_version: dict[object, set] = {}
        for record in versions:
            marker = record.get(version_by) if version_by else None
            by_version.setdefault(marker, set()).add(_values(record))
        kept = [r for r in versions if len(by_version[r.get(version_by) if version_by else None]) == 1]
        if kept:
            kept.sort(
                key=lambda r: (
                    r.get(version_by) is None,
                    _neg(r.get(version_by)) if version_by else 0,
                    r["_index"],
                )
            )
            current.append(kept[0])
    current.sort(key=lambda r: r["_index"])
    return current


def _values(record: dict) -> tuple:
    return tuple(str(v) for k, v in sorted(record.items()) if k != "_index")


def _neg(value):
    return -(value - dt.datetime(1, 1, 1)).total_seconds() if value is not None else 0


def _fails_check(table: str, record: dict) -> bool:
    pairs = {
        "deals": ("created_at", "closed_at"),
        "users": ("hired_at", "terminated_at"),
        "campaigns": ("started_at", "ended_at"),
    }
    if table not in pairs:
        return False
    start, end = (record.get(c) for c in pairs[table])
    return start is not None and end is not None and end < start


# ---------------------------------------------------------------------------------------------
# Formatting


def sf_ts(value: dt.datetime | None) -> str:
    """Salesforce's API format: 2024-09-04T08:38:07.000+0000."""
    if value is None:
        return ""
    fraction = (
        f"{value.microsecond // 1000:03d}" if value.microsecond % 1000 == 0 else f"{value.microsecond:06d}"
    )
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + fraction + "+0000"


def fivetran_ts(value: dt.datetime | None) -> str:
    """As a warehouse writes a Fivetran timestamp column to CSV: 2024-09-04 08:38:07.000000+00:00."""
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M:%S.%f+00:00")


def iso(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        text = value.strftime("%Y-%m-%dT%H:%M:%S")
        if value.microsecond:
            text += f".{value.microsecond:06d}".rstrip("0")
        return text + "Z"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return plain(value)
    return str(value)


def plain(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def boolean(value) -> str:
    return "" if value is None else ("true" if value else "false")


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)


def date_to_timestamp(day: dt.date | None, created: dt.datetime | None) -> dt.datetime | None:
    """The adapter's reading of a date-only Salesforce date: 00:00 UTC of the day, or the
    creation time when the record was created that same day."""
    if day is None:
        return None
    if created is not None and created.date() == day:
        return created
    return midnight(day)


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])


def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def project_vars() -> dict:
    """The adapter's defaults (dbt vars salesforce_*), read from dbt_project.yml."""
    spec = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return {k: v for k, v in spec["vars"].items() if k.startswith("salesforce_")}


def inverse(mapping: dict[str, str]) -> dict[str, str]:
    """Contract value -> the first Salesforce value the map reads as it."""
    result: dict[str, str] = {}
    for source, target in mapping.items():
        result.setdefault(str(target), str(source))
    return result


# ---------------------------------------------------------------------------------------------
# The export


class Export:
    def __init__(self, contract_dir: Path, seed: int, as_of: dt.date):
        self.contract_dir = contract_dir
        self.cutoff = midnight(as_of + dt.timedelta(days=1))
        self.rng = random.Random(seed)
        self.ids = IdMap(seed)
        self.vars = project_vars()
        self.vars["salesforce_corporate_currency"] = (
            str(self.vars["salesforce_corporate_currency"] or "").strip().upper()
            or os.environ.get("CRM_FX_BASE", "USD").strip().upper()
        )
        self.sf: dict[str, tuple[list[str], list[list]]] = {}  # file name -> header, rows
        self.equivalent: dict[str, list[dict]] = {}  # contract table -> records
        self.contract = load_contract()
        self.tables: dict[str, list[dict]] = {}
        for table in SF_TABLES:
            path = contract_dir / f"{table}.csv"
            rows = read_csv(path)[1] if path.is_file() else []
            self.tables[table] = clean_rows(table, rows)

    def id(self, kind: str, value) -> str | None:
        return self.ids(kind, value)

    def emit(self, name: str, header: list[str], rows: list[list]) -> None:
        self.sf[name] = (header, rows)

    def keep(self, table: str, records: list[dict]) -> None:
        self.equivalent[table] = records

    # -- users and teams -----------------------------------------------------------------------

    def users_and_teams(self) -> None:
        keywords = [(str(k).lower(), str(v)) for k, v in self.vars["salesforce_team_region_keywords"]]
        teams, role_rows = [], []
        for team in self.tables["teams"]:
            role_id = self.id("team", team["team_id"])
            region = next((r for k, r in keywords if k in (team["team_name"] or "").lower()), None)
            teams.append(
                {
                    "team_id": role_id,
                    "team_name": team["team_name"],
                    "region": region,
                    "updated_at": team["updated_at"],
                }
            )
            role_rows.append(
                [
                    role_id,
                    team["team_name"],
                    None,
                    team["team_name"],
                    fivetran_ts(team["updated_at"]),
                    "false",
                    fivetran_ts(team["updated_at"]),
                ]
            )
        self.emit(
            "user_role.csv",
            [
                "id",
                "name",
                "parent_role_id",
                "rollup_description",
                "last_modified_date",
                "_fivetran_deleted",
                "_fivetran_synced",
            ],
            role_rows,
        )
        self.keep("teams", teams)

        titles = inverse(self.vars["salesforce_user_role_by_title"])
        users, user_rows = [], []
        for user in self.tables["users"]:
            user_id = self.id("user", user["user_id"])
            name = user["full_name"] or ""
            first, _, last = name.partition(" ")
            hired, terminated = user["hired_at"], user["terminated_at"]
            created = dt.datetime.combine(hired, dt.time(9, 0)) if hired else None
            updated = user["updated_at"]
            modified = dt.datetime.combine(terminated, dt.time(17, 30)) if terminated else updated
            stamp = max(v for v in (updated, modified) if v is not None) if (updated or modified) else None
            title = titles.get(user["role"]) if user["role"] else None
            users.append(
                {
                    "user_id": user_id,
                    "full_name": name or None,
                    "email": user["email"],
                    "role": user["role"] if title else self.vars["salesforce_user_role_default"],
                    "team_id": self.id("team", user["team_id"]),
                    "manager_id": self.id("user", user["manager_id"]),
                    "hired_at": hired,
                    "terminated_at": terminated,
                    "updated_at": stamp,
                }
            )
            user_rows.append(
                [
                    user_id,
                    name,
                    first,
                    last,
                    user["email"],
                    (user["email"] or "") + ".sfdc",
                    title,
                    self.id("team", user["team_id"]),
                    self.id("user", user["manager_id"]),
                    boolean(terminated is None),
                    sf_ts(created),
                    sf_ts(modified),
                    sf_ts(stamp),
                    "America/Los_Angeles",
                    "en_US",
                ]
            )
        self.emit(
            "User.csv",
            [
                "Id",
                "Name",
                "FirstName",
                "LastName",
                "Email",
                "Username",
                "Title",
                "UserRoleId",
                "ManagerId",
                "IsActive",
                "CreatedDate",
                "LastModifiedDate",
                "SystemModstamp",
                "TimeZoneSidKey",
                "LocaleSidKey",
            ],
            user_rows,
        )
        self.keep("users", users)

    # -- accounts and contacts -----------------------------------------------------------------

    def region(self, country: str | None) -> str | None:
        return self.vars["salesforce_region_by_country"].get(country) if country else None

    def accounts(self) -> None:
        bands = self.vars["salesforce_segment_employee_bands"]
        employees = {
            "smb": max(1, int(bands["mid_market"]) // 4),
            "mid_market": (int(bands["mid_market"]) + int(bands["enterprise"])) // 2,
            "enterprise": int(bands["enterprise"]) * 3,
        }
        accounts, rows = [], []
        for index, account in enumerate(self.tables["accounts"]):
            account_id = self.id("account", account["account_id"])
            segment = account["segment"]
            count = employees[segment] + self.rng.randint(0, 9) if segment else None
            accounts.append({**self._account(account, account_id), "segment": segment})
            rows.append(self._account_row(account, account_id, count, None))
            if index % 40 == 7:  # a duplicate merged into this account (the loser is deleted)
                loser = self.ids.new("account")
                deleted = index % 80 == 7  # else only MasterRecordId marks it
                accounts.append({**self._account(account, loser), "segment": segment, "is_deleted": True})
                rows.append(self._account_row(account, loser, count, account_id, deleted))
        self.emit(
            "Account.csv",
            [
                "Id",
                "Name",
                "Industry",
                "NumberOfEmployees",
                "BillingCountry",
                "BillingCountryCode",
                "OwnerId",
                "CreatedDate",
                "IsDeleted",
                "MasterRecordId",
                "LastModifiedDate",
                "SystemModstamp",
                "Type",
                "AnnualRevenue",
                "Website",
            ],
            rows,
        )
        self.keep("accounts", accounts)

    def _account(self, account: dict, account_id: str) -> dict:
        return {
            "account_id": account_id,
            "account_name": account["account_name"],
            "industry": account["industry"],
            "country": account["country"],
            "region": self.region(account["country"]),
            "owner_id": self.id("user", account["owner_id"]),
            "created_at": account["created_at"],
            "is_deleted": bool(account["is_deleted"]),
            "updated_at": account["updated_at"],
        }

    def _account_row(self, account, account_id, count, master, deleted=None) -> list:
        is_deleted = account["is_deleted"] if deleted is None else deleted
        return [
            account_id,
            account["account_name"],
            account["industry"],
            count,
            None,
            account["country"],
            self.id("user", account["owner_id"]),
            sf_ts(account["created_at"]),
            boolean(bool(is_deleted)),
            master,
            sf_ts(account["updated_at"]),
            sf_ts(account["updated_at"]),
            "Customer - Direct",
            None,
            None,
        ]

    def contacts(self) -> None:
        contacts, rows = [], []
        for index, contact in enumerate(self.tables["contacts"]):
            contact_id = self.id("contact", contact["contact_id"])
            ids = [(contact_id, None, contact["is_deleted"])]
            if index % 50 == 3:
                ids.append((self.ids.new("contact"), contact_id, index % 100 == 3))
            for record_id, master, deleted in ids:
                contacts.append(
                    {
                        "contact_id": record_id,
                        "account_id": self.id("account", contact["account_id"]),
                        "first_name": contact["first_name"],
                        "last_name": contact["last_name"],
                        "email": contact["email"],
                        "phone": contact["phone"],
                        "title": contact["title"],
                        "created_at": contact["created_at"],
                        "is_deleted": bool(deleted) or master is not None,
                        "updated_at": contact["updated_at"],
                    }
                )
                rows.append(
                    [
                        record_id,
                        self.id("account", contact["account_id"]),
                        contact["first_name"],
                        contact["last_name"],
                        " ".join(filter(None, (contact["first_name"], contact["last_name"]))),
                        contact["email"],
                        contact["phone"],
                        None,
                        contact["title"],
                        fivetran_ts(contact["created_at"]),
                        boolean(bool(deleted)),
                        master,
                        fivetran_ts(contact["updated_at"]),
                        fivetran_ts(contact["updated_at"]),
                        fivetran_ts(contact["updated_at"]),
                    ]
                )
        self.emit(
            "contact.csv",
            [
                "id",
                "account_id",
                "first_name",
                "last_name",
                "name",
                "email",
                "phone",
                "mobile_phone",
                "title",
                "created_date",
                "is_deleted",
                "master_record_id",
                "last_modified_date",
                "system_modstamp",
                "_fivetran_synced",
            ],
            rows,
        )
        self.keep("contacts", contacts)

    # -- leads, campaigns ----------------------------------------------------------------------

    def campaigns(self) -> None:
        channels = inverse(self.vars["salesforce_campaign_channel_by_type"])
        campaigns, rows = [], []
        for campaign in self.tables["campaigns"]:
            campaign_id = self.id("campaign", campaign["campaign_id"])
            kind = channels.get(campaign["channel"]) if campaign["channel"] else None
            campaigns.append(
                {
                    "campaign_id": campaign_id,
                    "campaign_name": campaign["campaign_name"],
                    "channel": campaign["channel"] if kind else None,
                    "started_at": campaign["started_at"],
                    "ended_at": campaign["ended_at"],
                    "budget": campaign["budget"],
                    "currency": campaign["currency"],
                    "updated_at": campaign["updated_at"],
                }
            )
            rows.append(
                [
                    campaign_id,
                    campaign["campaign_name"],
                    kind,
                    iso(campaign["started_at"]),
                    iso(campaign["ended_at"]),
                    plain(campaign["budget"]),
                    campaign["currency"],
                    "false",
                    "Completed",
                    sf_ts(campaign["updated_at"]),
                    sf_ts(campaign["updated_at"]),
                ]
            )
        self.emit(
            "Campaign.csv",
            [
                "Id",
                "Name",
                "Type",
                "StartDate",
                "EndDate",
                "BudgetedCost",
                "CurrencyIsoCode",
                "IsDeleted",
                "Status",
                "LastModifiedDate",
                "SystemModstamp",
            ],
            rows,
        )
        self.keep("campaigns", campaigns)

    def leads(self) -> None:
        sources = inverse(self.vars["salesforce_lead_source_map"])
        statuses = inverse(self.vars["salesforce_lead_status_map"])
        leads, rows, members = [], [], []
        spare_campaigns = [c["campaign_id"] for c in self.equivalent.get("campaigns", [])]
        contacts = [c["contact_id"] for c in self.equivalent.get("contacts", [])]
        for index, lead in enumerate(self.tables["leads"]):
            lead_id = self.id("lead", lead["lead_id"])
            status = lead["status"]
            source = sources.get(lead["lead_source"]) if lead["lead_source"] else None
            created = lead["created_at"]
            converted_day = lead["converted_at"].date() if lead["converted_at"] else None
            campaign = self.id("campaign", lead["campaign_id"])
            record = {
                "lead_id": lead_id,
                "created_at": created,
                "lead_source": lead["lead_source"] if source else None,
                "campaign_id": campaign,
                "owner_id": self.id("user", lead["owner_id"]),
                "company_name": lead["company_name"],
                "email": lead["email"],
                "country": lead["country"],
                "region": self.region(lead["country"]),
                "status": status if (status == "converted" or (status and status in statuses)) else None,
                "mql_at": lead["mql_at"],
                "sql_at": lead["sql_at"],
                "converted_at": date_to_timestamp(converted_day, created),
                "converted_account_id": self.id("account", lead["converted_account_id"]),
                "converted_deal_id": self.id("deal", lead["converted_deal_id"]),
                "is_deleted": bool(lead["is_deleted"]),
                "updated_at": lead["updated_at"],
            }
            sf_status = statuses.get(status) if status else None
            masters = [(lead_id, None, lead["is_deleted"])]
            if index % 60 == 11:
                masters.append((self.ids.new("lead"), lead_id, index % 120 == 11))
            for record_id, master, deleted in masters:
                leads.append(
                    {
                        **record,
                        "lead_id": record_id,
                        "campaign_id": campaign if master is None else None,
                        "is_deleted": bool(deleted) or master is not None,
                    }
                )
                rows.append(
                    [
                        record_id,
                        sf_ts(created),
                        source,
                        self.id("user", lead["owner_id"]),
                        lead["company_name"],
                        lead["email"],
                        None,
                        lead["country"],
                        sf_status,
                        boolean(status == "converted"),
                        iso(converted_day),
                        self.id("account", lead["converted_account_id"]),
                        self.id("deal", lead["converted_deal_id"]),
                        None,
                        boolean(bool(deleted)),
                        master,
                        sf_ts(lead["updated_at"]),
                        sf_ts(lead["updated_at"]),
                        sf_ts(lead["mql_at"]),
                        sf_ts(lead["sql_at"]),
                        "Open",
                    ]
                )
            if campaign is not None:
                member_created = created or lead["updated_at"]
                members.append(
                    [
                        self.ids.new("campaign_member"),
                        campaign,
                        lead_id,
                        None,
                        fivetran_ts(member_created),
                        "Responded",
                        "false",
                    ]
                )
                if index % 10 == 4 and spare_campaigns and member_created is not None:
                    later = member_created + dt.timedelta(days=3, hours=2)
                    members.append(
                        [
                            self.ids.new("campaign_member"),
                            self.rng.choice(spare_campaigns),
                            lead_id,
                            None,
                            fivetran_ts(later),
                            "Sent",
                            "false",
                        ]
                    )
            if index % 25 == 9 and spare_campaigns and contacts:  # a contact member
                members.append(
                    [
                        self.ids.new("campaign_member"),
                        self.rng.choice(spare_campaigns),
                        None,
                        self.rng.choice(contacts),
                        fivetran_ts(created),
                        "Sent",
                        "false",
                    ]
                )
        self.emit(
            "Lead.csv",
            [
                "Id",
                "CreatedDate",
                "LeadSource",
                "OwnerId",
                "Company",
                "Email",
                "Country",
                "CountryCode",
                "Status",
                "IsConverted",
                "ConvertedDate",
                "ConvertedAccountId",
                "ConvertedOpportunityId",
                "ConvertedContactId",
                "IsDeleted",
                "MasterRecordId",
                "LastModifiedDate",
                "SystemModstamp",
                "MQL_Date__c",
                "SQL_Date__c",
                "Rating",
            ],
            rows,
        )
        self.emit(
            "campaign_member.csv",
            ["id", "campaign_id", "lead_id", "contact_id", "created_date", "status", "is_deleted"],
            members,
        )
        self.keep("leads", leads)

    # -- deals, stages, history ----------------------------------------------------------------

    def deals(self) -> None:
        types = inverse(self.vars["salesforce_deal_type_map"])
        default_pipeline = self.vars["salesforce_default_pipeline"]
        record_types: dict[str, str] = {}
        converted: dict[str, tuple] = {}
        for lead in self.equivalent["leads"]:
            if lead["converted_deal_id"] and not lead["is_deleted"]:
                day = lead["converted_at"].date() if lead["converted_at"] else dt.date.max
                key = (day, lead["lead_id"])
                current = converted.get(lead["converted_deal_id"])
                if current is None or key < current:
                    converted[lead["converted_deal_id"]] = key
        deals, rows = [], []
        lost_column = self.vars["salesforce_lost_reason_column"]
        competitor_column = self.vars["salesforce_competitor_column"]
        for deal in self.tables["deals"]:
            deal_id = self.id("deal", deal["deal_id"])
            pipeline = (deal["pipeline"] or default_pipeline).lower()  # DeveloperName, read in lower case
            if pipeline != default_pipeline and pipeline not in record_types:
                record_types[pipeline] = self.ids.new("record_type")
            closed = bool(deal["is_closed"])
            close_day = (
                deal["closed_at"].date() if closed and deal["closed_at"] else deal["expected_close_date"]
            )
            created = deal["created_at"]
            lead = converted.get(deal_id)
            kind = types.get(deal["deal_type"]) if deal["deal_type"] else None
            deals.append(
                {
                    "deal_id": deal_id,
                    "deal_name": deal["deal_name"],
                    "account_id": self.id("account", deal["account_id"]),
                    "owner_id": self.id("user", deal["owner_id"]),
                    "lead_id": lead[1] if lead else None,
                    "pipeline": pipeline,
                    "deal_type": deal["deal_type"] if kind else None,
                    "stage": deal["stage"],
                    "amount": deal["amount"],
                    "currency": deal["currency"] or self.vars["salesforce_corporate_currency"] or None,
                    "created_at": created,
                    "expected_close_date": None if closed else close_day,
                    "closed_at": date_to_timestamp(close_day, created) if closed else None,
                    "is_closed": deal["is_closed"],
                    "is_won": deal["is_won"],
                    "lost_reason": deal["lost_reason"],
                    "competitor": deal["competitor"],
                    "is_deleted": bool(deal["is_deleted"]),
                    "updated_at": deal["updated_at"],
                }
            )
            rows.append(
                [
                    deal_id,
                    deal["deal_name"],
                    self.id("account", deal["account_id"]),
                    self.id("user", deal["owner_id"]),
                    record_types.get(pipeline),
                    kind,
                    deal["stage"],
                    plain(deal["amount"]),
                    deal["currency"],
                    sf_ts(created),
                    iso(close_day),
                    boolean(deal["is_closed"]),
                    boolean(deal["is_won"]),
                    deal["lost_reason"],
                    deal["competitor"],
                    boolean(bool(deal["is_deleted"])),
                    sf_ts(deal["updated_at"]),
                    sf_ts(deal["updated_at"]),
                    None,
                    "Pipeline" if not closed else "Closed",
                    None,
                ]
            )
        self.emit(
            "Opportunity.csv",
            [
                "Id",
                "Name",
                "AccountId",
                "OwnerId",
                "RecordTypeId",
                "Type",
                "StageName",
                "Amount",
                "CurrencyIsoCode",
                "CreatedDate",
                "CloseDate",
                "IsClosed",
                "IsWon",
                _api(lost_column),
                _api(competitor_column),
                "IsDeleted",
                "LastModifiedDate",
                "SystemModstamp",
                "Probability",
                "ForecastCategory",
                "NextStep",
            ],
            rows,
        )
        self.emit(
            "record_type.csv",
            ["id", "name", "developer_name", "sobject_type", "is_active"],
            [[rid, name.title(), name, "Opportunity", "true"] for name, rid in record_types.items()],
        )
        self.keep("deals", deals)

    def stage_history(self) -> None:
        deal_ids = {d["deal_id"] for d in self.equivalent["deals"]}
        by_deal: dict[str, list[dict]] = {}
        for row in self.tables["deal_stage_history"]:
            by_deal.setdefault(self.id("deal", row["deal_id"]), []).append(row)
        amounts = {d["deal_id"]: d["amount"] for d in self.equivalent["deals"]}
        history, rows = [], []
        for deal_id, entries in by_deal.items():
            entries.sort(
                key=lambda r: (r["entered_at"] is None, r["entered_at"] or dt.datetime.min, r["_index"])
            )
            previous = None
            kept = []
            for entry in entries:
                if entry["entered_at"] is None:
                    continue
                if previous is not None and entry["stage"] == previous:
                    continue
                kept.append(entry)
                previous = entry["stage"]
            for position, entry in enumerate(kept):
                stage = entry["stage"]
                changed_by = self.id("user", entry["changed_by"])
                history.append(
                    {
                        "deal_id": deal_id,
                        "stage": stage,
                        "entered_at": entry["entered_at"],
                        "changed_by": changed_by,
                    }
                )
                amount = amounts.get(deal_id)
                rows.append(self._history_row(deal_id, stage, entry["entered_at"], changed_by, amount, None))
                following = kept[position + 1]["entered_at"] if position + 1 < len(kept) else None
                gap = (following - entry["entered_at"]) if following else dt.timedelta(days=3)
                # Salesforce writes a row on every amount, close date or probability change too
                for noise in range(self.rng.choice((0, 0, 1, 2)) if deal_id in deal_ids else 0):
                    at = entry["entered_at"] + gap * (noise + 1) / 4
                    if at <= entry["entered_at"] or (following and at >= following):
                        continue
                    new_amount = (amount * Decimal("1.1")).quantize(Decimal("0.01")) if amount else None
                    rows.append(self._history_row(deal_id, stage, at, changed_by, new_amount, amount))
        self.emit(
            "OpportunityHistory.csv",
            [
                "Id",
                "OpportunityId",
                "CreatedById",
                "CreatedDate",
                "StageName",
                "Amount",
                "PrevAmount",
                "ExpectedRevenue",
                "CloseDate",
                "Probability",
                "ForecastCategory",
                "IsDeleted",
                "SystemModstamp",
            ],
            rows,
        )
        self.keep("deal_stage_history", history)

    def _history_row(self, deal_id, stage, at, changed_by, amount, previous) -> list:
        return [
            self.ids.new("history"),
            deal_id,
            changed_by,
            sf_ts(at),
            stage,
            plain(amount),
            plain(previous),
            None,
            None,
            None,
            None,
            "false",
            sf_ts(at),
        ]

    def pipeline_stages(self) -> None:
        default_pipeline = self.vars["salesforce_default_pipeline"]
        contract_stages: dict[str, dict] = {}
        order = sorted(
            self.tables["pipeline_stages"],
            key=lambda s: (s["pipeline"] != default_pipeline, s["pipeline"], s["stage_order"]),
        )
        for stage in order:
            contract_stages.setdefault(stage["stage"], stage)
        rows = []
        for sort_order, stage in enumerate(contract_stages.values(), start=1):
            probability = stage["probability"]
            rows.append(
                [
                    self.ids.new("stage"),
                    stage["stage"],
                    stage["stage"],
                    sort_order,
                    plain(probability * 100) if probability is not None else None,
                    boolean(stage["is_closed"]),
                    boolean(stage["is_won"]),
                    "true",
                    "Closed" if stage["is_closed"] else "Pipeline",
                ]
            )
        self.emit(
            "opportunity_stage.csv",
            [
                "id",
                "master_label",
                "api_name",
                "sort_order",
                "default_probability",
                "is_closed",
                "is_won",
                "is_active",
                "forecast_category_name",
            ],
            rows,
        )
        # the adapter's reading: each stage in every pipeline whose deals use it (current stage or
        # history), else in the default pipeline; order = dense rank of SortOrder in the pipeline
        deal_pipeline = {d["deal_id"]: d["pipeline"] for d in self.equivalent["deals"]}
        used: dict[str, set] = {}
        for deal in self.equivalent["deals"]:
            used.setdefault(deal["stage"], set()).add(deal["pipeline"])
        for row in self.equivalent["deal_stage_history"]:
            if row["deal_id"] in deal_pipeline:
                used.setdefault(row["stage"], set()).add(deal_pipeline[row["deal_id"]])
        stages = []
        for sort_order, stage in enumerate(contract_stages.values(), start=1):
            for pipeline in sorted(used.get(stage["stage"]) or {default_pipeline}):
                stages.append(
                    {
                        "pipeline": pipeline,
                        "stage": stage["stage"],
                        "sort": sort_order,
                        "probability": stage["probability"],
                        "is_closed": stage["is_closed"],
                        "is_won": stage["is_won"],
                    }
                )
        for pipeline in {s["pipeline"] for s in stages}:
            members = sorted((s for s in stages if s["pipeline"] == pipeline), key=lambda s: s["sort"])
            for rank, stage in enumerate(members, start=1):
                stage["stage_order"] = rank
        self.keep("pipeline_stages", [{k: v for k, v in s.items() if k != "sort"} for s in stages])

    # -- products and line items ---------------------------------------------------------------

    def products(self) -> None:
        corporate = self.vars["salesforce_corporate_currency"]
        standard, custom = self.ids.new("pricebook"), self.ids.new("pricebook")
        products, rows, entries = [], [], []
        for product in self.tables["products"]:
            product_id = self.id("product", product["product_id"])
            products.append(
                {
                    "product_id": product_id,
                    "product_name": product["product_name"],
                    "product_family": product["product_family"],
                    "pricing_plan": product["pricing_plan"],
                    "list_price": product["list_price"],
                    "unit_cost": product["unit_cost"],
                    "currency": product["currency"] if product["list_price"] is not None else None,
                    "updated_at": product["updated_at"],
                }
            )
            rows.append(
                [
                    product_id,
                    product["product_name"],
                    product["product_family"],
                    product["pricing_plan"],
                    plain(product["unit_cost"]),
                    "true",
                    sf_ts(product["updated_at"]),
                    sf_ts(product["updated_at"]),
                    (product["product_name"] or "").upper().replace(" ", "-"),
                ]
            )
            if product["list_price"] is not None:
                entries.append(
                    [
                        self.ids.new("pricebook_entry"),
                        standard,
                        product_id,
                        plain(product["list_price"]),
                        product["currency"] or corporate,
                        "true",
                        "false",
                        fivetran_ts(product["updated_at"]),
                    ]
                )
                entries.append(
                    [
                        self.ids.new("pricebook_entry"),
                        custom,
                        product_id,
                        plain(product["list_price"] * Decimal("0.9")),
                        product["currency"] or corporate,
                        "true",
                        "false",
                        fivetran_ts(product["updated_at"]),
                    ]
                )
        self.emit(
            "Product2.csv",
            [
                "Id",
                "Name",
                "Family",
                "Pricing_Plan__c",
                "Unit_Cost__c",
                "IsActive",
                "LastModifiedDate",
                "SystemModstamp",
                "ProductCode",
            ],
            rows,
        )
        self.emit(
            "pricebook_entry.csv",
            [
                "id",
                "pricebook_2_id",
                "product_2_id",
                "unit_price",
                "currency_iso_code",
                "is_active",
                "is_deleted",
                "system_modstamp",
            ],
            entries,
        )
        self.emit(
            "pricebook_2.csv",
            ["id", "name", "is_standard", "is_active", "is_deleted"],
            [
                [standard, "Standard Price Book", "true", "true", "false"],
                [custom, "Partner Price Book", "false", "true", "false"],
            ],
        )
        self.keep("products", products)

    def line_items(self) -> None:
        items, rows = [], []
        for item in self.tables["deal_line_items"]:
            item_id = self.id("line_item", item["line_item_id"])
            discount = item["discount_pct"]
            items.append(
                {
                    "line_item_id": item_id,
                    "deal_id": self.id("deal", item["deal_id"]),
                    "product_id": self.id("product", item["product_id"]),
                    "quantity": item["quantity"],
                    "unit_price": item["unit_price"],
                    "discount_pct": discount,
                    "updated_at": item["updated_at"],
                }
            )
            total = None
            if None not in (item["quantity"], item["unit_price"]):
                total = item["quantity"] * item["unit_price"] * (1 - (discount or 0))
            rows.append(
                [
                    item_id,
                    self.id("deal", item["deal_id"]),
                    self.id("product", item["product_id"]),
                    plain(item["quantity"]),
                    plain(item["unit_price"]),
                    plain(discount * 100) if discount is not None else None,
                    plain(total.quantize(Decimal("0.01"))) if total is not None else None,
                    "false",
                    fivetran_ts(item["updated_at"]),
                    fivetran_ts(item["updated_at"]),
                ]
            )
        self.emit(
            "opportunity_line_item.csv",
            [
                "id",
                "opportunity_id",
                "product_2_id",
                "quantity",
                "unit_price",
                "discount",
                "total_price",
                "is_deleted",
                "system_modstamp",
                "_fivetran_synced",
            ],
            rows,
        )
        self.keep("deal_line_items", items)

    # -- activities ----------------------------------------------------------------------------

    def activities(self) -> None:
        types = inverse(self.vars["salesforce_activity_type_map"])
        statuses = inverse(self.vars["salesforce_activity_status_map"])
        activities, tasks, events = [], [], []
        for activity in self.tables["activities"]:
            kind = activity["activity_type"] or "follow_up"
            is_event = kind in EVENT_TYPES
            activity_id = self.id("event" if is_event else "task", activity["activity_id"])
            who = (
                self.id("lead", activity["lead_id"])
                if activity["lead_id"]
                else self.id("contact", activity["contact_id"])
            )
            deal = self.id("deal", activity["deal_id"])
            account = self.id("account", activity["account_id"])
            status = activity["status"]
            occurred = activity["occurred_at"]
            if not is_event and status != "completed":
                occurred = midnight(occurred.date())
            direction = activity["direction"] or "outbound"
            activities.append(
                {
                    "activity_id": activity_id,
                    "activity_type": kind,
                    "direction": direction,
                    "owner_id": self.id("user", activity["owner_id"]),
                    "lead_id": who if activity["lead_id"] else None,
                    "contact_id": who if not activity["lead_id"] else None,
                    "account_id": account,
                    "deal_id": deal,
                    "created_at": activity["created_at"],
                    "occurred_at": occurred,
                    "status": self._status(
                        status, statuses, is_event, occurred, activity["duration_minutes"]
                    ),
                    "duration_minutes": activity["duration_minutes"],
                    "reply_sentiment": activity["reply_sentiment"],
                    "is_deleted": bool(activity["is_deleted"]),
                    "updated_at": activity["updated_at"],
                }
            )
            sf_type = types[kind]
            minutes = activity["duration_minutes"]
            common = [
                activity_id,
                self.id("user", activity["owner_id"]),
                who,
                deal or account,
                account,
                sf_type,
            ]
            if is_event:
                end = occurred + dt.timedelta(minutes=float(minutes)) if minutes is not None else occurred
                events.append(
                    common
                    + [
                        fivetran_ts(occurred),
                        fivetran_ts(end),
                        plain(minutes),
                        iso(occurred.date()),
                        fivetran_ts(activity["created_at"]),
                        statuses.get(status),
                        activity["reply_sentiment"],
                        activity["direction"] if activity["direction"] == "inbound" else None,
                        boolean(bool(activity["is_deleted"])),
                        fivetran_ts(activity["updated_at"]),
                        "Meeting",
                    ]
                )
            else:
                call = kind == "call"
                tasks.append(
                    common
                    + [
                        "Call" if call else "Email" if kind == "email" else "Task",
                        statuses.get(status),
                        iso(activity["occurred_at"].date()),
                        sf_ts(activity["occurred_at"]) if status == "completed" else None,
                        direction.title() if call else None,
                        plain(minutes * 60) if minutes is not None else None,
                        sf_ts(activity["created_at"]),
                        activity["reply_sentiment"],
                        "Inbound" if (direction == "inbound" and not call) else None,
                        boolean(bool(activity["is_deleted"])),
                        sf_ts(activity["updated_at"]),
                        "Normal",
                    ]
                )
        self.emit(
            "Task.csv",
            [
                "Id",
                "OwnerId",
                "WhoId",
                "WhatId",
                "AccountId",
                "Type",
                "TaskSubtype",
                "Status",
                "ActivityDate",
                "CompletedDateTime",
                "CallType",
                "CallDurationInSeconds",
                "CreatedDate",
                "Reply_Sentiment__c",
                "Direction__c",
                "IsDeleted",
                "LastModifiedDate",
                "Priority",
            ],
            tasks,
        )
        self.emit(
            "event.CSV",
            [
                "id",
                "owner_id",
                "who_id",
                "what_id",
                "account_id",
                "type",
                "start_date_time",
                "end_date_time",
                "duration_in_minutes",
                "activity_date",
                "created_date",
                "status_c",
                "reply_sentiment_c",
                "direction_c",
                "is_deleted",
                "_fivetran_synced",
                "show_as",
            ],
            events,
        )
        self.keep("activities", activities)

    def _status(self, status, statuses, is_event, start, minutes):
        """The adapter's reading: the status map, else (events) completed when the event ended
        before the as-of cut-off, else scheduled."""
        if status in statuses:
            return status
        if not is_event:
            return None
        end = start + dt.timedelta(minutes=float(minutes)) if minutes is not None else start
        return "completed" if end < self.cutoff else "scheduled"

    # -- currency ------------------------------------------------------------------------------

    def rates(self) -> None:
        corporate = self.vars["salesforce_corporate_currency"]
        by_currency: dict[str, list[dict]] = {}
        for rate in self.tables["fx_rates"]:
            if rate["currency"] != corporate and rate["rate_to_reporting"] > 0:
                by_currency.setdefault(rate["currency"], []).append(rate)
        rates, rows = [], []
        for currency, entries in sorted(by_currency.items()):
            entries.sort(key=lambda r: r["rate_date"])
            for position, entry in enumerate(entries):
                conversion = (Decimal(1) / entry["rate_to_reporting"]).quantize(Decimal("0.000000001"))
                if conversion <= 0:
                    continue
                following = entries[position + 1]["rate_date"] if position + 1 < len(entries) else None
                rows.append(
                    [
                        self.ids.new("rate"),
                        currency,
                        plain(conversion),
                        iso(entry["rate_date"]),
                        iso(following or dt.date(9999, 12, 31)),
                    ]
                )
                rates.append(
                    {
                        "rate_date": entry["rate_date"],
                        "currency": currency,
                        "rate_to_reporting": repr(1 / float(conversion)),
                    }
                )
        # the corporate currency itself has no dated rates in Salesforce
        rows.append([self.ids.new("rate"), corporate, "1", "2000-01-01", "9999-12-31"])
        self.emit(
            "DatedConversionRate.csv", ["Id", "IsoCode", "ConversionRate", "StartDate", "NextStartDate"], rows
        )
        self.keep("fx_rates", rates)

    # -- the rest, in contract format ----------------------------------------------------------

    def pass_through(self, out_dir: Path, equivalent_dir: Path) -> None:
        for table, id_columns in PASS_THROUGH_IDS.items():
            path = self.contract_dir / f"{table}.csv"
            if not path.is_file():
                continue
            header, rows = read_csv(path)
            out = []
            for row in rows:
                for column, kind in id_columns.items():
                    value = (row.get(column) or "").strip()
                    if value:
                        row[column] = self.id(kind, value)
                out.append([row.get(c) for c in header])
            for folder in (out_dir, equivalent_dir):
                write_csv(folder / f"{table}.csv", header, out)

    def write(self, out_dir: Path, equivalent_dir: Path) -> dict[str, int]:
        self.users_and_teams()
        self.accounts()
        self.contacts()
        self.campaigns()
        self.leads()
        self.deals()
        self.stage_history()
        self.pipeline_stages()
        self.products()
        self.line_items()
        self.activities()
        self.rates()
        out_dir.mkdir(parents=True, exist_ok=True)
        equivalent_dir.mkdir(parents=True, exist_ok=True)
        counts = {}
        for name, (header, rows) in self.sf.items():
            write_csv(out_dir / name, header, rows)
            counts[name] = len(rows)
        for table, records in self.equivalent.items():
            columns = list(self.contract[table].columns)
            write_csv(
                equivalent_dir / f"{table}.csv", columns, [[iso(r.get(c)) for c in columns] for r in records]
            )
        self.pass_through(out_dir, equivalent_dir)
        return counts


def _api(snake: str) -> str:
    """A custom field's API name from its snake_case name: loss_reason_c -> Loss_Reason__c."""
    body = snake[:-2] if snake.endswith("_c") else snake
    return "_".join(part.capitalize() for part in body.split("_")) + ("__c" if snake.endswith("_c") else "")


def write_salesforce_export(
    contract_dir, out_dir, equivalent_dir, seed: int = 42, as_of: str | None = None
) -> dict[str, int]:
    """Write the org of contract_dir as a Salesforce export to out_dir, and to equivalent_dir
    the contract folder it is exactly equivalent to. as_of (YYYY-MM-DD, default the sample's
    day) is the build's as-of day, which the adapter's event status rule reads. Returns the rows
    written per Salesforce file."""
    if as_of is None:
        spec = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
        as_of = str(spec["vars"]["sample_as_of_date"])
    export = Export(Path(contract_dir), seed, dt.date.fromisoformat(as_of))
    return export.write(Path(out_dir), Path(equivalent_dir))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="salesdw crm-export salesforce",
        description="Write a contract folder's org as a Salesforce export, and the contract "
        "folder the export is equivalent to.",
    )
    parser.add_argument(
        "--from", dest="source", required=True, help="contract folder (e.g. seeds/crm_sample)"
    )
    parser.add_argument("--to", dest="out", required=True, help="folder for the Salesforce export")
    parser.add_argument("--equivalent", required=True, help="folder for the equivalent contract files")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--as-of", default=None, help="the build's as-of day (default: the sample's)")
    args = parser.parse_args(argv)
    counts = write_salesforce_export(args.source, args.out, args.equivalent, seed=args.seed, as_of=args.as_of)
    print(
        f"Salesforce export in {args.out}: {sum(counts.values()):,} rows in {len(counts)} objects; "
        f"equivalent contract files in {args.equivalent}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
