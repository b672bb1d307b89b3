"""Independent pandas reference ("oracle") for the customer / market KPIs of the catalog's
"Further KPIs": csat, csat_satisfied_share, dau_mau, ltv_to_cac, roas, market_share and
competitor_price_index.

Like ``tests/oracle/oracle.py`` it reads the raw contract files directly (never the warehouse
or its SQL) and follows ``models/kpi/marts/_kpi__conventions.md`` plus the choices documented
in ``models/kpi/marts/customer_market/_kpi_customer_market__docs.md``:

- dau_mau: an app user is (account_id, app_user_id); the average DAU divides the period's
  user-days by its days from max(period start, first day of usage data) to min(period end,
  as_of); quarter and year use the whole period's distinct users.
- roas: won deals with a known lead source by lead_source = channel; marketing expenses by
  channel (null channel = `unknown`); overall = all of them.
- market_share: year grain; only region-years with a market_size row.
- competitor_price_index: per (competitor, family) observed in the period, our average list
  price (current version, converted at the period's snapshot day) over the competitor's average
  observed price (converted at each observation's date); pairs where both exist are summed per
  competitor and overall.

    from tests.oracle.customer_market import compute_customer_market_kpis
    df = compute_customer_market_kpis("seeds/crm_sample", as_of="2026-09-15")
"""

from __future__ import annotations

import sys
from unittest import mock

import numpy as np
import pandas as pd

from tests.oracle import oracle
from tests.oracle.oracle import (
    CURRENCY,
    DATE,
    GRAINS,
    INT,
    MONEY,
    TEXT,
    UNKNOWN,
    Context,
    by_grain,
    customer_kpis,
    empty_rows,
    kpi_rows,
    period_last_day,
    period_of,
    prepare_deals,
    rows_from_records,
    subscription_kpis,
)

CUSTOMER_MARKET_KPIS = [
    "csat",
    "csat_satisfied_share",
    "dau_mau",
    "ltv_to_cac",
    "roas",
    "market_share",
    "competitor_price_index",
]

# Contract tables the core oracle does not read: primary key, parsed columns, and the columns
# staging requires (a row without them is quarantined).
EXTRA_TABLES = {
    "product_active_users": dict(
        schema=dict(
            required=False,
            pk=["activity_date", "account_id", "app_user_id"],
            columns=dict(activity_date=DATE, account_id=TEXT, app_user_id=TEXT),
        ),
        required=[],
    ),
    "competitor_prices": dict(
        schema=dict(
            required=False,
            pk=["competitor", "product_family", "observed_at"],
            columns=dict(
                competitor=TEXT, product_family=TEXT, observed_at=DATE, price=MONEY, currency=CURRENCY
            ),
        ),
        required=["price"],
    ),
    "market_size": dict(
        schema=dict(
            required=False, pk=["region", "year"], columns=dict(region=TEXT, year=INT, market_revenue=MONEY)
        ),
        required=["market_revenue"],
    ),
}


def stage_extra_table(ctx: Context, table: str) -> pd.DataFrame:
    """The record rules of oracle.stage_table applied to a table it has no schema for."""
    spec = EXTRA_TABLES[table]
    columns = list(spec["schema"]["columns"])
    with (
        mock.patch.dict(oracle.SCHEMAS, {table: spec["schema"]}),
        mock.patch.dict(oracle.NEEDED, {table: columns}),
    ):
        raw = oracle.read_raw(ctx.raw_dir, table)
        if raw is None:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        clean, _ = oracle.stage_table(ctx.raw_dir, table)
    for column in spec["required"]:
        clean = clean[clean[column].notna()]
    return clean.reset_index(drop=True)


