with

checked_rows as (

    select * from {{ ref('base_crm__product_active_users') }}

),

final as (

    select
        activity_date,
        account_id,
        app_user_id,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
