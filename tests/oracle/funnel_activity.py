"""Independent pandas reference ("oracle") for the funnel and activity KPIs of the catalog's
"Further KPIs": mql_count, sql_count, qualified_leads, mql_to_sql_rate, mql_to_customer_rate,
sql_to_customer_rate, lead_to_opportunity_rate, leads_by_status_share, lead_lifecycle_days,
positive_reply_rate, negative_reply_rate, days_to_first_activity, activities_booked,
calls_emails_per_rep, demos_onboarding_calls, existing_customer_engagement,
reps_at_quota_share, time_allocation_share and employee_satisfaction.

Like ``tests/oracle/oracle.py`` it reads the raw contract files directly (never the warehouse
or its SQL) and follows ``models/kpi/marts/_kpi__conventions.md`` plus the choices documented
in ``models/kpi/marts/funnel_activity/_kpi_funnel_activity__docs.md``:

- qualification, conversion, replies and activities count when they happened before the
  cut-off (as_of + 1 day); "converted to a won deal" = converted_deal_id is a deal won by the
  cut-off (and the conversion itself is not after it), as for lead_to_customer_rate;
- a reply = a completed activity linked by lead_id with that reply_sentiment; contacted = a
  completed outbound activity linked by lead_id; when no activity of the input has a
  reply_sentiment at all, the reply rates have no value (numerator and value null);
- calls_emails_per_rep counts activities owned by reps (role `rep`) over active reps;
- existing customers of a period: paying at the previous month's MRR snapshot (the end of the
  previous period) or first won deal closed before the period; engaged = a completed activity
  with that account_id in the period;
- reps_at_quota_share reads the oracle's own quota_attainment rep rows (value >= 1);
- time_allocation_share and employee_satisfaction take every time entry / survey response.

    from tests.oracle.funnel_activity import compute_funnel_activity_kpis
    df = compute_funnel_activity_kpis("seeds/crm_sample", as_of="2026-09-15")
"""

from __future__ import annotations

import sys
from unittest import mock

import numpy as np
import pandas as pd

from tests.oracle import oracle
from tests.oracle.oracle import (
    AMOUNT,
    DATE,
    GRAINS,
    INT,
    TEXT,
    TS,
    UNKNOWN,
    Context,
    active_rep_records,
    by_grain,
    empty_rows,
    enum,
    kpi_rows,
    period_last_day,
    period_of,
    periods_between,
    prepare_activities,
    prepare_deals,
    prepare_leads,
    rows_from_records,
    shift_period,
    team_kpis,
)

FUNNEL_ACTIVITY_KPIS = [
    "mql_count",
    "sql_count",
    "qualified_leads",
    "mql_to_sql_rate",
    "mql_to_customer_rate",
    "sql_to_customer_rate",
    "lead_to_opportunity_rate",
    "leads_by_status_share",
    "lead_lifecycle_days",
    "positive_reply_rate",
    "negative_reply_rate",
    "days_to_first_activity",
    "activities_booked",
    "calls_emails_per_rep",
    "demos_onboarding_calls",
    "existing_customer_engagement",
    "reps_at_quota_share",
    "time_allocation_share",
    "employee_satisfaction",
]

LEAD_DIMS = ["overall", "lead_source", "campaign", "region", "rep"]
COHORT_DIMS = ["overall", "lead_source", "campaign", "region"]

# Contract tables the core oracle does not read: primary key, parsed columns, the columns
# staging requires (a row without them is quarantined) and integer bounds.
EXTRA_TABLES = {
    "rep_time_entries": dict(
        schema=dict(
            required=False,
            pk=["entry_id"],
            columns=dict(
                entry_id=TEXT,
                user_id=TEXT,
                work_date=DATE,
                category=enum(
                    "prospecting", "presenting", "data_entry", "lead_research", "meetings", "admin", "other"
                ),
                minutes=AMOUNT,
            ),
        ),
        required=["work_date", "minutes"],
        bounds={},
    ),
    "rep_surveys": dict(
        schema=dict(
            required=False,
            pk=["response_id"],
            columns=dict(response_id=TEXT, user_id=TEXT, responded_at=TS, score=INT),
        ),
        required=["responded_at", "score"],
        bounds={"score": (1, 10)},
    ),
}


