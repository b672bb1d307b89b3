{#- Which products and pricing plans each won deal contains: one row per won deal and member
    of the `product` or `pricing_plan` dimension found on its line items (a deal with two
    lines of one product counts once for it). The records of product_deals_won and
    product_new_customers, computed once. -#}
with

won_line_items as (

    select * from {{ ref('int_won_deal_line_items') }}

),

deal_members as (

    select distinct
        deal_id,
        closed_date,
        'product' as dimension,
        product_id as dimension_value
    from won_line_items
    union all
    select distinct
        deal_id,
        closed_date,
        'pricing_plan' as dimension,
        pricing_plan as dimension_value
    from won_line_items

),

final as (

    select
        {{ dbt.concat(['deal_id', "':'", 'dimension', "':'", 'dimension_value']) }} as won_deal_product_id,
        deal_id,
        closed_date,
        dimension,
        dimension_value
    from deal_members

)

select * from final
