{#- Product usage per calendar period, the records of dau_mau: the app users active on each day
    (fct_product_active_users), summed over the period's days, and the distinct users active in
    the period. An app user is (account_id, app_user_id), the contract's key without the day.
    The days counted run from the period's first day, or the first day of usage data in the
    warehouse if later, to its last day, or the as-of day for the current period
    (int_kpi_periods.snapshot_date); a day without any active user in that range counts as 0. -#}
{{ config(materialized='table') }}  {#- read by several KPI models and tests: computed once -#}
with

product_active_users as (

    select * from {{ ref('fct_product_active_users') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

usage_data_start as (

    select min(product_active_users.activity_date) as first_activity_date
    from product_active_users

),

active_user_days as (

    select
        product_active_users.activity_date as record_date,
        {{ dbt.concat(['product_active_users.account_id', "':'", 'product_active_users.app_user_id']) }}
            as app_user_key
    from product_active_users

),

active_user_days_in_periods as (

    {{ kpi_periodize(records='active_user_days') }}

),

usage_by_period as (

    select
        grain,
        period_start,
        count(*) as active_user_days,
        count(distinct app_user_key) as active_users
    from active_user_days_in_periods
    group by grain, period_start

),

usage_date_ranges as (

    select
        usage_by_period.grain,
        usage_by_period.period_start,
        greatest(usage_by_period.period_start, usage_data_start.first_activity_date) as first_counted_date,
        kpi_periods.snapshot_date as last_counted_date,
        usage_by_period.active_user_days,
        usage_by_period.active_users
    from usage_by_period
    inner join kpi_periods
        on usage_by_period.grain = kpi_periods.grain
            and usage_by_period.period_start = kpi_periods.period_start
    cross join usage_data_start

),

usage_day_counts as (

    select
        grain,
        period_start,
        first_counted_date,
        last_counted_date,
        1 + {{ dbt.datediff('first_counted_date', 'last_counted_date', 'day') }}
            as counted_days,
        active_user_days,
        active_users
    from usage_date_ranges

),

final as (

    select
        {{ dbt.concat([
            'usage_day_counts.grain', "':'",
            "cast(usage_day_counts.period_start as " ~ dbt.type_string() ~ ")"
        ]) }} as product_usage_period_id,
        usage_day_counts.grain,
        usage_day_counts.period_start,
        usage_day_counts.first_counted_date,
        usage_day_counts.last_counted_date,
        usage_day_counts.counted_days,
        usage_day_counts.active_user_days,
        usage_day_counts.active_users,
        cast(usage_day_counts.active_user_days as {{ type_double() }}) / usage_day_counts.counted_days
            as average_daily_active_users
    from usage_day_counts

)

select * from final
