with

checked_rows as (

    select * from {{ ref('base_crm__customer_surveys') }}

),

final as (

    select
        response_id,
        survey_type,
        account_id,
        contact_id,
        responded_at,
        score,
        comment,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
