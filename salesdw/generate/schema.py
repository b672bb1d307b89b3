"""The raw CRM contract: tables, their columns (contract order) and column kinds, primary keys."""

from __future__ import annotations

DAY = 86400
HOUR = 3600

# --------------------------------------------------------------------------
# Contract: tables, columns (contract order) and column kinds
#   s = text, ts = timestamp, d = date, b = boolean, m = money (2 dp),
#   n = decimal (minimal), r = rate (6 dp), i = integer
# --------------------------------------------------------------------------
SCHEMA: dict[str, list[tuple[str, str]]] = {
    "users": [("user_id", "s"), ("full_name", "s"), ("email", "s"), ("role", "s"), ("team_id", "s"),
              ("manager_id", "s"), ("hired_at", "d"), ("terminated_at", "d"), ("updated_at", "ts")],
    "teams": [("team_id", "s"), ("team_name", "s"), ("region", "s"), ("updated_at", "ts")],
    "accounts": [("account_id", "s"), ("account_name", "s"), ("industry", "s"), ("segment", "s"),
                 ("country", "s"), ("region", "s"), ("owner_id", "s"), ("created_at", "ts"),
                 ("is_deleted", "b"), ("updated_at", "ts")],
    "contacts": [("contact_id", "s"), ("account_id", "s"), ("first_name", "s"), ("last_name", "s"),
                 ("email", "s"), ("phone", "s"), ("title", "s"), ("created_at", "ts"),
                 ("is_deleted", "b"), ("updated_at", "ts")],
    "leads": [("lead_id", "s"), ("created_at", "ts"), ("lead_source", "s"), ("campaign_id", "s"),
              ("owner_id", "s"), ("company_name", "s"), ("email", "s"), ("country", "s"), ("region", "s"),
              ("status", "s"), ("mql_at", "ts"), ("sql_at", "ts"), ("converted_at", "ts"),
              ("converted_account_id", "s"), ("converted_deal_id", "s"), ("is_deleted", "b"),
              ("updated_at", "ts")],
    "deals": [("deal_id", "s"), ("deal_name", "s"), ("account_id", "s"), ("owner_id", "s"), ("lead_id", "s"),
              ("pipeline", "s"), ("deal_type", "s"), ("stage", "s"), ("amount", "m"), ("currency", "s"),
              ("created_at", "ts"), ("expected_close_date", "d"), ("closed_at", "ts"), ("is_closed", "b"),
              ("is_won", "b"), ("lost_reason", "s"), ("competitor", "s"), ("is_deleted", "b"),
              ("updated_at", "ts")],
    "deal_stage_history": [("deal_id", "s"), ("stage", "s"), ("entered_at", "ts"), ("changed_by", "s")],
    "pipeline_stages": [("pipeline", "s"), ("stage", "s"), ("stage_order", "i"), ("probability", "n"),
                        ("is_closed", "b"), ("is_won", "b")],
    "products": [("product_id", "s"), ("product_name", "s"), ("product_family", "s"), ("pricing_plan", "s"),
                 ("list_price", "m"), ("unit_cost", "m"), ("currency", "s"), ("updated_at", "ts")],
    "deal_line_items": [("line_item_id", "s"), ("deal_id", "s"), ("product_id", "s"), ("quantity", "n"),
                        ("unit_price", "m"), ("discount_pct", "n"), ("updated_at", "ts")],
    "activities": [("activity_id", "s"), ("activity_type", "s"), ("direction", "s"), ("owner_id", "s"),
                   ("lead_id", "s"), ("contact_id", "s"), ("account_id", "s"), ("deal_id", "s"),
                   ("created_at", "ts"), ("occurred_at", "ts"), ("status", "s"), ("duration_minutes", "n"),
                   ("reply_sentiment", "s"), ("is_deleted", "b"), ("updated_at", "ts")],
    "subscription_periods": [("subscription_id", "s"), ("account_id", "s"), ("product_id", "s"),
                             ("pricing_plan", "s"), ("period_start", "d"), ("period_end", "d"),
                             ("mrr_amount", "m"), ("currency", "s"), ("billing_interval", "s"),
                             ("updated_at", "ts")],
    "expenses": [("expense_id", "s"), ("expense_date", "d"), ("category", "s"), ("channel", "s"),
                 ("campaign_id", "s"), ("amount", "m"), ("currency", "s"), ("updated_at", "ts")],
    "campaigns": [("campaign_id", "s"), ("campaign_name", "s"), ("channel", "s"), ("started_at", "d"),
                  ("ended_at", "d"), ("budget", "m"), ("currency", "s"), ("updated_at", "ts")],
    "fx_rates": [("rate_date", "d"), ("currency", "s"), ("rate_to_reporting", "r")],
    "quotas": [("user_id", "s"), ("period_start", "d"), ("quota_amount", "m"), ("currency", "s")],
    "commission_plans": [("user_id", "s"), ("effective_from", "d"), ("effective_to", "d"), ("base_rate", "n"),
                         ("accelerator_threshold", "n"), ("accelerator_rate", "n")],
    "customer_surveys": [("response_id", "s"), ("survey_type", "s"), ("account_id", "s"), ("contact_id", "s"),
                         ("responded_at", "ts"), ("score", "i"), ("comment", "s")],
    "rep_surveys": [("response_id", "s"), ("user_id", "s"), ("responded_at", "ts"), ("score", "i")],
    "rep_time_entries": [("entry_id", "s"), ("user_id", "s"), ("work_date", "d"), ("category", "s"),
                         ("minutes", "n")],
    "product_active_users": [("activity_date", "d"), ("account_id", "s"), ("app_user_id", "s")],
    "competitor_prices": [("competitor", "s"), ("product_family", "s"), ("observed_at", "d"), ("price", "m"),
                          ("currency", "s")],
    "market_size": [("region", "s"), ("year", "i"), ("market_revenue", "m")],
}
TABLES = list(SCHEMA)

PRIMARY_KEYS = {
    "users": ["user_id"], "teams": ["team_id"], "accounts": ["account_id"], "contacts": ["contact_id"],
    "leads": ["lead_id"], "deals": ["deal_id"], "deal_stage_history": ["deal_id", "stage", "entered_at"],
    "pipeline_stages": ["pipeline", "stage"], "products": ["product_id"], "deal_line_items": ["line_item_id"],
    "activities": ["activity_id"], "subscription_periods": ["subscription_id", "period_start"],
    "expenses": ["expense_id"], "campaigns": ["campaign_id"], "fx_rates": ["rate_date", "currency"],
    "quotas": ["user_id", "period_start"], "commission_plans": ["user_id", "effective_from"],
    "customer_surveys": ["response_id"], "rep_surveys": ["response_id"], "rep_time_entries": ["entry_id"],
    "product_active_users": ["activity_date", "account_id", "app_user_id"],
    "competitor_prices": ["competitor", "product_family", "observed_at"], "market_size": ["region", "year"],
}

LAST_MANIFEST: dict = {}

