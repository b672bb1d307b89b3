{#- deal_line_items <- OpportunityLineItem: discount_pct = Discount / 100 (Salesforce's
    Discount is a percent). -#}
with

line_items as (

    select * from {{ source('salesforce', 'opportunity_line_item') }}

),

final as (

    select
        {{ sf_text('line_items.id') }} as line_item_id,
        {{ sf_text('line_items.opportunity_id') }} as deal_id,
        {{ sf_text('line_items.product_2_id') }} as product_id,
        {{ sf_text('line_items.quantity') }} as quantity,
        {{ sf_text('line_items.unit_price') }} as unit_price,
        {{ sf_divided('line_items.discount', 100) }} as discount_pct,
        {{ sf_updated_at('line_items') }} as updated_at,
        line_items._source_row_number
    from line_items
    where not {{ sf_is_true('line_items.is_deleted') }}

)

select * from final
