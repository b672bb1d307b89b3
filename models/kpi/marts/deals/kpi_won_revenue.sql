{#- won_revenue (bookings): sum of amount of won deals closed in the period, by the deal
    dimensions; by product and pricing_plan from the won deals' line items (net line amount
    = quantity x unit_price x (1 - discount_pct)). -#}
with

deals as (

    select * from {{ ref('fct_deals') }}

),

line_items as (

    select * from {{ ref('fct_deal_line_items') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

won_deals as (

    select
        deals.closed_date as record_date,
        {{ deal_dimension_columns(deals='deals') }},
        {{ no_dimension_columns(dimensions=['product', 'pricing_plan']) }},
        coalesce(deals.amount_reporting, 0) as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from deals
    where deals.is_won

),

won_line_items as (

    select
        deals.closed_date as record_date,
        {{ no_dimension_columns(
            dimensions=['overall', 'rep', 'team', 'region', 'segment', 'lead_source', 'deal_type']
        ) }},
        line_items.product_id as dim_product,
        line_items.pricing_plan as dim_pricing_plan,
        coalesce(line_items.net_amount_reporting, 0) as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from line_items
    inner join deals
        on line_items.deal_id = deals.deal_id
    where deals.is_won

),

won_revenue_records as (

    select * from won_deals
    union all
    select * from won_line_items

),

{{ kpi_aggregate(
    records='won_revenue_records',
    kpi_id='won_revenue',
    unit='currency',
    value_type='total',
    dimensions=['overall', 'rep', 'team', 'region', 'segment', 'lead_source', 'deal_type', 'product', 'pricing_plan'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='won_revenue_values'
) }},

final as (

    select * from won_revenue_values

)

select * from final
