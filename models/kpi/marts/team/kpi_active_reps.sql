{#- active_reps: active reps in the period (role = 'rep', hired_at <= period end and
    (terminated_at null or terminated_at >= period start); the current period ends at the
    as-of day), by the rep's current team. -#}
with

active_reps_by_period as (

    select * from {{ ref('int_active_reps_by_period') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

active_reps as (

    select
        active_reps_by_period.grain,
        active_reps_by_period.period_start,
        'all' as dim_overall,
        active_reps_by_period.team_id as dim_team,
        1 as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from active_reps_by_period

),

{{ kpi_aggregate(
    records='active_reps',
    kpi_id='active_reps',
    unit='count',
    value_type='total',
    dimensions=['overall', 'team'],
    periodized=true,
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='active_reps_values'
) }},

final as (

    select * from active_reps_values

)

select * from final
