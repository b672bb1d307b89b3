with

checked_rows as (

    select * from {{ ref('base_crm__products') }}

),

final as (

    select
        product_id,
        product_name,
        product_family,
        pricing_plan,
        list_price,
        unit_cost,
        currency,
        updated_at,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