def stage_extra_table(ctx: Context, table: str) -> pd.DataFrame:
    """The record rules of oracle.stage_table applied to a table it has no schema for; rows
    missing a required value or outside the bounds are dropped (staging quarantines them)."""
    spec = EXTRA_TABLES[table]
    columns = list(spec["schema"]["columns"])
    with (
        mock.patch.dict(oracle.SCHEMAS, {table: spec["schema"]}),
        mock.patch.dict(oracle.NEEDED, {table: columns}),
    ):
        if oracle.read_raw(ctx.raw_dir, table) is None:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        clean, _ = oracle.stage_table(ctx.raw_dir, table)
    for column in spec["required"]:
        clean = clean[clean[column].notna()]
    for column, (low, high) in spec["bounds"].items():
        clean = clean[(clean[column] >= low) & (clean[column] <= high)]
    return clean.reset_index(drop=True)


def _happened(ctx: Context, timestamps: pd.Series) -> pd.Series:
    """The timestamp when it is before the cut-off, else NaT (not happened yet)."""
    return timestamps.where(timestamps < ctx.cutoff)


def lead_facts(ctx: Context, deals: pd.DataFrame, acts: pd.DataFrame) -> pd.DataFrame:
    """Leads created by the cut-off with their funnel events as of the cut-off."""
    leads = prepare_leads(ctx)
    leads["status"] = leads["status"].fillna(UNKNOWN)
    leads["mql_eff"] = _happened(ctx, leads["mql_at"])
    leads["sql_eff"] = _happened(ctx, leads["sql_at"])
    leads["converted_eff"] = _happened(ctx, leads["converted_at"])

    won = deals[deals["won"]].set_index("deal_id")["closed_eff"]
    leads["won_closed_at"] = _lookup(leads["converted_deal_id"], won)
    leads["customer"] = leads["won_closed_at"].notna() & ~(leads["converted_at"] >= ctx.cutoff)

    linked = acts[acts["lead_id"].notna()]
    outbound = linked[linked["direction"] == "outbound"]
    leads["contacted"] = leads["lead_id"].isin(set(outbound["lead_id"]))
    for sentiment in ("positive", "negative"):
        replied = set(linked.loc[linked["reply_sentiment"] == sentiment, "lead_id"])
        leads[f"{sentiment}_reply"] = leads["lead_id"].isin(replied)

    touches = leads[["lead_id", "created_at"]].merge(outbound[["lead_id", "occurred_at"]], on="lead_id")
    touches = touches[touches["occurred_at"] >= touches["created_at"]]
    first = touches.groupby("lead_id")["occurred_at"].min()
    leads["first_response_at"] = _lookup(leads["lead_id"], first)
    return leads


def _lookup(keys: pd.Series, values: pd.Series) -> pd.Series:
    """keys.map(values) that keeps the values' dtype (NaT for a missing key), also when values
    is empty (Series.map through an empty datetime Series raises)."""
    return values.reindex(keys.to_numpy()).set_axis(keys.index)


