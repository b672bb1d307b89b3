{#- employee_satisfaction: average rep survey score (rep_surveys, 1-10) of the responses with
    responded_at in the period, by the respondent's current team. -#}
with

rep_surveys as (

    select * from {{ ref('fct_rep_surveys') }}

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
    'survey_responses', 'employee_satisfaction', 'score',
    ['overall', 'team'],
    value_type='ratio'
) }},

final as (

    select * from survey_responses_kpi

)

select * from final
