with

products as (

    select * from {{ ref('stg_crm__products') }}

),

known_products as (

    select
        product_id,
        coalesce(product_name, product_id) as product_name,
        coalesce(product_family, 'unknown') as product_family,
        coalesce(pricing_plan, 'unknown') as pricing_plan,
        list_price,
        unit_cost,
        currency,
        false as is_unknown_member
    from products

),

unknown_product as (

    select
        'unknown' as product_id,
        {{ unknown_member_label() }} as product_name,
        'unknown' as product_family,
        'unknown' as pricing_plan,
        cast(null as {{ type_double() }}) as list_price,
        cast(null as {{ type_double() }}) as unit_cost,
        cast(null as {{ dbt.type_string() }}) as currency,
        true as is_unknown_member

),

final as (

    select * from known_products
    union all
    select * from unknown_product

)

select * from final
