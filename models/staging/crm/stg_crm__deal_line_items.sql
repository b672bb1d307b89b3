with

checked_rows as (

    select * from {{ ref('base_crm__deal_line_items') }}

),

final as (

    select
        line_item_id,
        deal_id,
        product_id,
        quantity,
        unit_price,
        discount_pct,
        updated_at,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