def funnel_kpis(ctx: Context, leads: pd.DataFrame) -> dict:
    out = {}
    mql = leads[leads["mql_eff"].notna()]
    sql = leads[leads["sql_eff"].notna()]
    out["mql_count"] = rows_from_records(
        "mql_count", "count", "sum", by_grain(mql.assign(num=1.0), "mql_eff"), LEAD_DIMS, ctx
    )
    out["sql_count"] = rows_from_records(
        "sql_count", "count", "sum", by_grain(sql.assign(num=1.0), "sql_eff"), LEAD_DIMS, ctx
    )
    out["qualified_leads"] = out["sql_count"].assign(kpi_id="qualified_leads")

    cohorts = {
        "mql_to_sql_rate": (mql, "mql_eff", mql["sql_eff"].notna()),
        "mql_to_customer_rate": (mql, "mql_eff", mql["customer"]),
        "sql_to_customer_rate": (sql, "sql_eff", sql["customer"]),
    }
    for kpi_id, (cohort, date_column, reached) in cohorts.items():
        records = by_grain(cohort.assign(num=reached.astype(float), den=1.0), date_column)
        out[kpi_id] = rows_from_records(kpi_id, "ratio", "ratio", records, COHORT_DIMS, ctx)

    records = by_grain(leads.assign(num=leads["converted_eff"].notna().astype(float), den=1.0), "created_at")
    out["lead_to_opportunity_rate"] = rows_from_records(
        "lead_to_opportunity_rate", "ratio", "ratio", records, LEAD_DIMS, ctx
    )

    snapshot = leads.assign(grain="snapshot", period=pd.Timestamp(ctx.as_of), num=1.0, den=0.0)[
        ["grain", "period", "status", "num", "den"]
    ]
    by_status = snapshot.groupby(["grain", "period", "status"], as_index=False)["num"].sum()
    by_status["den"] = by_status["num"].sum()
    out["leads_by_status_share"] = rows_from_records(
        "leads_by_status_share", "ratio", "ratio", by_status, ["status"], ctx, grains=["snapshot"]
    )

    won = leads[leads["customer"]]
    days = (won["won_closed_at"] - won["created_at"]).dt.total_seconds() / 86400.0
    records = by_grain(won.assign(num=days, den=1.0), "won_closed_at")
    out["lead_lifecycle_days"] = rows_from_records(
        "lead_lifecycle_days", "days", "ratio", records, LEAD_DIMS, ctx
    )

    contacted = leads[leads["contacted"]]
    # An input in which no (non-deleted) activity records a reply sentiment (HubSpot) cannot
    # tell a lead without replies from one whose replies are unknown: the rates have no value.
    sentiment_recorded = ctx.tables["activities"]["reply_sentiment"].notna().any()
    for sentiment in ("positive", "negative"):
        kpi_id = f"{sentiment}_reply_rate"
        records = by_grain(
            contacted.assign(num=contacted[f"{sentiment}_reply"].astype(float), den=1.0), "created_at"
        )
        rows = rows_from_records(kpi_id, "ratio", "ratio", records, LEAD_DIMS, ctx)
        if not sentiment_recorded:
            rows = rows.assign(numerator=np.nan, value=np.nan)
        out[kpi_id] = rows

    responded = leads[leads["first_response_at"].notna()]
    days = (responded["first_response_at"] - responded["created_at"]).dt.total_seconds() / 86400.0
    records = by_grain(responded.assign(num=days, den=1.0), "created_at")
    out["days_to_first_activity"] = rows_from_records(
        "days_to_first_activity", "days", "ratio", records, ["overall", "lead_source", "rep"], ctx
    )
    return out


def activity_kpis(ctx: Context, acts: pd.DataFrame) -> dict:
    """activities_booked (every activity by created_at), calls_emails_per_rep and
    demos_onboarding_calls (completed ones by occurred_at)."""
    out = {}
    booked = ctx.tables["activities"]
    booked = booked[booked["created_at"] < ctx.cutoff].copy()
    booked["activity_type"] = booked["activity_type"].fillna(UNKNOWN)
    booked["rep"] = ctx.rep(booked["owner_id"])
    booked["team"] = ctx.team_of_user(booked["owner_id"])
    out["activities_booked"] = rows_from_records(
        "activities_booked",
        "count",
        "sum",
        by_grain(booked.assign(num=1.0), "created_at"),
        ["overall", "activity_type", "rep", "team"],
        ctx,
    )

    by_reps = acts[
        (acts["owner_id"].map(ctx.user_role) == "rep") & acts["activity_type"].isin(["call", "email"])
    ]
    reps = active_rep_records(ctx)
    records = pd.concat(
        [
            by_grain(by_reps.assign(num=1.0, den=0.0)[["occurred_at", "team", "num", "den"]], "occurred_at"),
            reps[["team", "grain", "period", "num", "den"]],
        ],
        ignore_index=True,
    )
    out["calls_emails_per_rep"] = rows_from_records(
        "calls_emails_per_rep", "count", "ratio", records, ["overall", "team"], ctx
    )

    demos = acts[acts["activity_type"].isin(["demo", "onboarding"])]
    out["demos_onboarding_calls"] = rows_from_records(
        "demos_onboarding_calls",
        "count",
        "sum",
        by_grain(demos.assign(num=1.0), "occurred_at"),
        ["overall", "rep", "team"],
        ctx,
    )
    return out


