{#- sales_cycle_days: average of (closed_at - created_at) in fractional days over won deals closed in the period. -#}
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
        deals.sales_cycle_days as numerator_value,
        1 as denominator_value
    from deals
    where deals.is_won

),

{{ kpi_aggregate(
    records='won_deals',
    kpi_id='sales_cycle_days',
    unit='days',
    value_type='ratio',
    dimensions=['overall', 'rep', 'team', 'region', 'segment', 'lead_source', 'deal_type'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='sales_cycle_days_values'
) }},

final as (

    select * from sales_cycle_days_values

)

select * from final
