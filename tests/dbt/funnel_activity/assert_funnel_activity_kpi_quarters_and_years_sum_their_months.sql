{#- For the KPIs built from dated records (flows, cohorts, averages and the time shares), a
    quarter's numerator and denominator equal the sums of its months', and a year's the sums of
    its quarters', for every member. Left out: the snapshot (leads_by_status_share) and the
    KPIs whose records belong to a period (existing customers, active reps, reps with a quota).
    Returns the rows that differ or exist on one side only. -#}
with

additive_rows as (

    {%- for kpi_model in [
        'kpi_mql_count', 'kpi_sql_count', 'kpi_qualified_leads', 'kpi_mql_to_sql_rate',
        'kpi_mql_to_customer_rate', 'kpi_sql_to_customer_rate', 'kpi_lead_to_opportunity_rate',
        'kpi_lead_lifecycle_days', 'kpi_positive_reply_rate', 'kpi_negative_reply_rate',
        'kpi_days_to_first_activity', 'kpi_activities_booked', 'kpi_demos_onboarding_calls',
        'kpi_time_allocation_share', 'kpi_employee_satisfaction'
    ] %}
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

{% for grain, parent in [('month', 'quarter'), ('quarter', 'year')] %}
{{ grain }}_rollup as (

    select
        kpi_id,
        '{{ parent }}' as grain,
        cast({{ dbt.date_trunc(parent, 'period_start') }} as date) as period_start,
        dimension,
        dimension_value,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from additive_rows
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
        coalesce(rollups.kpi_id, additive_rows.kpi_id) as kpi_id,
        coalesce(rollups.grain, additive_rows.grain) as grain,
        coalesce(rollups.period_start, additive_rows.period_start) as period_start,
        coalesce(rollups.dimension, additive_rows.dimension) as dimension,
        coalesce(rollups.dimension_value, additive_rows.dimension_value) as dimension_value,
        rollups.numerator as rolled_up_numerator,
        additive_rows.numerator as period_numerator,
        rollups.denominator as rolled_up_denominator,
        additive_rows.denominator as period_denominator
    from rollups
    full outer join additive_rows
        on rollups.kpi_id = additive_rows.kpi_id
            and rollups.grain = additive_rows.grain
            and rollups.period_start = additive_rows.period_start
            and rollups.dimension = additive_rows.dimension
            and rollups.dimension_value = additive_rows.dimension_value
    where
        coalesce(additive_rows.grain, rollups.grain) in ('quarter', 'year')
        and (
            rollups.kpi_id is null
            or additive_rows.kpi_id is null
            or abs(rollups.numerator - additive_rows.numerator) > 1e-6 * (1 + abs(additive_rows.numerator))
            or abs(rollups.denominator - additive_rows.denominator) > 1e-6 * (1 + abs(additive_rows.denominator))
        )

)

select * from final
