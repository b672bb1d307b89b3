{#- active_reps: active reps in the period (role = 'rep', hired_at <= period end and
    (terminated_at null or terminated_at >= period start); the current period ends at the
    as-of day), by the rep's current team. -#}
with

active_reps_by_period as (

    select * from {{ ref('int_active_reps_by_period') }}

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
    'active_reps', 'active_reps', 'count',
    ['overall', 'team'],
    value_type='total', periodized=true
) }},

final as (

    select * from active_reps_kpi

)

select * from final
