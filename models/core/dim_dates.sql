{#- One row per day from the first month with data (deals, leads, activities, subscriptions,
    rep hires, quotas, commission plans, expenses) to 12 months after the as-of day. -#}
with

deals as (

    select * from {{ ref('stg_crm__deals') }}

),

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

activities as (

    select * from {{ ref('stg_crm__activities') }}

),

subscription_periods as (

    select * from {{ ref('stg_crm__subscription_periods') }}

),

users as (

    select * from {{ ref('stg_crm__users') }}

),

quotas as (

    select * from {{ ref('stg_crm__quotas') }}

),

commission_plans as (

    select * from {{ ref('stg_crm__commission_plans') }}

),

expenses as (

    select * from {{ ref('stg_crm__expenses') }}

),

first_days as (

    select cast(min(created_at) as date) as first_date from deals
    union all
    select cast(min(created_at) as date) from leads
    union all
    select cast(min(occurred_at) as date) from activities
    union all
    select min(period_start) from subscription_periods
    union all
    select min(hired_date) from users
    where role = 'rep'
    union all
    select min(period_start) from quotas
    union all
    select min(effective_from) from commission_plans
    union all
    select min(expense_date) from expenses

),

spine_bounds as (

    select
        cast({{ dbt.date_trunc('month', 'coalesce(min(first_date), ' ~ as_of_date() ~ ')') }} as date)
            as start_date,
        cast({{ dbt.dateadd('month', 12, as_of_date()) }} as date) as end_date
    from first_days

),

days as (

    {{ day_spine(
        "(select start_date from spine_bounds)",
        "(select end_date from spine_bounds)"
    ) }}

),

final as (

    select
        date_day,
        cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start_date,
        cast({{ dbt.date_trunc('quarter', 'date_day') }} as date) as quarter_start_date,
        cast({{ dbt.date_trunc('year', 'date_day') }} as date) as year_start_date,
        cast({{ dbt.last_day('date_day', 'month') }} as date) as month_end_date,
        extract(year from date_day) as calendar_year,
        extract(month from date_day) as calendar_month,
        date_day <= {{ as_of_date() }} as is_on_or_before_as_of,
        date_day = {{ as_of_date() }} as is_as_of_date
    from days

)

select * from final
