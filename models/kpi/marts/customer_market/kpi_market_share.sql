{#- market_share: won_revenue in a region and year / market_revenue of that region and year
    (fct_market_size, in the reporting currency). Year grain only. Only region-years with market
    data count: a region's won revenue of a year without a market_size row (and the `unknown`
    region) has no share. Overall: the won revenue of every region-year with market data / the
    sum of their market revenue. -#}
with

deals as (

    select * from {{ ref('fct_deals') }}

),

market_size as (

    select * from {{ ref('fct_market_size') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

market_years as (

    select
        market_size.region,
        cast({{ dbt.concat([
            "cast(market_size.calendar_year as " ~ dbt.type_string() ~ ")", "'-01-01'"
        ]) }} as date) as year_start_date,
        market_size.market_revenue_reporting
    from market_size

),

won_deals_in_markets as (

    select
        deals.closed_date as record_date,
        'all' as dim_overall,
        deals.region as dim_region,
        coalesce(deals.amount_reporting, 0) as numerator_value,
        cast(0 as {{ type_double() }}) as denominator_value
    from deals
    inner join market_years
        on deals.region = market_years.region
            and cast({{ dbt.date_trunc('year', 'deals.closed_date') }} as date) = market_years.year_start_date
    where deals.is_won

),

market_revenue as (

    select
        market_years.year_start_date as record_date,
        'all' as dim_overall,
        market_years.region as dim_region,
        cast(0 as {{ type_double() }}) as numerator_value,
        coalesce(market_years.market_revenue_reporting, 0) as denominator_value
    from market_years

),

revenue_and_market_records as (

    select * from won_deals_in_markets
    union all
    select * from market_revenue

),

{{ kpi_aggregate(
    records='revenue_and_market_records',
    kpi_id='market_share',
    unit='ratio',
    value_type='ratio',
    dimensions=['overall', 'region'],
    grains=['year'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='market_share_values'
) }},

final as (

    select * from market_share_values

)

select * from final
