{#- activities_per_rep and sales_per_rep divide by active_reps of the same period and member;
    sales_per_rep's numerator is won_revenue of the same period and member (overall and team).
    active_reps of a quarter or year lies between the largest and the sum of its months'.
    Returns the rows where a part does not match. -#}
with

active_reps as (

    select * from {{ ref('kpi_active_reps') }}

),

won_revenue as (

    select * from {{ ref('kpi_won_revenue') }}
    where dimension in ('overall', 'team')

),

per_rep_rows as (

    {%- for kpi_model in ['kpi_activities_per_rep', 'kpi_sales_per_rep'] %}
    select
        kpi_id,
        grain,
        period_start,
        dimension,
        dimension_value,
        numerator,
        denominator
    from {{ ref(kpi_model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

denominator_mismatches as (

    select
        per_rep_rows.kpi_id,
        per_rep_rows.grain,
        per_rep_rows.period_start,
        per_rep_rows.dimension,
        per_rep_rows.dimension_value,
        'denominator <> active_reps' as failure
    from per_rep_rows
    left join active_reps
        on per_rep_rows.grain = active_reps.grain
            and per_rep_rows.period_start = active_reps.period_start
            and per_rep_rows.dimension = active_reps.dimension
            and per_rep_rows.dimension_value = active_reps.dimension_value
    where per_rep_rows.denominator <> coalesce(active_reps.value, 0)

),

numerator_mismatches as (

    select
        per_rep_rows.kpi_id,
        per_rep_rows.grain,
        per_rep_rows.period_start,
        per_rep_rows.dimension,
        per_rep_rows.dimension_value,
        'numerator <> won_revenue' as failure
    from per_rep_rows
    left join won_revenue
        on per_rep_rows.grain = won_revenue.grain
            and per_rep_rows.period_start = won_revenue.period_start
            and per_rep_rows.dimension = won_revenue.dimension
            and per_rep_rows.dimension_value = won_revenue.dimension_value
    where
        per_rep_rows.kpi_id = 'sales_per_rep'
        and abs(per_rep_rows.numerator - coalesce(won_revenue.value, 0))
        > 1e-6 * (1 + abs(per_rep_rows.numerator))

),

months_by_period as (

    {%- for grain in ['quarter', 'year'] %}
    select
        '{{ grain }}' as grain,
        cast({{ dbt.date_trunc(grain, 'period_start') }} as date) as period_start,
        dimension,
        dimension_value,
        max(value) as largest_month,
        sum(value) as months_total
    from active_reps
    where grain = 'month'
    group by
        cast({{ dbt.date_trunc(grain, 'period_start') }} as date),
        dimension,
        dimension_value
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

headcount_mismatches as (

    select
        active_reps.kpi_id,
        active_reps.grain,
        active_reps.period_start,
        active_reps.dimension,
        active_reps.dimension_value,
        'active_reps outside [largest month, sum of months]' as failure
    from active_reps
    inner join months_by_period
        on active_reps.grain = months_by_period.grain
            and active_reps.period_start = months_by_period.period_start
            and active_reps.dimension = months_by_period.dimension
            and active_reps.dimension_value = months_by_period.dimension_value
    where
        active_reps.value < months_by_period.largest_month
        or active_reps.value > months_by_period.months_total

)

select * from denominator_mismatches
union all
select * from numerator_mismatches
union all
select * from headcount_mismatches
