with

checked_rows as (

    select * from {{ ref('base_crm__deal_stage_history') }}

),

final as (

    select
        deal_id,
        stage_name,
        entered_at,
        changed_by,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
