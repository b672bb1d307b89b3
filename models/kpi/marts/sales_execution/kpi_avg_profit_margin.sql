{#- avg_profit_margin: over line items of won deals closed in the period: (net revenue -
    quantity x unit_cost) / net revenue, i.e. sum of line margins / sum of line net revenue
    (reporting currency). Line items whose net revenue or cost is unknown (no product, no
    unit_cost, no exchange rate) are left out of both sums. -#}
with

won_line_items as (

    select * from {{ ref('int_won_deal_line_items') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

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
    records='costed_won_line_items',
    kpi_id='avg_profit_margin',
    unit='ratio',
    value_type='ratio',
    dimensions=['overall', 'product', 'pricing_plan'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='avg_profit_margin_values'
) }},

final as (

    select * from avg_profit_margin_values

)

select * from final
