{#- product_new_customers (product performance, Z): accounts whose first won deal (earliest
    closed_at, ties -> smaller deal_id) closed in the period and contains the product /
    pricing plan. -#}
with

first_won_deals as (

    select * from {{ ref('int_account_first_won_deals') }}

),

won_deal_products as (

    select * from {{ ref('int_won_deal_products') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

new_customers_with_product as (

    select
        first_won_deals.first_won_date as record_date,
        case when won_deal_products.dimension = 'product' then won_deal_products.dimension_value end
            as dim_product,
        case when won_deal_products.dimension = 'pricing_plan' then won_deal_products.dimension_value end
            as dim_pricing_plan,
        1 as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from first_won_deals
    inner join won_deal_products
        on first_won_deals.first_won_deal_id = won_deal_products.deal_id

),

{{ kpi_aggregate(
    records='new_customers_with_product',
    kpi_id='product_new_customers',
    unit='count',
    value_type='total',
    dimensions=['product', 'pricing_plan'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='product_new_customers_values'
) }},

final as (

    select * from product_new_customers_values

)

select * from final
