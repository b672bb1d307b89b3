{#- Additive team KPIs: a quarter's and a year's numerator (and denominator) is the sum of its
    months' (activities, won revenue by reps' periods, quota pairs, commission months), for
    every member. Not for active_reps (distinct reps) nor the per-rep denominators.
    Returns the (kpi, grain, period, member) whose months do not add up. -#}
with

additive_rows as (

    {#- per-rep ratios: only the numerator is additive (their denominators count distinct reps) -#}
    {%- for kpi_model in [
        'kpi_activities_completed', 'kpi_activities_per_rep', 'kpi_sales_per_rep',
        'kpi_quota_attainment', 'kpi_commission_amount'
    ] %}
    select
        kpi_id,
        grain,
        period_start,
        dimension,
        dimension_value,
        numerator,
        {%- if kpi_model.endswith('_per_rep') %}
        cast(null as {{ type_double() }}) as denominator
        {%- else %}
        denominator
        {%- endif %}
    from {{ ref(kpi_model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

month_rows as (

    select * from additive_rows
    where grain = 'month'

),

months_by_period as (

    {%- for grain in ['quarter', 'year'] %}
    select
        kpi_id,
        '{{ grain }}' as grain,
        cast({{ dbt.date_trunc(grain, 'period_start') }} as date) as period_start,
        dimension,
        dimension_value,
        sum(numerator) as numerator,
        sum(coalesce(denominator, 0)) as denominator
    from month_rows
    group by
        kpi_id,
        cast({{ dbt.date_trunc(grain, 'period_start') }} as date),
        dimension,
        dimension_value
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

period_rows as (

    select
        kpi_id,
        grain,
        period_start,
        dimension,
        dimension_value,
        numerator,
        coalesce(denominator, 0) as denominator
    from additive_rows
    where grain in ('quarter', 'year')

),

compared as (

    select
        coalesce(period_rows.kpi_id, months_by_period.kpi_id) as kpi_id,
        coalesce(period_rows.grain, months_by_period.grain) as grain,
        coalesce(period_rows.period_start, months_by_period.period_start) as period_start,
        coalesce(period_rows.dimension, months_by_period.dimension) as dimension,
        coalesce(period_rows.dimension_value, months_by_period.dimension_value) as dimension_value,
        coalesce(period_rows.numerator, 0) as period_numerator,
        coalesce(months_by_period.numerator, 0) as months_numerator,
        coalesce(period_rows.denominator, 0) as period_denominator,
        coalesce(months_by_period.denominator, 0) as months_denominator
    from period_rows
    full outer join months_by_period
        on period_rows.kpi_id = months_by_period.kpi_id
            and period_rows.grain = months_by_period.grain
            and period_rows.period_start = months_by_period.period_start
            and period_rows.dimension = months_by_period.dimension
            and period_rows.dimension_value = months_by_period.dimension_value

)

select * from compared
where
    abs(period_numerator - months_numerator) > 1e-6 * (1 + abs(period_numerator))
    or abs(period_denominator - months_denominator) > 1e-6 * (1 + abs(period_denominator))
