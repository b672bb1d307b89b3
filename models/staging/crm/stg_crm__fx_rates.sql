with

checked_rows as (

    select * from {{ ref('base_crm__fx_rates') }}

),

final as (

    select
        rate_date,
        currency,
        rate_to_reporting as rate_to_base,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
