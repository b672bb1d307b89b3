{#- nps counts responses by responded_at, so a quarter's or year's numerator (promoters -
    detractors) and denominator (responses) are the sums of its months', for every member.
    Fails with the rows where they differ (a missing row counts as 0). -#}
with

nps as (

    select * from {{ ref('kpi_nps') }}

),

months_rolled_up as (

    {%- for grain in ['quarter', 'year'] %}
    select
        '{{ grain }}' as grain,
        cast({{ dbt.date_trunc(grain, 'period_start') }} as date) as period_start,
        dimension,
        dimension_value,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from nps
    where grain = 'month'
    group by {{ dbt.date_trunc(grain, 'period_start') }}, dimension, dimension_value
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

periods as (

    select * from nps
    where grain in ('quarter', 'year')

),

comparison as (

    select
        coalesce(periods.grain, months_rolled_up.grain) as grain,
        coalesce(periods.period_start, months_rolled_up.period_start) as period_start,
        coalesce(periods.dimension, months_rolled_up.dimension) as dimension,
        coalesce(periods.dimension_value, months_rolled_up.dimension_value) as dimension_value,
        coalesce(periods.numerator, 0) as period_numerator,
        coalesce(months_rolled_up.numerator, 0) as months_numerator,
        coalesce(periods.denominator, 0) as period_denominator,
        coalesce(months_rolled_up.denominator, 0) as months_denominator
    from periods
    full outer join months_rolled_up
        on periods.grain = months_rolled_up.grain
            and periods.period_start = months_rolled_up.period_start
            and periods.dimension = months_rolled_up.dimension
            and periods.dimension_value = months_rolled_up.dimension_value

)

select *
from comparison
where
    period_numerator <> months_numerator
    or period_denominator <> months_denominator
