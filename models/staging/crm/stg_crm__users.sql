with

checked_rows as (

    select * from {{ ref('base_crm__users') }}

),

final as (

    select
        user_id,
        full_name,
        email,
        role,
        team_id,
        manager_id,
        hired_date,
        terminated_date,
        updated_at,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
