{#- The as-of month's mrr and paying_customers (overall rows of kpi_values) = the customer
    accounts' current_mrr and paying accounts in mart_customer_health, plus the MRR and paying
    accounts whose account_id is not a current account (deleted or orphan keys, which the KPIs
    still count). Returns the KPI and both sides when they differ. -#}
with

customer_health as (

    select * from {{ ref('mart_customer_health') }}

),

account_mrr as (

    select * from {{ ref('fct_account_mrr_monthly') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

kpi_values as (

    select * from {{ ref('kpi_values') }}

),

as_of_month_kpis as (

    select
        coalesce(max(case when kpi_id = 'mrr' then value end), 0) as mrr,
        coalesce(max(case when kpi_id = 'paying_customers' then value end), 0) as paying_customers
    from kpi_values
    where
        kpi_id in ('mrr', 'paying_customers')
        and grain = 'month'
        and dimension = 'overall'
        and period_start = cast({{ dbt.date_trunc('month', as_of_date()) }} as date)

),

health_totals as (

    select
        coalesce(sum(current_mrr), 0) as mrr,
        sum(case when is_paying then 1 else 0 end) as paying_customers
    from customer_health

),

accountless_totals as (

    select
        coalesce(sum(account_mrr.mrr), 0) as mrr,
        sum(case when account_mrr.is_paying then 1 else 0 end) as paying_customers
    from account_mrr
    left join accounts
        on account_mrr.account_id = accounts.account_id
            and not accounts.is_unknown_member
    where
        account_mrr.month_start_date = cast({{ dbt.date_trunc('month', as_of_date()) }} as date)
        and accounts.account_id is null

),

compared as (

    select
        'mrr' as kpi_id,
        as_of_month_kpis.mrr as kpi_value,
        health_totals.mrr + accountless_totals.mrr as mart_value
    from as_of_month_kpis
    cross join health_totals
    cross join accountless_totals

    union all

    select
        'paying_customers' as kpi_id,
        as_of_month_kpis.paying_customers as kpi_value,
        coalesce(health_totals.paying_customers, 0) + coalesce(accountless_totals.paying_customers, 0)
            as mart_value
    from as_of_month_kpis
    cross join health_totals
    cross join accountless_totals

)

select * from compared
where abs(mart_value - kpi_value) > 0.000001 * (1 + abs(kpi_value))
