with

checked_rows as (

    select * from {{ ref('base_crm__accounts') }}

),

final as (

    select
        account_id,
        account_name,
        industry,
        segment,
        country,
        region,
        owner_id,
        created_at,
        coalesce(is_deleted, false) as is_deleted,
        updated_at,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
