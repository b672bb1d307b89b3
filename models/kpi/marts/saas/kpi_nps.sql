{#- nps: NPS responses in the period: (promoters 9-10 - detractors 0-6) / responses x 100
    (unit score, -100..100); numerator = promoters - detractors, denominator = responses. -#}
with

customer_surveys as (

    select * from {{ ref('fct_customer_surveys') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

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
    records='nps_responses',
    kpi_id='nps',
    unit='score',
    value_type='score',
    dimensions=['overall', 'region', 'segment'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='nps_values'
) }},

final as (

    select * from nps_values

)

select * from final
