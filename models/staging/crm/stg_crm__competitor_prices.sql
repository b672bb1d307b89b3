with

checked_rows as (

    select * from {{ ref('base_crm__competitor_prices') }}

),

final as (

    select
        competitor,
        product_family,
        observed_date,
        price,
        currency,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
