"""The currency settings of a build (reporting currency, the base of the fx_rates file) and the
check that the reporting currency can be converted to before any model runs."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb


def reporting_currency() -> str:
    return os.environ.get("CRM_REPORTING_CURRENCY", "USD").strip().upper() or "USD"


def fx_base_currency() -> str:
    return os.environ.get("CRM_FX_BASE", "USD").strip().upper() or "USD"


def reporting_currency_problem(
    con: duckdb.DuckDBPyConnection, fx_rates_table: str, fx_file: Path | None, raw_dir: Path
) -> str | None:
    """Why the landed fx rates cannot convert to the reporting currency, or None when they can:
    it is the base currency, or the file quotes at least one rate for it."""
    reporting, base = reporting_currency(), fx_base_currency()
    if reporting == base:
        return None
    quoted = con.execute(
        f"select count(*) from {fx_rates_table} "
        "where upper(trim(currency)) = ? and rate_to_reporting is not null",
        [reporting],
    ).fetchone()[0]
    if quoted:
        return None
    where = fx_file if fx_file is not None else raw_dir / "fx_rates.csv (absent)"
    return (
        f"{where}: the reporting currency {reporting} (CRM_REPORTING_CURRENCY) has no rate in "
        f"fx_rates and is not the base currency {base} (CRM_FX_BASE) the rates are quoted "
        f"against. Add {reporting} rates to the file, or report in {base}."
    )
