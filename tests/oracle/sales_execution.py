"""Independent pandas reference ("oracle") for the sales-execution KPIs of the catalog's
"Further KPIs": deals_lost, avg_days_in_stage, quote_to_close_rate, upsell_cross_sell_rate,
upsell_cross_sell_revenue_share, competitor_win_rate, deals_lost_to_competitor,
avg_profit_margin, product_deals_won, product_new_customers, leaderboard_rank and
sales_forecast.

Like ``tests/oracle/oracle.py`` it reads the raw contract files directly (never the warehouse
or its SQL) and follows ``models/kpi/marts/_kpi__conventions.md`` plus the choices documented
in ``models/kpi/marts/sales_execution/_kpi_sales_execution__docs.md``:

- stage exits: a history row (entered by the cut-off, of a deal that exists at it) followed by
  the deal's next row (order: entered_at, stage_order, stage), dated by the next row's
  entered_at; a stage its pipeline does not define is `unknown`;
- a quote: a completed `quote` / `proposal` activity with the deal's deal_id that occurred by
  the cut-off and at or before the deal's closed_at;
- competitor deals: closed deals whose competitor is not null; "lost to competitor" = lost;
- profit margin: won line items with a known net revenue and cost (product with unit_cost and
  a rate for its currency), cost converted at the deal's close date;
- leaderboard: standard competition rank of the reps' won_revenue rows (``unknown`` left out);
- sales_forecast: weighted pipeline of open deals by expected_close_date month for the 3
  months after the as-of month (amount at as_of x current stage probability); trend =
  least-squares line over overall monthly won_revenue of the 12 complete months ending with
  the last complete month at as_of (numpy.polyfit), floored at 0, null under 2 months; no
  rows at all without any deal.

    from tests.oracle.sales_execution import compute_sales_execution_kpis
    df = compute_sales_execution_kpis("seeds/crm_sample", as_of="2026-09-15")
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from tests.oracle.oracle import (
    GRAINS,
    UNKNOWN,
    Context,
    by_grain,
    deal_kpis,
    empty_rows,
    kpi_rows,
    prepare_deals,
    rows_from_records,
)

SALES_EXECUTION_KPIS = [
    "deals_lost",
    "avg_days_in_stage",
    "quote_to_close_rate",
    "upsell_cross_sell_rate",
    "upsell_cross_sell_revenue_share",
    "competitor_win_rate",
    "deals_lost_to_competitor",
    "avg_profit_margin",
    "product_deals_won",
    "product_new_customers",
    "leaderboard_rank",
    "sales_forecast",
]

DEAL_DIMS = ["overall", "rep", "team", "region", "segment", "lead_source", "deal_type"]
EXPANSION_DIMS = ["overall", "rep", "team", "region", "segment", "lead_source"]


def _known_stage(ctx: Context, pipelines, stages) -> pd.Series:
    """True where (pipeline, stage) is a stage of pipeline_stages."""
    known = set(zip(ctx.stages["pipeline"], ctx.stages["stage"]))
    return pd.Series([(p, s) in known for p, s in zip(pipelines, stages)], dtype=bool)


def deal_outcome_kpis(ctx: Context, deals: pd.DataFrame) -> dict:
    """deals_lost, upsell_cross_sell_rate / _revenue_share, competitor_win_rate,
    deals_lost_to_competitor."""
    out = {}
    lost = deals[deals["lost"]]
    out["deals_lost"] = rows_from_records(
        "deals_lost", "count", "sum", by_grain(lost.assign(num=1.0), "closed_eff"), DEAL_DIMS, ctx
    )

    won = deals[deals["won"]]
    expansion = won["deal_type"].isin(["upsell", "cross_sell"]).astype(float)
    amount = won["amount_rc"].fillna(0.0)
    out["upsell_cross_sell_rate"] = rows_from_records(
        "upsell_cross_sell_rate",
        "ratio",
        "ratio",
        by_grain(won.assign(num=expansion, den=1.0), "closed_eff"),
        EXPANSION_DIMS,
        ctx,
    )
    out["upsell_cross_sell_revenue_share"] = rows_from_records(
        "upsell_cross_sell_revenue_share",
        "ratio",
        "ratio",
        by_grain(won.assign(num=amount * expansion, den=amount), "closed_eff"),
        EXPANSION_DIMS,
        ctx,
    )

    with_competitor = deals[(deals["won"] | deals["lost"]) & deals["competitor"].notna()]
    with_competitor = with_competitor.assign(competitor=with_competitor["competitor"].astype(object))
    out["competitor_win_rate"] = rows_from_records(
        "competitor_win_rate",
        "ratio",
        "ratio",
        by_grain(with_competitor.assign(num=with_competitor["won"].astype(float), den=1.0), "closed_eff"),
        ["overall", "competitor"],
        ctx,
    )
    lost_to = with_competitor[with_competitor["lost"]]
    out["deals_lost_to_competitor"] = rows_from_records(
        "deals_lost_to_competitor",
        "count",
        "sum",
        by_grain(lost_to.assign(num=1.0), "closed_eff"),
        ["overall", "competitor"],
        ctx,
    )
    return out


def stage_exit_kpis(ctx: Context, deals: pd.DataFrame) -> dict:
    """avg_days_in_stage: days from entering a stage to the deal's next history row, by exit."""
    history = ctx.tables["deal_stage_history"]
    history = history[history["entered_at"] < ctx.cutoff][["deal_id", "stage", "entered_at"]]
    history = history.merge(deals[["deal_id", "pipeline"]], on="deal_id", how="inner")
    history["pipeline"] = history["pipeline"].fillna(UNKNOWN)
    orders = ctx.stages[["pipeline", "stage", "stage_order"]]
    history = history.merge(orders, on=["pipeline", "stage"], how="left")
    history = history.sort_values(
        ["deal_id", "entered_at", "stage_order", "stage"], na_position="last", kind="stable"
    ).reset_index(drop=True)
    history["exited_at"] = history.groupby("deal_id")["entered_at"].shift(-1)
    exits = history[history["exited_at"].notna()].copy()
    exits["days"] = (exits["exited_at"] - exits["entered_at"]).dt.total_seconds() / 86400.0
    known = _known_stage(ctx, exits["pipeline"], exits["stage"]).to_numpy()
    exits["stage"] = np.where(known, exits["stage"], UNKNOWN)
    records = by_grain(exits.assign(num=exits["days"], den=1.0), "exited_at")
    return {
        "avg_days_in_stage": rows_from_records(
            "avg_days_in_stage", "days", "ratio", records, ["overall", "stage"], ctx
        )
    }


