{#- int_rep_monthly_won_revenue (the R of quota_attainment and commission_amount) holds every
    won deal once: per month its total over owners equals won_revenue overall, and per owner
    the won_revenue rep row. Returns the months or (rep, month) that differ. -#}
with

rep_won_revenue as (

    select * from {{ ref('int_rep_monthly_won_revenue') }}

),

won_revenue as (

    select * from {{ ref('kpi_won_revenue') }}
    where
        grain = 'month'
        and dimension in ('overall', 'rep')

),

rep_months as (

    select
        'rep' as dimension,
        user_id as dimension_value,
        month_start_date,
        won_revenue
    from rep_won_revenue
    union all
    select
        'overall' as dimension,
        'all' as dimension_value,
        month_start_date,
        sum(won_revenue) as won_revenue
    from rep_won_revenue
    group by month_start_date

),

compared as (

    select
        coalesce(rep_months.dimension, won_revenue.dimension) as dimension,
        coalesce(rep_months.dimension_value, won_revenue.dimension_value) as dimension_value,
        coalesce(rep_months.month_start_date, won_revenue.period_start) as month_start_date,
        coalesce(rep_months.won_revenue, 0) as int_won_revenue,
        coalesce(won_revenue.value, 0) as kpi_won_revenue
    from rep_months
    full outer join won_revenue
        on rep_months.dimension = won_revenue.dimension
            and rep_months.dimension_value = won_revenue.dimension_value
            and rep_months.month_start_date = won_revenue.period_start

)

select * from compared
where abs(int_won_revenue - kpi_won_revenue) > 1e-6 * (1 + abs(kpi_won_revenue))
