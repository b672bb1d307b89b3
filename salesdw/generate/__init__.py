"""Deterministic synthetic CRM export for a B2B SaaS sales org.

Writes every table of the raw CRM contract (``docs/input_contract.md``) into a
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

Package layout (one module a domain)::

    schema         the contract: tables, columns and kinds, primary keys (+ LAST_MANIFEST)
    reference      reference data: regions, countries, names, products, pipelines, rates
    util           calendar helpers, text folding, random draws
    entities       users, accounts, leads, deals, subscriptions and their typed rows
    packed         packed tables (activities, time entries, usage, stage histories)
    core           the generator's base: random streams, id numbers, time sampling
    org            users and teams (reps, SDRs, managers, CSMs), staffing
    leads          campaigns, companies, leads and their status
    accounts       accounts, new-business deals' accounts, contacts
    deals          deals: product mix, stage paths and histories, line items
    subscriptions  customer lifecycle: subscriptions, renewals, upsells, churn; product usage
    records        owner reassignment, ids, updated_at and changed_by, frozen rows
    activities     activities of leads, deals and accounts
    surveys        customer (NPS, CSAT) and rep surveys
    team           rep time entries, quotas, commission plans
    market         fx rates, expenses, competitor prices, market size
    generator      the mixins composed into one generator, and the order they run in
    dirt           the injected dirt
    formatting     typed rows -> text rows (styles, dirt copies)
    output         the output files (csv / parquet sinks)
    divisions      a large org simulated as divisions
    api            generate()
    cli            main() (``python -m salesdw.generate``)
"""

from __future__ import annotations

from .api import QUARANTINE_KINDS, generate
from .cli import main
from .dirt import _Dirt, _pops
from .divisions import DIVISION_SCALE, SHARED_STREAMS, SHARED_TABLES, _divisions
from .generator import _Gen
from .packed import _PackedRows
from .schema import LAST_MANIFEST, PRIMARY_KEYS, SCHEMA, TABLES

__all__ = [
    "generate",
    "TABLES",
    "SCHEMA",
    "PRIMARY_KEYS",
    "LAST_MANIFEST",
    "main",
    "DIVISION_SCALE",
    "SHARED_TABLES",
    "SHARED_STREAMS",
    "QUARANTINE_KINDS",
    "_Gen",
    "_Dirt",
    "_pops",
    "_divisions",
    "_PackedRows",
]
