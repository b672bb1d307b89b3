with

checked_rows as (

    select * from {{ ref('base_crm__activities') }}

),

final as (

    select
        activity_id,
        activity_type,
        direction,
        owner_id,
        lead_id,
        contact_id,
        account_id,
        deal_id,
        created_at,
        occurred_at,
        status,
        duration_minutes,
        reply_sentiment,
        coalesce(is_deleted, false) as is_deleted,
        updated_at,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
