with

checked_rows as (

    select * from {{ ref('base_crm__teams') }}

),

final as (

    select
        team_id,
        team_name,
        region,
        updated_at,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
