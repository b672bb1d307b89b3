{#- Quarter and year rows are computed from the records, and every numerator and denominator of
    these KPIs is a sum over records, so a quarter (year) must equal the sum of its months, for
    every dimension member. Returns the rows where it does not. -#}
{%- set models = [
    'kpi_new_leads', 'kpi_lead_to_customer_rate', 'kpi_lead_follow_up_rate',
    'kpi_lead_response_hours', 'kpi_cost_per_lead', 'kpi_new_customers', 'kpi_cac',
] -%}

with

kpi_rows as (

    {%- for model_name in models %}
    select
        kpi_id,
        grain,
        period_start,
        dimension,
        dimension_value,
        numerator,
        coalesce(denominator, 0) as denominator
    from {{ ref(model_name) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

month_rows_by_period as (

    {%- for grain in ['quarter', 'year'] %}
    select
        kpi_id,
        '{{ grain }}' as grain,
        cast({{ dbt.date_trunc(grain, 'period_start') }} as date) as period_start,
        dimension,
        dimension_value,
        numerator,
        denominator
    from kpi_rows
    where grain = 'month'
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

month_sums as (

    select
        kpi_id,
        grain,
        period_start,
        dimension,
        dimension_value,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from month_rows_by_period
    group by kpi_id, grain, period_start, dimension, dimension_value

),

period_rows as (

    select * from kpi_rows
    where grain in ('quarter', 'year')

),

final as (

    select
        coalesce(period_rows.kpi_id, month_sums.kpi_id) as kpi_id,
        coalesce(period_rows.grain, month_sums.grain) as grain,
        coalesce(period_rows.period_start, month_sums.period_start) as period_start,
        coalesce(period_rows.dimension, month_sums.dimension) as dimension,
        coalesce(period_rows.dimension_value, month_sums.dimension_value) as dimension_value,
        period_rows.numerator as period_numerator,
        month_sums.numerator as month_numerator,
        period_rows.denominator as period_denominator,
        month_sums.denominator as month_denominator
    from period_rows
    full outer join month_sums
        on period_rows.kpi_id = month_sums.kpi_id
            and period_rows.grain = month_sums.grain
            and period_rows.period_start = month_sums.period_start
            and period_rows.dimension = month_sums.dimension
            and period_rows.dimension_value = month_sums.dimension_value
    where
        period_rows.kpi_id is null
        or month_sums.kpi_id is null
        or abs(period_rows.numerator - month_sums.numerator) > 0.000000001 * (1 + abs(period_rows.numerator))
        or abs(period_rows.denominator - month_sums.denominator) > 0.000000001 * (1 + abs(period_rows.denominator))

)

select * from final
