{#- Subscription periods active at each period's MRR snapshot, for MRR by pricing plan: a month
    reads its own snapshot; a quarter or year reads its last month, or the as-of month for the
    current period (the month of int_kpi_periods.snapshot_date), like int_account_mrr_periods.
    Only subscriptions of an account (a null account_id is not an account and has no account
    MRR), so the plans split exactly the accounts' MRR. -#}
{{ config(materialized='table') }}  {#- read by several KPI models and tests: computed once -#}
with

subscription_mrr as (

    select * from {{ ref('int_subscription_mrr_monthly') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

closing_months as (

    select
        kpi_periods.grain,
        kpi_periods.period_start,
        cast({{ dbt.date_trunc('month', 'kpi_periods.snapshot_date') }} as date) as closing_month_start_date
    from kpi_periods
    where kpi_periods.grain in ('month', 'quarter', 'year')

),

final as (

    select
        {{ dbt.concat(['closing_months.grain', "':'", 'subscription_mrr.subscription_month_id']) }}
            as subscription_period_mrr_id,
        closing_months.grain,
        closing_months.period_start,
        closing_months.closing_month_start_date,
        subscription_mrr.subscription_month_id,
        subscription_mrr.subscription_id,
        subscription_mrr.account_id,
        subscription_mrr.pricing_plan,
        subscription_mrr.mrr_reporting
    from closing_months
    inner join subscription_mrr
        on closing_months.closing_month_start_date = subscription_mrr.month_start_date
    where subscription_mrr.account_id is not null

)

select * from final
