with

checked_rows as (

    select * from {{ ref('base_crm__pipeline_stages') }}

),

final as (

    select
        pipeline,
        stage_name,
        stage_order,
        probability,
        is_closed,
        is_won,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
