with

products as (

    select * from {{ source('hubspot', 'product') }}

),

final as (

    select
        id as product_id,
        property_name as product_name,
        property_{{ var('hubspot_product_family_property') }} as product_family,
        property_{{ var('hubspot_pricing_plan_property') }} as pricing_plan,
        property_price as list_price,
        property_hs_cost_of_goods_sold as unit_cost,
        '{{ var("hubspot_corporate_currency") }}' as currency,
        property_hs_lastmodifieddate as updated_at,
        cast(_source_row_number as bigint) as _source_row_number
    from products
    where not {{ hubspot_flag('_fivetran_deleted') }}

)

select * from final
