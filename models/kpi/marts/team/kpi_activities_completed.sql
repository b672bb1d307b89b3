{#- activities_completed: completed activities with occurred_at in the period, by the
    activity's owner (rep), the owner's current team and the activity type. -#}
with

activities as (

    select * from {{ ref('fct_activities') }}

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
    'completed_activities', 'activities_completed', 'count',
    ['overall', 'rep', 'team', 'activity_type'],
    value_type='total'
) }},

final as (

    select * from completed_activities_kpi

)

select * from final