def quote_kpis(ctx: Context, deals: pd.DataFrame) -> dict:
    """quote_to_close_rate: closed deals with a completed quote/proposal at or before closing."""
    acts = ctx.tables["activities"]
    quotes = acts[
        (acts["status"] == "completed")
        & (acts["occurred_at"] < ctx.cutoff)
        & acts["activity_type"].isin(["quote", "proposal"])
        & acts["deal_id"].notna()
    ]
    closed = deals[deals["won"] | deals["lost"]]
    pairs = closed[["deal_id", "closed_eff"]].merge(quotes[["deal_id", "occurred_at"]], on="deal_id")
    quoted_ids = set(pairs.loc[pairs["occurred_at"] <= pairs["closed_eff"], "deal_id"])
    quoted = closed[closed["deal_id"].isin(quoted_ids)]
    records = by_grain(quoted.assign(num=quoted["won"].astype(float), den=1.0), "closed_eff")
    return {
        "quote_to_close_rate": rows_from_records(
            "quote_to_close_rate", "ratio", "ratio", records, DEAL_DIMS, ctx
        )
    }


def won_line_items(ctx: Context, deals: pd.DataFrame) -> pd.DataFrame:
    """Line items of won deals with net revenue and cost in the reporting currency."""
    won = deals[deals["won"]][["deal_id", "account_id", "closed_eff", "currency"]]
    items = ctx.tables["deal_line_items"].merge(won, on="deal_id", how="inner")
    products = ctx.tables["products"][["product_id", "unit_cost", "currency"]].rename(
        columns={"currency": "cost_currency"}
    )
    items = items.merge(products, on="product_id", how="left")
    net = items["quantity"] * items["unit_price"] * (1 - items["discount_pct"].fillna(0.0))
    items["net_rc"] = ctx.convert(net, items["currency"], items["closed_eff"])
    items["cost_rc"] = ctx.convert(
        items["quantity"] * items["unit_cost"], items["cost_currency"], items["closed_eff"]
    )
    items["product"] = ctx.product(items["product_id"]).to_numpy()
    items["pricing_plan"] = ctx.plan_of_product(items["product_id"]).to_numpy()
    return items.reset_index(drop=True)


def product_kpis(ctx: Context, deals: pd.DataFrame) -> dict:
    """avg_profit_margin, product_deals_won, product_new_customers."""
    items = won_line_items(ctx, deals)
    out = {}
    costed = items[items["net_rc"].notna() & items["cost_rc"].notna()]
    out["avg_profit_margin"] = rows_from_records(
        "avg_profit_margin",
        "ratio",
        "ratio",
        by_grain(costed.assign(num=costed["net_rc"] - costed["cost_rc"], den=costed["net_rc"]), "closed_eff"),
        ["overall", "product", "pricing_plan"],
        ctx,
    )

    won = deals[deals["won"] & deals["account_id"].notna()]
    first_won_ids = set(won.sort_values(["closed_eff", "deal_id"]).drop_duplicates("account_id")["deal_id"])
    for kpi_id, subset in (
        ("product_deals_won", items),
        ("product_new_customers", items[items["deal_id"].isin(first_won_ids)]),
    ):
        parts = []
        for dim in ("product", "pricing_plan"):
            members = subset[["deal_id", "closed_eff", dim]].drop_duplicates(["deal_id", dim])
            parts.append(
                rows_from_records(
                    kpi_id, "count", "sum", by_grain(members.assign(num=1.0), "closed_eff"), [dim], ctx
                )
            )
        out[kpi_id] = pd.concat(parts, ignore_index=True)
    return out


