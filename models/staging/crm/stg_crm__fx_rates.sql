with

checked_rows as (

    select * from {{ ref('base_crm__fx_rates') }}

),

final as (

    select
        rate_date,
        currency,
        rate_to_reporting,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
