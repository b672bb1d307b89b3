with

checked_rows as (

    select * from {{ ref('base_crm__leads') }}

),

final as (

    select
        lead_id,
        created_at,
        lead_source,
        campaign_id,
        owner_id,
        company_name,
        email,
        country,
        region,
        status,
        mql_at,
        sql_at,
        converted_at,
        converted_account_id,
        converted_deal_id,
        coalesce(is_deleted, false) as is_deleted,
        updated_at,
        source_row_number
    from checked_rows
    where is_current_version

)

select * from final
