{#- product_deals_won (product performance, Z): won deals closed in the period that contain
    the product / pricing plan (a deal counts once per member, however many lines it has). -#}
with

won_deal_products as (

    select * from {{ ref('int_won_deal_products') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

won_deals_with_product as (

    select
        closed_date as record_date,
        case when dimension = 'product' then dimension_value end as dim_product,
        case when dimension = 'pricing_plan' then dimension_value end as dim_pricing_plan,
        1 as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from won_deal_products

),

{{ kpi_aggregate(
    records='won_deals_with_product',
    kpi_id='product_deals_won',
    unit='count',
    value_type='total',
    dimensions=['product', 'pricing_plan'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='product_deals_won_values'
) }},

final as (

    select * from product_deals_won_values

)

select * from final
