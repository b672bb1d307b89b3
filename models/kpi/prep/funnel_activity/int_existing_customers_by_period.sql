{#- The records of existing_customer_engagement: per period (month, quarter, year), every
    existing customer -- an account paying at the start of the period (MRR > 0 at the previous
    period's snapshot: int_account_mrr_periods.previous_mrr) or with a won deal closed before
    the period starts (int_account_first_won_deals) -- and whether it had a completed activity
    (fct_activities.account_id, occurred_at in the period and by the cut-off). Accounts are
    account_id keys (a deleted or missing account still counts, region/segment `unknown`). -#}
{{ config(materialized='table') }}  {#- read by several KPI models and tests: computed once -#}
with

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

account_mrr_periods as (

    select * from {{ ref('int_account_mrr_periods') }}

),

first_won_deals as (

    select * from {{ ref('int_account_first_won_deals') }}

),

activities as (

    select * from {{ ref('fct_activities') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

calendar_periods as (

    select
        grain,
        period_start
    from kpi_periods
    where grain in ('month', 'quarter', 'year')

),

paying_at_period_start as (

    select
        grain,
        period_start_date as period_start,
        account_id,
        1 as is_paying_at_period_start,
        0 as has_won_deal_before_period
    from account_mrr_periods
    where
        previous_mrr > 0
        and account_id is not null
        and grain in ('month', 'quarter', 'year')

),

won_before_period as (

    select
        calendar_periods.grain,
        calendar_periods.period_start,
        first_won_deals.account_id,
        0 as is_paying_at_period_start,
        1 as has_won_deal_before_period
    from first_won_deals
    inner join calendar_periods
        on first_won_deals.first_won_date < calendar_periods.period_start

),

customer_reasons as (

    select * from paying_at_period_start
    union all
    select * from won_before_period

),

existing_customers as (

    select
        grain,
        period_start,
        account_id,
        max(is_paying_at_period_start) as is_paying_at_period_start,
        max(has_won_deal_before_period) as has_won_deal_before_period
    from customer_reasons
    group by grain, period_start, account_id

),

account_activity_days as (

    select distinct
        account_id,
        occurred_date as record_date
    from activities
    where
        is_completed
        and account_id is not null

),

account_activity_in_periods as (

    {{ kpi_periodize(records='account_activity_days') }}

),

engaged_accounts as (

    select distinct
        grain,
        period_start,
        account_id
    from account_activity_in_periods

),

final as (

    select
        {{ dbt.concat([
            'existing_customers.grain', "':'",
            "cast(existing_customers.period_start as " ~ dbt.type_string() ~ ")", "':'",
            'existing_customers.account_id'
        ]) }} as customer_period_id,
        existing_customers.grain,
        existing_customers.period_start,
        existing_customers.account_id,
        coalesce(accounts.region, 'unknown') as region,
        coalesce(accounts.segment, 'unknown') as segment,
        existing_customers.is_paying_at_period_start = 1 as is_paying_at_period_start,
        existing_customers.has_won_deal_before_period = 1 as has_won_deal_before_period,
        engaged_accounts.account_id is not null as is_engaged
    from existing_customers
    left join accounts
        on existing_customers.account_id = accounts.account_id
            and not accounts.is_unknown_member
    left join engaged_accounts
        on existing_customers.grain = engaged_accounts.grain
            and existing_customers.period_start = engaged_accounts.period_start
            and existing_customers.account_id = engaged_accounts.account_id

)

select * from final
