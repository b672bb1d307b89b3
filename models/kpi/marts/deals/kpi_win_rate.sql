{#- win_rate: deals won / deals closed (won + lost) in the period. -#}
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

closed_deals as (

    select
        deals.closed_date as record_date,
        {{ deal_dimension_columns(deals='deals') }},
        case when deals.is_won then 1 else 0 end as numerator_value,
        1 as denominator_value
    from deals
    where deals.is_closed

),

{{ kpi_aggregate(
    records='closed_deals',
    kpi_id='win_rate',
    unit='ratio',
    value_type='ratio',
    dimensions=['overall', 'rep', 'team', 'region', 'segment', 'lead_source', 'deal_type'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='win_rate_values'
) }},

final as (

    select * from win_rate_values

)

select * from final
