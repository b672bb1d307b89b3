{#- employee_satisfaction: average rep survey score (rep_surveys, 1-10) of the responses with
    responded_at in the period, by the respondent's current team. -#}
with

rep_surveys as (

    select * from {{ ref('fct_rep_surveys') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

survey_responses as (

    select
        rep_surveys.responded_date as record_date,
        'all' as dim_overall,
        rep_surveys.team_id as dim_team,
        rep_surveys.score as numerator_value,
        1 as denominator_value
    from rep_surveys

),

{{ kpi_aggregate(
    records='survey_responses',
    kpi_id='employee_satisfaction',
    unit='score',
    value_type='ratio',
    dimensions=['overall', 'team'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='employee_satisfaction_values'
) }},

final as (

    select * from employee_satisfaction_values

)

select * from final