def paying_account_months(ctx: Context) -> pd.DataFrame:
    """(account_id, month) pairs with MRR > 0 at the month's snapshot day (the month's last day,
    or as_of for the current month), summing the periods active that day in the reporting
    currency (a currency without a rate counts 0)."""
    subs = ctx.tables["subscription_periods"]
    subs = subs[subs["account_id"].notna() & (subs["period_start"] <= pd.Timestamp(ctx.as_of))]
    if subs.empty:
        return pd.DataFrame(
            {"account_id": pd.Series(dtype=object), "month": pd.Series(dtype="datetime64[ns]")}
        )
    first_month = period_of([subs["period_start"].min()], "month")[0]
    months = periods_between(first_month, ctx.asof_period("month"), "month")
    if ctx.mrr_snapshot == "month_end":
        days = np.minimum(period_last_day(months, "month"), ctx.as_of)
    else:
        days = months
    calendar = pd.DataFrame({"month": pd.to_datetime(months), "day": pd.to_datetime(days)})
    pairs = subs.merge(calendar, how="cross")
    active = (pairs["period_start"] <= pairs["day"]) & (
        pairs["period_end"].isna() | (pairs["day"] < pairs["period_end"])
    )
    pairs = pairs[active].copy()
    pairs["mrr_rc"] = np.nan_to_num(ctx.convert(pairs["mrr_amount"], pairs["currency"], pairs["day"]))
    mrr = pairs.groupby(["account_id", "month"], as_index=False)["mrr_rc"].sum()
    return mrr.loc[mrr["mrr_rc"] > 0, ["account_id", "month"]]


def existing_customer_kpis(ctx: Context, deals: pd.DataFrame, acts: pd.DataFrame) -> dict:
    """existing_customer_engagement: per period, customers = accounts paying at the end of the
    month before the period starts, or whose first won deal closed before it; numerator = those
    with a completed activity (by account_id) in the period."""
    won = deals[deals["won"] & deals["account_id"].notna()]
    first_won = won.groupby("account_id")["closed_eff"].min()
    first_won_day = pd.Series(_days_series(first_won), index=first_won.index)
    paying = paying_account_months(ctx)
    paying_keys = set(zip(paying["account_id"], paying["month"]))
    engaged = acts[acts["account_id"].notna()]

    starts = []
    if len(first_won):
        starts.append(period_of([first_won_day.min()], "month")[0])
    if len(paying):
        starts.append(np.datetime64(paying["month"].min(), "D"))
    if not starts:
        return {"existing_customer_engagement": empty_rows()}
    first_month = min(starts)

    parts = []
    accounts = sorted(set(first_won.index) | set(paying["account_id"]))
    for grain in GRAINS:
        engaged_keys = set(
            zip(engaged["account_id"], pd.to_datetime(period_of(engaged["occurred_at"], grain)))
        )
        for start in periods_between(period_of([first_month], grain)[0], ctx.asof_period(grain), grain):
            previous_month = pd.Timestamp(shift_period([start], "month", -1)[0])
            period = pd.Timestamp(start)
            for account in accounts:
                won_before = account in first_won_day.index and first_won_day[account] < np.datetime64(
                    start, "D"
                )
                paying_at_start = (account, previous_month) in paying_keys
                if won_before or paying_at_start:
                    parts.append((grain, period, account, float((account, period) in engaged_keys)))
    records = pd.DataFrame(parts, columns=["grain", "period", "account_id", "num"]).assign(den=1.0)
    records["region"] = ctx.region_of_account(records["account_id"])
    records["segment"] = ctx.segment_of_account(records["account_id"])
    return {
        "existing_customer_engagement": rows_from_records(
            "existing_customer_engagement", "ratio", "ratio", records, ["overall", "region", "segment"], ctx
        )
    }


