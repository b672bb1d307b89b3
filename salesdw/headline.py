"""The headline KPIs, each in its latest complete month with a value, beside the month before,
as plain text.

Printed at the end of `make build` (salesdw summary). Read from marts.kpi_values, grain
`month`, dimension `overall`. The as-of day is core.dim_dates' as-of day, else the
period_start of the `snapshot` rows, else the latest month of the table that is not a
forecast. The latest complete month is the month before the as-of month; each KPI is shown
in the latest month up to it where it has a value (a partial export has no deals, a survey
may have no responses for a while), so a month after the as-of day is never shown.
"""

from __future__ import annotations

from datetime import date

import duckdb
import yaml

from salesdw import kpi_registry
from salesdw.contract import PROJECT_DIR


def headline_kpis() -> list[tuple[str, str]]:
    """(kpi_id, label) in the order they are printed: the dbt var headline_kpis (the columns of
    marts.mart_executive_summary), kept once in dbt_project.yml; the label is the KPI's short
    name in the KPI registry (else its name; an unregistered id is shown as it is)."""
    spec = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    registry = kpi_registry.by_id()
    return [
        (str(kpi_id), registry[str(kpi_id)].label if str(kpi_id) in registry else str(kpi_id))
        for kpi_id in spec["vars"]["headline_kpis"]
    ]


HEADLINE_KPIS = headline_kpis()
FORECAST_KPIS = ("sales_forecast",)  # their months lie after the as-of day
MISSING = "n/a"  # no row in kpi_values: the KPI, or that month of it, is not built
NO_VALUE = "-"  # a row whose value is null, e.g. a rate with nothing to divide by


def headline_table(con: duckdb.DuckDBPyConnection) -> str:
    as_of = as_of_day(con)
    if as_of is None:
        return "Headline KPIs: marts.kpi_values has no monthly rows yet."
    latest = add_months(as_of.replace(day=1), -1)
    values, units = _monthly_values(con, latest)

    header = ["KPI", "Month", "Value", "Month before", "Change"]
    table = [header]
    for kpi_id, label in HEADLINE_KPIS:
        table.append([label, *_kpi_cells(values.get(kpi_id, {}), units.get(kpi_id))])

    title = (
        f"Headline KPIs (overall) as of {as_of.isoformat()}: each KPI in its latest complete "
        f"month with a value (up to {latest:%B %Y}), beside the month before"
    )
    legend = f"{MISSING}: not in kpi_values (yet); {NO_VALUE}: no value that month"
    return "\n".join([title, _render(table), legend])


def as_of_day(con: duckdb.DuckDBPyConnection) -> date | None:
    for source in (_dim_dates_as_of, _snapshot_as_of, _latest_month):
        day = source(con)
        if day is not None:
            return day
    return None


def _dim_dates_as_of(con: duckdb.DuckDBPyConnection) -> date | None:
    exists = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = 'core' and table_name = 'dim_dates'"
    ).fetchone()[0]
    if not exists:
        return None
    return con.execute("select max(date_day) from core.dim_dates where is_as_of_date").fetchone()[0]


def _snapshot_as_of(con: duckdb.DuckDBPyConnection) -> date | None:
    return con.execute("select max(period_start) from marts.kpi_values where grain = 'snapshot'").fetchone()[
        0
    ]


def _latest_month(con: duckdb.DuckDBPyConnection) -> date | None:
    placeholders = ", ".join("?" for _ in FORECAST_KPIS)
    return con.execute(
        "select max(period_start) from marts.kpi_values "
        f"where grain = 'month' and kpi_id not in ({placeholders})",
        list(FORECAST_KPIS),
    ).fetchone()[0]


def _monthly_values(
    con: duckdb.DuckDBPyConnection, latest: date
) -> tuple[dict[str, dict[date, float | None]], dict[str, str]]:
    """kpi_id -> {month: value} of the headline KPIs' overall rows up to `latest`, and units."""
    kpi_ids = [kpi_id for kpi_id, _ in HEADLINE_KPIS]
    placeholders = ", ".join("?" for _ in kpi_ids)
    rows = con.execute(
        f"""
        select kpi_id, period_start, value, unit
        from marts.kpi_values
        where grain = 'month' and dimension = 'overall' and period_start <= ?
            and kpi_id in ({placeholders})
        """,
        [latest, *kpi_ids],
    ).fetchall()
    values: dict[str, dict[date, float | None]] = {}
    units: dict[str, str] = {}
    for kpi_id, month, value, unit in rows:
        values.setdefault(kpi_id, {})[month] = value
        units[kpi_id] = unit
    return values, units


def shown_month(months: dict[date, float | None]) -> date | None:
    """The latest month with a value, else the latest month with a row, else None."""
    with_value = [month for month, value in months.items() if value is not None]
    return max(with_value or months, default=None)


def _kpi_cells(months: dict[date, float | None], unit: str | None) -> list[str]:
    """Month, value, the month before's value and the change of one KPI."""
    month = shown_month(months)
    if month is None:
        return [MISSING] * 4
    before = add_months(month, -1)
    change = MISSING
    if before in months:
        change = format_change(months[month], months[before], unit)
    before_value = format_value(months[before], unit) if before in months else MISSING
    return [f"{month:%b %Y}", format_value(months[month], unit), before_value, change]


def add_months(month_start: date, months: int) -> date:
    index = month_start.year * 12 + month_start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def format_value(value: float | None, unit: str | None) -> str:
    if value is None:
        return NO_VALUE
    if unit == "ratio":
        return f"{value:.1%}"
    if unit in ("currency", "count"):
        return f"{value:,.0f}"
    if unit in ("days", "hours", "score"):
        return f"{value:,.1f}"
    return f"{value:,.2f}"


def format_change(now: float | None, before: float | None, unit: str | None) -> str:
    """Rates change in percentage points, amounts by their difference and in per cent."""
    if now is None or before is None:
        return NO_VALUE
    difference = now - before
    if unit == "ratio":
        return f"{difference * 100:+.1f} pp"
    if unit in ("days", "hours", "score"):
        return f"{difference:+,.1f}"
    text = f"{difference:+,.0f}" if unit in ("currency", "count") else f"{difference:+,.2f}"
    if before != 0:
        text += f" ({difference / abs(before):+.1%})"
    return text


def _render(table: list[list[str]]) -> str:
    """First column left-aligned, the others right-aligned, a rule under the header."""
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]

    def line(row: list[str]) -> str:
        cells = [row[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(row[1:], widths[1:])]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(table[0]), rule] + [line(row) for row in table[1:]])
