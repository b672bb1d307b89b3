{#- demos_onboarding_calls: completed demo + onboarding activities with occurred_at in the period
    (count), by the activity's owner (rep) and the owner's current team. -#}
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

completed_demos_and_onboardings as (

    select
        activities.occurred_date as record_date,
        'all' as dim_overall,
        activities.owner_id as dim_rep,
        activities.team_id as dim_team,
        1 as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from activities
    where
        activities.is_completed
        and activities.activity_type in ('demo', 'onboarding')

),

{{ kpi_aggregate(
    records='completed_demos_and_onboardings',
    kpi_id='demos_onboarding_calls',
    unit='count',
    value_type='total',
    dimensions=['overall', 'rep', 'team'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='demos_onboarding_calls_values'
) }},

final as (

    select * from demos_onboarding_calls_values

)

select * from final
