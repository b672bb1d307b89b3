{#- existing_customer_engagement: share of customers (paying at the start of the period, or with
    a won deal before the period) that had a completed activity in the period, by the account's
    region and segment. Records: int_existing_customers_by_period (one per customer and
    period). -#}
with

existing_customers_by_period as (

    select * from {{ ref('int_existing_customers_by_period') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

existing_customers as (

    select
        existing_customers_by_period.grain,
        existing_customers_by_period.period_start,
        'all' as dim_overall,
        existing_customers_by_period.region as dim_region,
        existing_customers_by_period.segment as dim_segment,
        case when existing_customers_by_period.is_engaged then 1 else 0 end as numerator_value,
        1 as denominator_value
    from existing_customers_by_period

),

{{ kpi_aggregate(
    records='existing_customers',
    kpi_id='existing_customer_engagement',
    unit='ratio',
    value_type='ratio',
    dimensions=['overall', 'region', 'segment'],
    periodized=true,
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='existing_customer_engagement_values'
) }},

final as (

    select * from existing_customer_engagement_values

)

select * from final
