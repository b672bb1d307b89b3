{#- Our prices against each competitor's, per calendar period and product family: the
    competitor's average observed price of the family in the period (fct_competitor_prices,
    converted at each observation's date) and our average list price of the family's products
    (dim_products, the current list price converted at the period's snapshot day: its last day,
    or the as-of day for the current period). Only (competitor, family) pairs observed in the
    period have a row; a price without a rate to the reporting currency (or a product without a
    list price) is left out of its average. -#}
with

competitor_prices as (

    select * from {{ ref('fct_competitor_prices') }}

),

fx_rate_periods as (

    select * from {{ ref('int_fx_rate_periods') }}

),

products as (

    select * from {{ ref('dim_products') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

competitor_observations as (

    select
        competitor_prices.observed_date as record_date,
        competitor_prices.competitor,
        competitor_prices.product_family,
        competitor_prices.price_reporting
    from competitor_prices

),

competitor_observations_in_periods as (

    {{ kpi_periodize(records='competitor_observations') }}

),

competitor_family_prices as (

    select
        grain,
        period_start,
        competitor,
        product_family,
        count(price_reporting) as observations,
        {{ exact_avg('price_reporting') }} as competitor_average_price
    from competitor_observations_in_periods
    group by grain, period_start, competitor, product_family

),

observed_family_periods as (

    select distinct
        competitor_family_prices.grain,
        competitor_family_prices.period_start,
        competitor_family_prices.product_family,
        kpi_periods.snapshot_date
    from competitor_family_prices
    inner join kpi_periods
        on competitor_family_prices.grain = kpi_periods.grain
            and competitor_family_prices.period_start = kpi_periods.period_start

),

our_family_prices as (

    select
        observed_family_periods.grain,
        observed_family_periods.period_start,
        observed_family_periods.product_family,
        count(products.list_price * fx.rate_to_reporting) as priced_products,
        {{ exact_avg('products.list_price * fx.rate_to_reporting') }} as our_average_list_price
    from observed_family_periods
    inner join products
        on observed_family_periods.product_family = products.product_family
            and not products.is_unknown_member
    {{ join_fx_rate(
        currency='products.currency',
        on_date='observed_family_periods.snapshot_date',
        fx_rate_periods='fx_rate_periods'
    ) }}
    group by
        observed_family_periods.grain,
        observed_family_periods.period_start,
        observed_family_periods.product_family

),

final as (

    select
        {{ dbt.concat([
            'competitor_family_prices.grain', "':'",
            "cast(competitor_family_prices.period_start as " ~ dbt.type_string() ~ ")", "':'",
            'competitor_family_prices.competitor', "':'",
            'competitor_family_prices.product_family'
        ]) }} as competitor_price_comparison_id,
        competitor_family_prices.grain,
        competitor_family_prices.period_start,
        competitor_family_prices.competitor,
        competitor_family_prices.product_family,
        competitor_family_prices.observations,
        competitor_family_prices.competitor_average_price,
        kpi_periods.snapshot_date as list_price_date,
        coalesce(our_family_prices.priced_products, 0) as priced_products,
        our_family_prices.our_average_list_price
    from competitor_family_prices
    inner join kpi_periods
        on competitor_family_prices.grain = kpi_periods.grain
            and competitor_family_prices.period_start = kpi_periods.period_start
    left join our_family_prices
        on competitor_family_prices.grain = our_family_prices.grain
            and competitor_family_prices.period_start = our_family_prices.period_start
            and competitor_family_prices.product_family = our_family_prices.product_family

)

select * from final
