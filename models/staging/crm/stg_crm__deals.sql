with

checked_rows as (

    select * from {{ ref('base_crm__deals') }}

),

final as (

    select
        deal_id,
        deal_name,
        account_id,
        owner_id,
        lead_id,
        pipeline,
        deal_type,
        stage_name,
        amount,
        currency,
        created_at,
        expected_close_date,
        closed_at,
        is_closed,
        is_won,
        lost_reason,
        competitor,
        coalesce(is_deleted, false) as is_deleted,
        updated_at,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
