with

checked_rows as (

    select * from {{ ref('base_crm__campaigns') }}

),

final as (

    select
        campaign_id,
        campaign_name,
        channel,
        started_date,
        ended_date,
        budget,
        currency,
        updated_at,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
