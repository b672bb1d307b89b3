{#- activities_booked: activities with created_at (logged or booked) in the period, any status
    (calls, demos, meetings booked), by activity type, owner (rep) and the owner's team. -#}
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

booked_activities as (

    select
        activities.created_date as record_date,
        'all' as dim_overall,
        activities.activity_type as dim_activity_type,
        activities.owner_id as dim_rep,
        activities.team_id as dim_team,
        1 as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from activities
    where activities.is_booked_by_as_of

),

{{ kpi_aggregate(
    records='booked_activities',
    kpi_id='activities_booked',
    unit='count',
    value_type='total',
    dimensions=['overall', 'activity_type', 'rep', 'team'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='activities_booked_values'
) }},

final as (

    select * from activities_booked_values

)

select * from final
