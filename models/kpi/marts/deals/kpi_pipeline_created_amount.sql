{#- pipeline_created_amount: sum of amount of deals created in the period (reporting currency;
    an open deal converted at as_of, a closed one at its close). -#}
with

deals as (

    select * from {{ ref('fct_deals') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

created_deals as (

    select
        deals.created_date as record_date,
        {{ deal_dimension_columns(deals='deals') }},
        coalesce(deals.amount_reporting, 0) as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from deals
    where deals.created_date is not null

),

{{ kpi_aggregate(
    records='created_deals',
    kpi_id='pipeline_created_amount',
    unit='currency',
    value_type='total',
    dimensions=['overall', 'rep', 'team', 'region', 'segment', 'lead_source', 'deal_type'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='pipeline_created_amount_values'
) }},

final as (

    select * from pipeline_created_amount_values

)

select * from final
