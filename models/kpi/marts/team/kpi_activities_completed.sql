{#- activities_completed: completed activities with occurred_at in the period, by the
    activity's owner (rep), the owner's current team and the activity type. -#}
with

activities as (

    select * from {{ ref('fct_activities') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

completed_activities as (

    select
        activities.occurred_date as record_date,
        'all' as dim_overall,
        activities.owner_id as dim_rep,
        activities.team_id as dim_team,
        activities.activity_type as dim_activity_type,
        1 as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from activities
    where activities.is_completed

),

{{ kpi_aggregate(
    records='completed_activities',
    kpi_id='activities_completed',
    unit='count',
    value_type='total',
    dimensions=['overall', 'rep', 'team', 'activity_type'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='activities_completed_values'
) }},

final as (

    select * from activities_completed_values

)

select * from final
