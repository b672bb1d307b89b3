{#- Flow KPIs of deals (records placed by their creation or close day): a quarter's and a
    year's numerator and denominator are the sums over their months, for every dimension
    member (a missing row counts as 0). Snapshot KPIs (pipeline_value) and sales_velocity (a
    product of KPIs) are not additive and are left out. Returns the differences. -#}
{%- set flow_kpis = [
    'kpi_new_opportunities', 'kpi_pipeline_created_amount', 'kpi_deals_won', 'kpi_won_revenue',
    'kpi_win_rate', 'kpi_avg_deal_size', 'kpi_sales_cycle_days', 'kpi_stage_conversion_rate'
] -%}
with

kpi_rows as (

    {%- for kpi_model in flow_kpis %}
    select
        kpi_id,
        grain,
        period_start,
        dimension,
        dimension_value,
        numerator,
        coalesce(denominator, 0) as denominator
    from {{ ref(kpi_model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

month_rows as (

    select * from kpi_rows
    where grain = 'month'

),

months_rolled_up as (

    {%- for grain in ['quarter', 'year'] %}
    select
        kpi_id,
        '{{ grain }}' as grain,
        cast({{ dbt.date_trunc(grain, 'period_start') }} as date) as period_start,
        dimension,
        dimension_value,
        sum(numerator) as months_numerator,
        sum(denominator) as months_denominator
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

longer_period_rows as (

    select * from kpi_rows
    where grain in ('quarter', 'year')

),

compared as (

    select
        coalesce(longer_period_rows.kpi_id, months_rolled_up.kpi_id) as kpi_id,
        coalesce(longer_period_rows.grain, months_rolled_up.grain) as grain,
        coalesce(longer_period_rows.period_start, months_rolled_up.period_start) as period_start,
        coalesce(longer_period_rows.dimension, months_rolled_up.dimension) as dimension,
        coalesce(longer_period_rows.dimension_value, months_rolled_up.dimension_value)
            as dimension_value,
        coalesce(longer_period_rows.numerator, 0) as period_numerator,
        coalesce(months_rolled_up.months_numerator, 0) as months_numerator,
        coalesce(longer_period_rows.denominator, 0) as period_denominator,
        coalesce(months_rolled_up.months_denominator, 0) as months_denominator
    from longer_period_rows
    full outer join months_rolled_up
        on longer_period_rows.kpi_id = months_rolled_up.kpi_id
            and longer_period_rows.grain = months_rolled_up.grain
            and longer_period_rows.period_start = months_rolled_up.period_start
            and longer_period_rows.dimension = months_rolled_up.dimension
            and longer_period_rows.dimension_value = months_rolled_up.dimension_value

)

select * from compared
where
    abs(period_numerator - months_numerator) > 0.000001 * (1 + abs(period_numerator))
    or abs(period_denominator - months_denominator) > 0.000001 * (1 + abs(period_denominator))