def csat_kpis(ctx: Context) -> dict:
    """csat (average score 1-5) and csat_satisfied_share (scores 4-5 / responses)."""
    surveys = ctx.tables["customer_surveys"]
    csat = surveys[
        (surveys["survey_type"] == "csat") & (surveys["responded_at"] < ctx.cutoff) & surveys["score"].notna()
    ].copy()
    csat["region"] = ctx.region_of_account(csat["account_id"]).values
    csat["segment"] = ctx.segment_of_account(csat["account_id"]).values
    dims = ["overall", "region", "segment"]
    scores = by_grain(csat.assign(num=csat["score"].astype(float), den=1.0), "responded_at")
    satisfied = by_grain(csat.assign(num=(csat["score"] >= 4).astype(float), den=1.0), "responded_at")
    return {
        "csat": rows_from_records("csat", "score", "ratio", scores, dims, ctx),
        "csat_satisfied_share": rows_from_records(
            "csat_satisfied_share", "ratio", "ratio", satisfied, dims, ctx
        ),
    }


def dau_mau_kpis(ctx: Context) -> dict:
    """Average daily distinct active users / distinct active users, per period."""
    usage = stage_extra_table(ctx, "product_active_users")
    usage = usage[usage["activity_date"] <= pd.Timestamp(ctx.as_of)].copy()
    if usage.empty:
        return {"dau_mau": empty_rows()}
    usage["user_key"] = usage["account_id"] + ":" + usage["app_user_id"]
    first_day = usage["activity_date"].min()
    parts = []
    for grain in GRAINS:
        usage["period"] = pd.to_datetime(period_of(usage["activity_date"], grain))
        per_period = (
            usage.groupby("period")
            .agg(user_days=("user_key", "size"), users=("user_key", "nunique"))
            .reset_index()
        )
        last = np.minimum(
            period_last_day(per_period["period"].values.astype("datetime64[D]"), grain), ctx.as_of
        )
        first = np.maximum(per_period["period"].values.astype("datetime64[D]"), np.datetime64(first_day, "D"))
        days = (last - first).astype(int) + 1
        parts.append(
            per_period.assign(
                grain=grain, num=per_period["user_days"] / days, den=per_period["users"].astype(float)
            )
        )
    records = pd.concat(parts, ignore_index=True)
    return {"dau_mau": rows_from_records("dau_mau", "ratio", "ratio", records, ["overall"], ctx)}


def ltv_to_cac_rows(clv: pd.DataFrame, cac: pd.DataFrame) -> pd.DataFrame:
    """clv / cac of the same period, where both have an overall row."""
    keys = ["grain", "period"]
    left = clv[clv["dimension"] == "overall"][keys + ["value"]].rename(columns={"value": "clv"})
    right = cac[cac["dimension"] == "overall"][keys + ["value"]].rename(columns={"value": "cac"})
    rows = left.merge(right, on=keys, how="inner")
    if rows.empty:
        return empty_rows()
    rows["dimension"] = "overall"
    rows["dimension_value"] = "all"
    rows["numerator"] = rows["clv"].astype(float)
    rows["denominator"] = rows["cac"].astype(float)
    rows["value"] = rows["numerator"] / rows["denominator"].where(rows["denominator"] != 0)
    rows["kpi_id"] = "ltv_to_cac"
    rows["unit"] = "ratio"
    return rows


def roas_kpis(ctx: Context, deals: pd.DataFrame) -> dict:
    """Won revenue of deals with lead_source = channel / marketing expenses of the channel."""
    won = deals[deals["won"] & (deals["lead_source"] != UNKNOWN)]
    revenue = by_grain(
        won.assign(num=won["amount_rc"], den=0.0, channel=won["lead_source"])[
            ["closed_eff", "num", "den", "channel"]
        ],
        "closed_eff",
    )
    expenses = oracle.marketing_expenses(ctx, ["marketing"])
    spend = by_grain(
        expenses.assign(num=0.0, den=expenses["amount_rc"])[["expense_date", "num", "den", "channel"]],
        "expense_date",
    )
    records = pd.concat([revenue, spend], ignore_index=True)
    return {"roas": rows_from_records("roas", "ratio", "ratio", records, ["overall", "channel"], ctx)}


