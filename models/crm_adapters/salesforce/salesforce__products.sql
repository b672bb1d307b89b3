{#- products <- Product2; list_price and currency from its PricebookEntry: active and not deleted,
    the standard price book's first, then one in the corporate currency, then the smallest Id
    (salesforce__product_list_prices); unit cost and pricing plan from custom fields (vars
    salesforce_product_unit_cost_column, salesforce_product_pricing_plan_column). -#}
with

products as (

    select * from {{ source('salesforce', 'product_2') }}

),

list_prices as (

    select * from {{ ref('salesforce__product_list_prices') }}

),

final as (

    select
        {{ sf_text('products.id') }} as product_id,
        {{ sf_text('products.name') }} as product_name,
        {{ sf_text('products.family') }} as product_family,
        {{ sf_text(sf_custom_column('products', 'salesforce_product_pricing_plan_column')) }} as pricing_plan,
        list_prices.list_price,
        {{ sf_text(sf_custom_column('products', 'salesforce_product_unit_cost_column')) }} as unit_cost,
        list_prices.currency,
        {{ sf_updated_at('products') }} as updated_at,
        products._source_row_number
    from products
    left join list_prices
        on
            {{ sf_text('products.id') }} = list_prices.product_id
            and list_prices.drop_reason is null

)

select * from final
