with

checked_rows as (

    select * from {{ ref('base_crm__rep_surveys') }}

),

final as (

    select
        response_id,
        user_id,
        responded_at,
        score,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
