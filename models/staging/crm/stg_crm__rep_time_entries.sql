with

checked_rows as (

    select * from {{ ref('base_crm__rep_time_entries') }}

),

final as (

    select
        entry_id,
        user_id,
        work_date,
        category,
        minutes,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