def _days_series(values: pd.Series) -> np.ndarray:
    return np.asarray(values.values).astype("datetime64[D]")


def team_time_kpis(ctx: Context, deals: pd.DataFrame, acts: pd.DataFrame) -> dict:
    """reps_at_quota_share (from the oracle's quota_attainment rep rows),
    time_allocation_share and employee_satisfaction."""
    out = {}
    attainment = team_kpis(ctx, deals, acts)["quota_attainment"]
    reps = attainment[attainment["dimension"] == "rep"].copy()
    reps["num"] = (reps["value"] >= 1).astype(float)
    reps["den"] = 1.0
    reps["team"] = ctx.team_of_user(reps["dimension_value"].where(reps["dimension_value"] != UNKNOWN))
    out["reps_at_quota_share"] = rows_from_records(
        "reps_at_quota_share",
        "ratio",
        "ratio",
        reps[["grain", "period", "team", "num", "den"]],
        ["overall", "team"],
        ctx,
    )

    entries = stage_extra_table(ctx, "rep_time_entries")
    entries = entries[entries["work_date"] <= pd.Timestamp(ctx.as_of)].copy()
    if entries.empty:
        out["time_allocation_share"] = empty_rows()
    else:
        entries["category"] = entries["category"].fillna(UNKNOWN)
        entries = by_grain(entries, "work_date")
        minutes = entries.groupby(["grain", "period", "category"], as_index=False)["minutes"].sum()
        minutes["num"] = minutes["minutes"]
        minutes["den"] = minutes.groupby(["grain", "period"])["minutes"].transform("sum")
        out["time_allocation_share"] = rows_from_records(
            "time_allocation_share", "ratio", "ratio", minutes, ["category"], ctx
        )

    surveys = stage_extra_table(ctx, "rep_surveys")
    surveys = surveys[surveys["responded_at"] < ctx.cutoff].copy()
    surveys["team"] = ctx.team_of_user(surveys["user_id"])
    out["employee_satisfaction"] = rows_from_records(
        "employee_satisfaction",
        "score",
        "ratio",
        by_grain(surveys.assign(num=surveys["score"].astype(float), den=1.0), "responded_at"),
        ["overall", "team"],
        ctx,
    )
    return out


def compute_funnel_activity_kpis(
    raw_dir, as_of: str, reporting_currency="USD", mrr_snapshot="month_end", fx_base="USD"
) -> pd.DataFrame:
    """The funnel and activity KPIs in the shape of `kpi_values` (columns OUTPUT_COLUMNS, one
    row per kpi_id, grain, period_start, dimension, dimension_value)."""
    ctx = Context(raw_dir, as_of, reporting_currency, mrr_snapshot, fx_base)
    deals = prepare_deals(ctx)
    acts = prepare_activities(ctx)
    leads = lead_facts(ctx, deals, acts)

    results = {}
    results.update(funnel_kpis(ctx, leads))
    results.update(activity_kpis(ctx, acts))
    results.update(existing_customer_kpis(ctx, deals, acts))
    results.update(team_time_kpis(ctx, deals, acts))

    return kpi_rows(ctx, results, FUNNEL_ACTIVITY_KPIS)


if __name__ == "__main__":
    result = compute_funnel_activity_kpis(sys.argv[1], sys.argv[2])
    print(result.groupby("kpi_id").size().to_string())
