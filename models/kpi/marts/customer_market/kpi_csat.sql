{#- csat: average CSAT score (1-5) of the CSAT responses in the period (unit score);
    numerator = the sum of the scores, denominator = the number of responses. -#}
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

csat_responses as (

    select
        customer_surveys.responded_date as record_date,
        'all' as dim_overall,
        customer_surveys.region as dim_region,
        customer_surveys.segment as dim_segment,
        cast(customer_surveys.score as {{ type_double() }}) as numerator_value,
        cast(1 as {{ type_double() }}) as denominator_value
    from customer_surveys
    where customer_surveys.survey_type = 'csat'

),

{{ kpi_aggregate(
    records='csat_responses',
    kpi_id='csat',
    unit='score',
    value_type='ratio',
    dimensions=['overall', 'region', 'segment'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='csat_values'
) }},

final as (

    select * from csat_values

)

select * from final
