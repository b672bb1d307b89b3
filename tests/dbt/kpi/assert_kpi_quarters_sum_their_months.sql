{#- For KPIs built from dated records (flows, cohorts and averages: is_additive_over_time in the
    KPI registry, seeds/reference/kpi_definitions.csv), a quarter's numerator and
    denominator equal the sums of its months', and a year's equal the sums of its quarters',
    for every member. Stocks (snapshots, MRR, active reps) and growth rates are left out. -#}
with

kpi_values as (

    select * from {{ ref('kpi_values') }}

),

kpi_registry as (

    select * from {{ ref('kpi_definitions') }}

),

additive as (

    select kpi_values.*
    from kpi_values
    inner join kpi_registry
        on kpi_values.kpi_id = kpi_registry.kpi_id
    where kpi_registry.is_additive_over_time

),

{% for grain, parent in [('month', 'quarter'), ('quarter', 'year')] %}
{{ grain }}_rollup as (

    select
        kpi_id,
        '{{ parent }}' as grain,
        cast({{ dbt.date_trunc(parent, 'period_start') }} as date) as period_start,
        dimension,
        dimension_value,
        sum(numerator) as numerator,
        sum(coalesce(denominator, 0)) as denominator
    from additive
    where grain = '{{ grain }}'
    group by
        kpi_id,
        {{ dbt.date_trunc(parent, 'period_start') }},
        dimension,
        dimension_value

),

{% endfor %}
rollups as (

    select * from month_rollup
    union all
    select * from quarter_rollup

),

final as (

    select
        rollups.kpi_id,
        rollups.grain,
        rollups.period_start,
        rollups.dimension,
        rollups.dimension_value,
        rollups.numerator as rolled_up_numerator,
        additive.numerator as period_numerator,
        rollups.denominator as rolled_up_denominator,
        additive.denominator as period_denominator
    from rollups
    full outer join additive
        on rollups.kpi_id = additive.kpi_id
            and rollups.grain = additive.grain
            and rollups.period_start = additive.period_start
            and rollups.dimension = additive.dimension
            and rollups.dimension_value = additive.dimension_value
    where
        coalesce(additive.grain, rollups.grain) in ('quarter', 'year')
        and (
            rollups.kpi_id is null
            or additive.kpi_id is null
            or abs(rollups.numerator - additive.numerator) > 0.001 * (1 + abs(additive.numerator))
            or abs(rollups.denominator - coalesce(additive.denominator, 0))
            > 0.001 * (1 + abs(coalesce(additive.denominator, 0)))
        )

)

select * from final
