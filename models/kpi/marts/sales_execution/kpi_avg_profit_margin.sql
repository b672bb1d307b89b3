{#- avg_profit_margin: over line items of won deals closed in the period: (net revenue -
    quantity x unit_cost) / net revenue, i.e. sum of line margins / sum of line net revenue
    (reporting currency). Line items whose net revenue or cost is unknown (no product, no
    unit_cost, no exchange rate) are left out of both sums. -#}
with

won_line_items as (

    select * from {{ ref('int_won_deal_line_items') }}

),

costed_won_line_items as (

    select
        closed_date as record_date,
        'all' as dim_overall,
        product_id as dim_product,
        pricing_plan as dim_pricing_plan,
        net_amount_reporting - cost_amount_reporting as numerator_value,
        net_amount_reporting as denominator_value
    from won_line_items
    where
        net_amount_reporting is not null
        and cost_amount_reporting is not null

),

{{ kpi_aggregate(
    'costed_won_line_items', 'avg_profit_margin', 'ratio',
    ['overall', 'product', 'pricing_plan'],
    value_type='ratio'
) }},

final as (

    select * from costed_won_line_items_kpi

)

select * from final
