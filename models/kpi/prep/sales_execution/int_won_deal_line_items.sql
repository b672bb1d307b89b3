{#- Line items of won deals (closed by the cut-off), dated by their deal's close, with the
    net amount and the cost in the reporting currency (fct_deal_line_items). Shared by
    avg_profit_margin and the product KPIs. -#}
with

line_items as (

    select * from {{ ref('fct_deal_line_items') }}

),

deals as (

    select * from {{ ref('fct_deals') }}

),

final as (

    select
        line_items.line_item_id,
        line_items.deal_id,
        deals.closed_date,
        line_items.product_id,
        line_items.pricing_plan,
        line_items.quantity,
        line_items.net_amount_reporting,
        line_items.cost_amount_reporting
    from line_items
    inner join deals
        on line_items.deal_id = deals.deal_id
    where deals.is_won

)

select * from final
