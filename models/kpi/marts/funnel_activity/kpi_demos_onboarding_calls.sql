{#- demos_onboarding_calls: completed demo + onboarding activities with occurred_at in the period
    (count), by the activity's owner (rep) and the owner's current team. -#}
with

activities as (

    select * from {{ ref('fct_activities') }}

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
    'completed_demos_and_onboardings', 'demos_onboarding_calls', 'count',
    ['overall', 'rep', 'team'],
    value_type='total'
) }},

final as (

    select * from completed_demos_and_onboardings_kpi

)

select * from final
