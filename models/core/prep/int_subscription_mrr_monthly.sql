{#- Subscription periods active on each month's snapshot day (var mrr_snapshot: month_end =
    the month's last day, or as_of_date for the current month; month_start = its first day),
    valued in the reporting currency at that day's rate. Months up to the as-of month. -#}
{%- set snapshot = mrr_snapshot() -%}
{%- set snapshot_day = 'month_start_date' if snapshot == 'month_start'
    else 'least(month_end_date, ' ~ as_of_date() ~ ')' -%}
with

subscription_periods as (

    select * from {{ ref('stg_crm__subscription_periods') }}

),

fx_rate_periods as (

    select * from {{ ref('int_fx_rate_periods') }}

),

dates as (

    select * from {{ ref('dim_dates') }}

),

months as (

    select distinct
        month_start_date,
        {{ snapshot_day }} as snapshot_date
    from dates
    where month_start_date <= {{ as_of_date() }}

),

active_periods as (

    select
        subscription_periods.subscription_id,
        subscription_periods.period_start,
        subscription_periods.account_id,
        coalesce(subscription_periods.product_id, 'unknown') as product_id,
        coalesce(subscription_periods.pricing_plan, 'unknown') as pricing_plan,
        subscription_periods.billing_interval,
        subscription_periods.mrr_amount,
        subscription_periods.currency,
        months.month_start_date,
        months.snapshot_date
    from subscription_periods
    inner join months
        on subscription_periods.period_start <= months.snapshot_date
            and (
                subscription_periods.period_end is null
                or subscription_periods.period_end > months.snapshot_date
            )

),

final as (

    select
        {{ dbt.concat([
            'active_periods.subscription_id', "':'",
            "cast(active_periods.period_start as " ~ dbt.type_string() ~ ")", "':'",
            "cast(active_periods.month_start_date as " ~ dbt.type_string() ~ ")"
        ]) }} as subscription_month_id,
        active_periods.subscription_id,
        active_periods.period_start,
        active_periods.account_id,
        active_periods.product_id,
        active_periods.pricing_plan,
        active_periods.billing_interval,
        active_periods.month_start_date,
        active_periods.snapshot_date,
        active_periods.mrr_amount,
        active_periods.currency,
        active_periods.mrr_amount * fx.rate_to_reporting as mrr_reporting
    from active_periods
    {{ join_fx_rate(
        currency='active_periods.currency',
        on_date='active_periods.snapshot_date',
        fx_rate_periods='fx_rate_periods'
    ) }}

)

select * from final
