{#- calls_emails_per_rep: completed calls + emails (by reps: the owner's role is 'rep') / active
    reps, both of the same period (and of the same team: the owner's and the rep's current
    team). -#}
with

activities as (

    select * from {{ ref('fct_activities') }}

),

active_reps_by_period as (

    select * from {{ ref('int_active_reps_by_period') }}

),

completed_rep_calls_emails as (

    select
        activities.occurred_date as record_date,
        activities.team_id,
        cast(1 as {{ type_double() }}) as numerator_value,
        cast(0 as {{ type_double() }}) as denominator_value
    from activities
    where
        activities.is_completed
        and activities.is_by_rep
        and activities.activity_type in ('call', 'email')

),

completed_rep_calls_emails_in_periods as (

    {{ kpi_periodize('completed_rep_calls_emails') }}

),

per_rep_records as (

    select
        grain,
        period_start,
        'all' as dim_overall,
        team_id as dim_team,
        numerator_value,
        denominator_value
    from completed_rep_calls_emails_in_periods
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
    'per_rep_records', 'calls_emails_per_rep', 'count',
    ['overall', 'team'],
    value_type='ratio', periodized=true
) }},

final as (

    select * from per_rep_records_kpi

)

select * from final
