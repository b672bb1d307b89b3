{#- Account MRR per period for the subscription KPIs: the account-period rows of
    int_account_mrr_periods (grains month, quarter and year; a period's MRR is the MRR of its
    last month up to the as-of month, with the movement from the previous period of the same
    grain) attributed to the account's current region and segment from dim_accounts (`unknown`
    when the account is missing or deleted), with the two states the KPIs count: paying now
    (mrr > 0) and paying at the end of the previous period (previous_mrr > 0). -#}
{{ config(materialized='table') }}  {#- read by several KPI models and tests: computed once -#}
with

account_mrr_periods as (

    select * from {{ ref('int_account_mrr_periods') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

final as (

    select
        account_mrr_periods.account_period_id,
        account_mrr_periods.grain,
        account_mrr_periods.period_start_date as period_start,
        account_mrr_periods.closing_month_start_date,
        account_mrr_periods.account_id,
        coalesce(accounts.region, 'unknown') as region,
        coalesce(accounts.segment, 'unknown') as segment,
        account_mrr_periods.mrr,
        account_mrr_periods.previous_mrr,
        account_mrr_periods.mrr > 0 as is_paying,
        account_mrr_periods.previous_mrr > 0 as was_paying,
        account_mrr_periods.movement_category,
        account_mrr_periods.mrr_new,
        account_mrr_periods.mrr_reactivation,
        account_mrr_periods.mrr_expansion,
        account_mrr_periods.mrr_contraction,
        account_mrr_periods.mrr_churned
    from account_mrr_periods
    left join accounts
        on account_mrr_periods.account_id = accounts.account_id
            and not accounts.is_unknown_member

)

select * from final
