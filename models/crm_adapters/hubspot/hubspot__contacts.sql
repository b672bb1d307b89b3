with

contacts as (

    select * from {{ source('hubspot', 'contact') }}

),

final as (

    select
        id as contact_id,
        property_associatedcompanyid as account_id,
        property_firstname as first_name,
        property_lastname as last_name,
        property_email as email,
        property_phone as phone,
        property_jobtitle as title,
        property_createdate as created_at,
        {{ hubspot_bool_text(hubspot_flag('_fivetran_deleted')) }} as is_deleted,
        property_lastmodifieddate as updated_at,
        cast(_source_row_number as bigint) as _source_row_number
    from contacts
    where property_hs_lead_status is null

)

select * from final