def leaderboard_rows(won_revenue: pd.DataFrame) -> pd.DataFrame:
    """Standard competition rank (1 = top, ties share) of the reps' won_revenue per period."""
    reps = won_revenue[
        (won_revenue["dimension"] == "rep")
        & (won_revenue["dimension_value"] != UNKNOWN)
        & won_revenue["grain"].isin(GRAINS)
    ].copy()
    if reps.empty:
        return empty_rows()
    reps["numerator"] = reps.groupby(["grain", "period"])["value"].rank(method="min", ascending=False)
    reps["denominator"] = np.nan
    reps["value"] = reps["numerator"]
    reps["kpi_id"] = "leaderboard_rank"
    reps["unit"] = "count"
    return reps


def forecast_rows(ctx: Context, deals: pd.DataFrame, won_revenue: pd.DataFrame) -> pd.DataFrame:
    """sales_forecast: weighted pipeline and trend for the 3 months after the as-of month
    (no rows without any deal)."""
    if deals.empty:
        return empty_rows()
    as_of_month = np.datetime64(ctx.as_of, "M")
    months = [as_of_month + k for k in (1, 2, 3)]

    is_open = ~(deals["won"] | deals["lost"])
    open_deals = deals[is_open & deals["expected_close_date"].notna()].copy()
    open_deals["amount_asof"] = ctx.convert(
        open_deals["amount"], open_deals["currency"], np.full(len(open_deals), ctx.as_of)
    )
    open_deals = open_deals.merge(
        ctx.stages[["pipeline", "stage", "probability"]], on=["pipeline", "stage"], how="left"
    )
    open_deals["probability"] = open_deals["probability"].fillna(0.0)
    open_deals["weighted"] = open_deals["amount_asof"].fillna(0.0) * open_deals["probability"]
    open_deals["month"] = open_deals["expected_close_date"].values.astype("datetime64[M]")

    # Trend window: the 12 months ending with the last complete month at as_of.
    last_fitted = np.datetime64(ctx.as_of + np.timedelta64(1, "D"), "M") - 1
    first_fitted = last_fitted - 11
    series = won_revenue[(won_revenue["dimension"] == "overall") & (won_revenue["grain"] == "month")]
    series_months = pd.to_datetime(series["period"]).values.astype("datetime64[M]")
    in_window = (series_months >= first_fitted) & (series_months <= last_fitted)
    x = (series_months[in_window] - first_fitted).astype(int) + 1.0
    y = series["value"].to_numpy(float)[in_window]
    slope = intercept = np.nan
    if len(x) >= 2:
        slope, intercept = np.polyfit(x, y, 1)

    rows = []
    for month in months:
        weighted = float(open_deals.loc[open_deals["month"] == month, "weighted"].sum())
        index = float((month - first_fitted).astype(int) + 1)
        trend = max(intercept + slope * index, 0.0) if not np.isnan(slope) else np.nan
        period = pd.Timestamp(month.astype("datetime64[D]"))
        rows.append(("weighted_pipeline", period, weighted))
        rows.append(("trend", period, trend))
    out = pd.DataFrame(rows, columns=["dimension_value", "period", "value"])
    out["grain"] = "month"
    out["dimension"] = "method"
    out["numerator"] = out["value"]
    out["denominator"] = np.nan
    out["kpi_id"] = "sales_forecast"
    out["unit"] = "currency"
    return out


def compute_sales_execution_kpis(
    raw_dir, as_of: str, reporting_currency="USD", mrr_snapshot="month_end", fx_base="USD"
) -> pd.DataFrame:
    """Every sales-execution KPI, in the shape of `kpi_values` (columns OUTPUT_COLUMNS)."""
    ctx = Context(raw_dir, as_of, reporting_currency, mrr_snapshot, fx_base)
    deals = prepare_deals(ctx)
    won_revenue = deal_kpis(ctx, deals)["won_revenue"]

    results = {}
    results.update(deal_outcome_kpis(ctx, deals))
    results.update(stage_exit_kpis(ctx, deals))
    results.update(quote_kpis(ctx, deals))
    results.update(product_kpis(ctx, deals))
    results["leaderboard_rank"] = leaderboard_rows(won_revenue)
    results["sales_forecast"] = forecast_rows(ctx, deals, won_revenue)

    return kpi_rows(ctx, results, SALES_EXECUTION_KPIS, who="sales-execution oracle")


if __name__ == "__main__":
    result = compute_sales_execution_kpis(sys.argv[1], sys.argv[2])
    print(result.groupby(["kpi_id", "grain"]).size().to_string())
    forecast = result[result["kpi_id"] == "sales_forecast"]
    print(forecast[["period_start", "dimension_value", "value"]].to_string(index=False))
