{#- The catalog's ranges of the team KPIs: counts, amounts, per-rep values and attainment are
    >= 0 (attainment may exceed 1); a growth rate of a non-negative amount is >= -1.
    Returns the rows out of range. -#}
with

non_negative_values as (

    select kpi_id, grain, period_start, dimension, dimension_value, value
    from {{ ref('kpi_activities_completed') }}
    union all
    select kpi_id, grain, period_start, dimension, dimension_value, value
    from {{ ref('kpi_active_reps') }}
    union all
    select kpi_id, grain, period_start, dimension, dimension_value, value
    from {{ ref('kpi_activities_per_rep') }}
    union all
    select kpi_id, grain, period_start, dimension, dimension_value, value
    from {{ ref('kpi_sales_per_rep') }}
    union all
    select kpi_id, grain, period_start, dimension, dimension_value, value
    from {{ ref('kpi_quota_attainment') }}
    union all
    select kpi_id, grain, period_start, dimension, dimension_value, value
    from {{ ref('kpi_commission_amount') }}

),

growth_values as (

    select kpi_id, grain, period_start, dimension, dimension_value, value
    from {{ ref('kpi_won_revenue_growth_mom') }}
    union all
    select kpi_id, grain, period_start, dimension, dimension_value, value
    from {{ ref('kpi_won_revenue_growth_yoy') }}

),

out_of_range as (

    select * from non_negative_values
    where value < 0
    union all
    select * from growth_values
    where value < -1

)

select * from out_of_range
