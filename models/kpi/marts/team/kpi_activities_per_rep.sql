{#- activities_per_rep: activities_completed by reps (the owner's role is 'rep') / active_reps,
    both of the same period (and of the same team: the owner's and the rep's current team). -#}
with

activities as (

    select * from {{ ref('fct_activities') }}

),

active_reps_by_period as (

    select * from {{ ref('int_active_reps_by_period') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

completed_rep_activities as (

    select
        activities.occurred_date as record_date,
        activities.team_id,
        cast(1 as {{ type_double() }}) as numerator_value,
        cast(0 as {{ type_double() }}) as denominator_value
    from activities
    where
        activities.is_completed
        and activities.is_by_rep

),

completed_rep_activities_in_periods as (

    {{ kpi_periodize(records='completed_rep_activities') }}

),

per_rep_records as (

    select
        grain,
        period_start,
        'all' as dim_overall,
        team_id as dim_team,
        numerator_value,
        denominator_value
    from completed_rep_activities_in_periods
    union all
    select
        grain,
        period_start,
        'all' as dim_overall,
        team_id as dim_team,
        cast(0 as {{ type_double() }}) as numerator_value,
        cast(1 as {{ type_double() }}) as denominator_value
    from active_reps_by_period

),

{{ kpi_aggregate(
    records='per_rep_records',
    kpi_id='activities_per_rep',
    unit='count',
    value_type='ratio',
    dimensions=['overall', 'team'],
    periodized=true,
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='activities_per_rep_values'
) }},

final as (

    select * from activities_per_rep_values

)

select * from final
