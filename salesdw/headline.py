"""The headline KPIs of the latest complete month beside the month before, as plain text.

Printed at the end of `make build` (salesdw summary). Read from marts.kpi_values, grain
`month`, dimension `overall`. The latest complete month is the month before the as-of
month; the as-of day is the period_start of the `snapshot` rows, or, without any, the
latest month in the table.
"""
from __future__ import annotations

from datetime import date

import duckdb

# (kpi_id, label) in the order they are printed.
HEADLINE_KPIS = [
    ("won_revenue", "Won revenue"),
    ("win_rate", "Win rate"),
    ("avg_deal_size", "Average deal size"),
    ("sales_cycle_days", "Sales cycle (days)"),
    ("pipeline_value", "Pipeline value"),
    ("mrr", "MRR"),
    ("customer_churn_rate", "Customer churn rate"),
    ("cac", "CAC"),
    ("nps", "NPS"),
]
MISSING = "n/a"  # no row in kpi_values: the KPI, or that month of it, is not built
NO_VALUE = "-"  # a row whose value is null, e.g. a rate with nothing to divide by


def headline_table(con: duckdb.DuckDBPyConnection) -> str:
    as_of = as_of_day(con)
    if as_of is None:
        return "Headline KPIs: marts.kpi_values has no monthly rows yet."
    latest = add_months(as_of.replace(day=1), -1)
    previous = add_months(latest, -1)

    rows = con.execute(
        """
        select kpi_id, period_start, value, unit
        from marts.kpi_values
        where grain = 'month' and dimension = 'overall' and period_start in (?, ?)
        """,
        [latest, previous],
    ).fetchall()
    values = {(kpi_id, month): value for kpi_id, month, value, _ in rows}
    units = {kpi_id: unit for kpi_id, _, _, unit in rows}

    header = ["KPI", latest.strftime("%b %Y"), previous.strftime("%b %Y"), "Change"]
    table = [header]
    for kpi_id, label in HEADLINE_KPIS:
        unit = units.get(kpi_id)
        now, before = (kpi_id, latest), (kpi_id, previous)
        change = MISSING
        if now in values and before in values:
            change = format_change(values[now], values[before], unit)
        table.append([label, _shown(values, now, unit), _shown(values, before, unit), change])

    title = (
        f"Headline KPIs (overall): {latest:%B %Y}, the latest complete month, "
        f"vs {previous:%B %Y} (as of {as_of.isoformat()})"
    )
    legend = f"{MISSING}: not in kpi_values (yet); {NO_VALUE}: no value that month"
    return "\n".join([title, _render(table), legend])


def as_of_day(con: duckdb.DuckDBPyConnection) -> date | None:
    snapshot = con.execute(
        "select max(period_start) from marts.kpi_values where grain = 'snapshot'"
    ).fetchone()[0]
    if snapshot is not None:
        return snapshot
    return con.execute(
        "select max(period_start) from marts.kpi_values where grain = 'month'"
    ).fetchone()[0]


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


def _shown(values: dict, key: tuple[str, date], unit: str | None) -> str:
    return format_value(values[key], unit) if key in values else MISSING


def _render(table: list[list[str]]) -> str:
    """First column left-aligned, the others right-aligned, a rule under the header."""
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]

    def line(row: list[str]) -> str:
        cells = [row[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(row[1:], widths[1:])]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(table[0]), rule] + [line(row) for row in table[1:]])
