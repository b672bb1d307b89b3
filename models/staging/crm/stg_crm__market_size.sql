with

checked_rows as (

    select * from {{ ref('base_crm__market_size') }}

),

final as (

    select
        region,
        year,
        market_revenue,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
