{#- Amounts that could not be converted to the reporting currency (their currency has no
    rate in fx_rates, or no currency is given): left out of every sum, and listed here so the
    gap is visible instead of a silent 0. Grain: one row per table_name + currency. -#}
with

deals as (

    select * from {{ ref('fct_deals') }}

),

deal_line_items as (

    select * from {{ ref('fct_deal_line_items') }}

),

expenses as (

    select * from {{ ref('fct_expenses') }}

),

quotas as (

    select * from {{ ref('fct_quotas') }}

),

subscription_months as (

    select * from {{ ref('int_subscription_mrr_monthly') }}

),

competitor_prices as (

    select * from {{ ref('fct_competitor_prices') }}

),

unconverted_amounts as (

    select
        'deals' as table_name,
        currency,
        amount,
        amount_event_date as event_date
    from deals
    where amount is not null and amount_reporting is null

    union all

    select
        'deal_line_items' as table_name,
        currency,
        net_amount as amount,
        cast(null as date) as event_date
    from deal_line_items
    where net_amount is not null and net_amount_reporting is null

    union all

    select
        'expenses' as table_name,
        currency,
        amount,
        expense_date as event_date
    from expenses
    where amount is not null and amount_reporting is null

    union all

    select
        'quotas' as table_name,
        currency,
        quota_amount as amount,
        month_start_date as event_date
    from quotas
    where quota_amount is not null and quota_amount_reporting is null

    union all

    select
        'subscription_periods' as table_name,
        currency,
        mrr_amount as amount,
        snapshot_date as event_date
    from subscription_months
    where mrr_amount is not null and mrr_reporting is null

    union all

    select
        'competitor_prices' as table_name,
        currency,
        price as amount,
        observed_date as event_date
    from competitor_prices
    where price is not null and price_reporting is null

),

final as (

    select
        table_name,
        coalesce(currency, 'unknown') as currency,
        {{ reporting_currency() }} as reporting_currency,
        count(*) as row_count,
        {{ exact_sum('amount') }} as amount,
        min(event_date) as first_event_date,
        max(event_date) as last_event_date
    from unconverted_amounts
    group by table_name, coalesce(currency, 'unknown')

)

select * from final
