"""The run settings read from env vars that only take some values (the MRR snapshot rule, the
plausibility bound of amounts): what is wrong with them, checked before anything is loaded. The
SQL side checks the same in dbt's on-run-start hook (macros/core/settings.sql)."""

from __future__ import annotations

import os
import re

MRR_SNAPSHOTS = ("month_end", "month_start")
# A plain or scientific positive number, as the SQL side accepts it (1e12, 5000000000, 5000.5).
_AMOUNT = re.compile(r"^[0-9]+([.][0-9]+)?([eE][+]?[0-9]+)?$")


def mrr_snapshot_problem(value: str) -> str | None:
    if value.strip() in MRR_SNAPSHOTS:
        return None
    return (
        f"CRM_MRR_SNAPSHOT='{value}' (var mrr_snapshot): the day MRR is read on must be month_end "
        "or month_start. Set one of them, or unset it for month_end."
    )


def max_amount_problem(value: str) -> str | None:
    text = value.strip()
    if _AMOUNT.match(text) and float(text) > 0:
        return None
    return (
        f"CRM_MAX_AMOUNT='{value}' (var max_plausible_amount): the largest plausible amount must be "
        "a number greater than 0, such as 1e12 or 5000000000 (greater amounts are quarantined). "
        "Set one, or unset it for 1e12."
    )


def setting_problems(environ: dict[str, str] | None = None) -> list[str]:
    """One message per run setting of environ (default os.environ) the warehouse cannot use."""
    environ = os.environ if environ is None else environ
    checks = {"CRM_MRR_SNAPSHOT": mrr_snapshot_problem, "CRM_MAX_AMOUNT": max_amount_problem}
    problems = [check(environ[name]) for name, check in checks.items() if name in environ]
    return [problem for problem in problems if problem]
