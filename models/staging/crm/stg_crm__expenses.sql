with

checked_rows as (

    select * from {{ ref('base_crm__expenses') }}

),

final as (

    select
        expense_id,
        expense_date,
        category,
        channel,
        campaign_id,
        amount,
        currency,
        updated_at,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
