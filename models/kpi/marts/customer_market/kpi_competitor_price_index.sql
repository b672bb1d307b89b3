{#- competitor_price_index: our average list price per product family / the competitor's average
    observed price in the period. Per competitor, the (competitor, family) pairs observed in the
    period where both averages exist are summed: numerator = the sum of our average list prices
    of those families, denominator = the sum of the competitor's average prices of them (the price
    of a basket of one product of each family, with us / with them). Overall sums every pair of
    every competitor. Above 1: we are dearer. -#}
with

price_comparisons as (

    select * from {{ ref('int_competitor_price_comparisons') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

compared_family_prices as (

    select
        price_comparisons.grain,
        price_comparisons.period_start,
        'all' as dim_overall,
        price_comparisons.competitor as dim_competitor,
        price_comparisons.our_average_list_price as numerator_value,
        price_comparisons.competitor_average_price as denominator_value
    from price_comparisons
    where
        price_comparisons.our_average_list_price is not null
        and price_comparisons.competitor_average_price is not null

),

{{ kpi_aggregate(
    records='compared_family_prices',
    kpi_id='competitor_price_index',
    unit='ratio',
    value_type='ratio',
    dimensions=['overall', 'competitor'],
    periodized=true,
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='competitor_price_index_values'
) }},

final as (

    select * from competitor_price_index_values

)

select * from final
