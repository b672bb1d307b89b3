with

competitor_prices as (

    select * from {{ ref('stg_crm__competitor_prices') }}

),

fx_rate_periods as (

    select * from {{ ref('int_fx_rate_periods') }}

),

final as (

    select
        {{ dbt.concat([
            'competitor_prices.competitor', "':'", 'competitor_prices.product_family', "':'",
            "cast(competitor_prices.observed_date as " ~ dbt.type_string() ~ ")"
        ]) }} as competitor_price_id,
        competitor_prices.competitor,
        competitor_prices.product_family,
        competitor_prices.observed_date,
        competitor_prices.price,
        competitor_prices.currency,
        competitor_prices.price * fx.rate_to_reporting as price_reporting
    from competitor_prices
    {{ join_fx_rate(
        currency='competitor_prices.currency',
        on_date='competitor_prices.observed_date',
        fx_rate_periods='fx_rate_periods'
    ) }}
    where competitor_prices.observed_date <= {{ as_of_date() }}

)

select * from final
