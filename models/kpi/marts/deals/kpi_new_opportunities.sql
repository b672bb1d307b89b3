{#- new_opportunities: deals created in the period (count). -#}
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
        1 as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from deals
    where deals.created_date is not null

),

{{ kpi_aggregate(
    records='created_deals',
    kpi_id='new_opportunities',
    unit='count',
    value_type='total',
    dimensions=['overall', 'rep', 'team', 'region', 'segment', 'lead_source', 'deal_type'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='new_opportunities_values'
) }},

final as (

    select * from new_opportunities_values

)

select * from final
