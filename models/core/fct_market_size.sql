with

market_size as (

    select * from {{ ref('stg_crm__market_size') }}

),

final as (

    select
        {{ dbt.concat(['region', "':'", "cast(year as " ~ dbt.type_string() ~ ")"]) }} as market_size_id,
        region,
        year as calendar_year,
        market_revenue as market_revenue_reporting
    from market_size

)

select * from final
