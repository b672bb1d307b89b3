{#- csat_satisfied_share: share of the CSAT responses in the period that score 4 or 5
    (satisfied) / all CSAT responses in the period. -#}
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
        case when customer_surveys.is_satisfied then 1 else 0 end as numerator_value,
        1 as denominator_value
    from customer_surveys
    where customer_surveys.survey_type = 'csat'

),

{{ kpi_aggregate(
    records='csat_responses',
    kpi_id='csat_satisfied_share',
    unit='ratio',
    value_type='ratio',
    dimensions=['overall', 'region', 'segment'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='csat_satisfied_share_values'
) }},

final as (

    select * from csat_satisfied_share_values

)

select * from final
