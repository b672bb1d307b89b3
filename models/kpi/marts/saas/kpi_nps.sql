{#- nps: NPS responses in the period: (promoters 9-10 - detractors 0-6) / responses x 100
    (unit score, -100..100); numerator = promoters - detractors, denominator = responses. -#}
with

customer_surveys as (

    select * from {{ ref('fct_customer_surveys') }}

),

nps_responses as (

    select
        customer_surveys.responded_date as record_date,
        'all' as dim_overall,
        customer_surveys.region as dim_region,
        customer_surveys.segment as dim_segment,
        case
            when customer_surveys.is_promoter then 1
            when customer_surveys.is_detractor then -1
            else 0
        end as numerator_value,
        1 as denominator_value
    from customer_surveys
    where customer_surveys.survey_type = 'nps'

),

{{ kpi_aggregate(
    'nps_responses', 'nps', 'score',
    ['overall', 'region', 'segment'],
    value_type='score'
) }},

final as (

    select * from nps_responses_kpi

)

select * from final
