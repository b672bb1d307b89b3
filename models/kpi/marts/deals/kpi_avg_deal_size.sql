{#- avg_deal_size: won_revenue / deals_won of the period (a null amount counts as 0). -#}
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

won_deals as (

    select
        deals.closed_date as record_date,
        {{ deal_dimension_columns(deals='deals') }},
        coalesce(deals.amount_reporting, 0) as numerator_value,
        1 as denominator_value
    from deals
    where deals.is_won

),

{{ kpi_aggregate(
    records='won_deals',
    kpi_id='avg_deal_size',
    unit='currency',
    value_type='ratio',
    dimensions=['overall', 'rep', 'team', 'region', 'segment', 'lead_source', 'deal_type'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='avg_deal_size_values'
) }},

final as (

    select * from avg_deal_size_values

)

select * from final
