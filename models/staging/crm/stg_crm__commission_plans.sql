with

checked_rows as (

    select * from {{ ref('base_crm__commission_plans') }}

),

final as (

    select
        user_id,
        effective_from,
        effective_to,
        base_rate,
        accelerator_threshold,
        accelerator_rate,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
