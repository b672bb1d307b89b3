with

checked_rows as (

    select * from {{ ref('base_crm__contacts') }}

),

final as (

    select
        contact_id,
        account_id,
        first_name,
        last_name,
        email,
        phone,
        title,
        created_at,
        coalesce(is_deleted, false) as is_deleted,
        updated_at,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