def market_share_kpis(ctx: Context, deals: pd.DataFrame) -> dict:
    """Won revenue of a region and year / its market revenue; region-years with market data."""
    market = stage_extra_table(ctx, "market_size")
    market = market.assign(year=market["year"].astype("Int64"))
    market = market[market["year"] <= int(str(ctx.as_of)[:4])]
    if market.empty:
        return {"market_share": empty_rows()}
    won = deals[deals["won"]].copy()
    won["year"] = pd.to_datetime(won["closed_eff"]).dt.year.astype("Int64")
    won = won.merge(market[["region", "year"]], on=["region", "year"], how="inner")
    revenue = won.assign(num=won["amount_rc"], den=0.0)[["year", "region", "num", "den"]]
    size = market.assign(num=0.0, den=market["market_revenue"].astype(float))[
        ["year", "region", "num", "den"]
    ]
    records = pd.concat([revenue, size], ignore_index=True)
    records["grain"] = "year"
    records["period"] = pd.to_datetime(records["year"].astype(int).astype(str) + "-01-01")
    return {
        "market_share": rows_from_records(
            "market_share", "ratio", "ratio", records, ["overall", "region"], ctx, grains=["year"]
        )
    }


def competitor_price_index_kpis(ctx: Context) -> dict:
    """Sum over observed (competitor, family) pairs of our average list price / sum of the
    competitor's average observed price, per period."""
    prices = stage_extra_table(ctx, "competitor_prices")
    prices = prices[prices["observed_at"] <= pd.Timestamp(ctx.as_of)].copy()
    if prices.empty:
        return {"competitor_price_index": empty_rows()}
    prices["price_rc"] = ctx.convert(prices["price"], prices["currency"], prices["observed_at"])
    products = ctx.tables["products"].copy()
    products["product_family"] = products["product_family"].fillna(UNKNOWN)
    products = products[products["list_price"].notna()]
    parts = []
    for grain in GRAINS:
        prices["period"] = pd.to_datetime(period_of(prices["observed_at"], grain))
        pairs = (
            prices.groupby(["period", "competitor", "product_family"])["price_rc"]
            .mean()
            .rename("competitor_price")
            .reset_index()
        )
        ours = []
        for period in pairs["period"].unique():
            snapshot = min(period_last_day([np.datetime64(period, "D")], grain)[0], ctx.as_of)
            converted = ctx.convert(products["list_price"], products["currency"], [snapshot] * len(products))
            ours.append(
                products.assign(price_rc=converted)
                .groupby("product_family")["price_rc"]
                .mean()
                .rename("our_price")
                .reset_index()
                .assign(period=period)
            )
        ours = (
            pd.concat(ours, ignore_index=True)
            if ours
            else pd.DataFrame(columns=["product_family", "our_price", "period"])
        )
        pairs = pairs.merge(ours, on=["period", "product_family"], how="left")
        pairs = pairs[pairs["our_price"].notna() & pairs["competitor_price"].notna()]
        parts.append(pairs.assign(grain=grain, num=pairs["our_price"], den=pairs["competitor_price"]))
    records = pd.concat(parts, ignore_index=True)
    return {
        "competitor_price_index": rows_from_records(
            "competitor_price_index", "ratio", "ratio", records, ["overall", "competitor"], ctx
        )
    }


def compute_customer_market_kpis(
    raw_dir, as_of: str, reporting_currency="USD", mrr_snapshot="month_end", fx_base="USD"
) -> pd.DataFrame:
    """The customer / market KPIs in the shape of `kpi_values` (as oracle.compute_kpis)."""
    ctx = Context(raw_dir, as_of, reporting_currency, mrr_snapshot, fx_base)
    deals = prepare_deals(ctx)
    results = {}
    results.update(csat_kpis(ctx))
    results.update(dau_mau_kpis(ctx))
    core = {**subscription_kpis(ctx), **customer_kpis(ctx, deals)}
    results["ltv_to_cac"] = ltv_to_cac_rows(core["clv"], core["cac"])
    results.update(roas_kpis(ctx, deals))
    results.update(market_share_kpis(ctx, deals))
    results.update(competitor_price_index_kpis(ctx))

    return kpi_rows(ctx, results, CUSTOMER_MARKET_KPIS)


if __name__ == "__main__":
    result = compute_customer_market_kpis(sys.argv[1], sys.argv[2])
    print(result.groupby(["kpi_id", "grain", "dimension"]).size().to_string())
