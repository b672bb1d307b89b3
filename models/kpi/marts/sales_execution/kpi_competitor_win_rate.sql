{#- competitor_win_rate: win_rate of deals with a competitor: deals won / deals closed (won +
    lost) in the period, among deals naming a competitor; by competitor, and `overall` = deals
    with any competitor. -#}
with

competitor_deals as (

    select * from {{ ref('int_closed_deals_with_competitor') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

closed_competitor_deals as (

    select
        closed_date as record_date,
        'all' as dim_overall,
        competitor as dim_competitor,
        case when is_won then 1 else 0 end as numerator_value,
        1 as denominator_value
    from competitor_deals

),

{{ kpi_aggregate(
    records='closed_competitor_deals',
    kpi_id='competitor_win_rate',
    unit='ratio',
    value_type='ratio',
    dimensions=['overall', 'competitor'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='competitor_win_rate_values'
) }},

final as (

    select * from competitor_win_rate_values

)

select * from final
