{#- product_deals_won (product performance, Z): won deals closed in the period that contain
    the product / pricing plan (a deal counts once per member, however many lines it has). -#}
with

won_deal_products as (

    select * from {{ ref('int_won_deal_products') }}

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
    'won_deals_with_product', 'product_deals_won', 'count',
    ['product', 'pricing_plan'],
    value_type='total'
) }},

final as (

    select * from won_deals_with_product_kpi

)

select * from final
