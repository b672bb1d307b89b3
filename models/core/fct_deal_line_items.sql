{#- Line items of the deals in fct_deals, valued in the reporting currency at their deal's
    event date: net amount = quantity x unit_price x (1 - discount_pct); cost = quantity x
    unit_cost (product currency). -#}
with

line_items as (

    select * from {{ ref('stg_crm__deal_line_items') }}

),

fx_rate_periods as (

    select * from {{ ref('int_fx_rate_periods') }}

),

deals as (

    select * from {{ ref('fct_deals') }}

),

products as (

    select * from {{ ref('dim_products') }}

),

valued as (

    select
        line_items.line_item_id,
        line_items.deal_id,
        coalesce(products.product_id, 'unknown') as product_id,
        coalesce(products.pricing_plan, 'unknown') as pricing_plan,
        coalesce(products.product_family, 'unknown') as product_family,
        line_items.quantity,
        line_items.unit_price,
        coalesce(line_items.discount_pct, 0) as discount_pct,
        line_items.quantity * line_items.unit_price * (1 - coalesce(line_items.discount_pct, 0))
            as net_amount,
        deals.currency,
        deals.amount_event_date,
        deals.fx_rate_to_reporting,
        line_items.quantity * products.unit_cost as cost_amount,
        products.currency as cost_currency
    from line_items
    inner join deals
        on line_items.deal_id = deals.deal_id
    left join products
        on line_items.product_id = products.product_id
            and not products.is_unknown_member

),

final as (

    select
        valued.line_item_id,
        valued.deal_id,
        valued.product_id,
        valued.pricing_plan,
        valued.product_family,
        valued.quantity,
        valued.unit_price,
        valued.discount_pct,
        valued.net_amount,
        valued.currency,
        valued.net_amount * valued.fx_rate_to_reporting as net_amount_reporting,
        valued.cost_amount * cost_fx.rate_to_reporting as cost_amount_reporting
    from valued
    {{ join_fx_rate(
        currency='valued.cost_currency',
        on_date='valued.amount_event_date',
        fx_rate_periods='fx_rate_periods',
        alias='cost_fx'
    ) }}

)

select * from final
