{%- set employees = parse_numeric('property_numberofemployees') -%}
{%- set country = "coalesce(" ~ hubspot_lookup('property_country', 'hubspot_country_codes')
    ~ ", case when length(trim(property_country)) = 2 then upper(trim(property_country))"
    ~ " else property_country end)" -%}
with

companies as (

    select * from {{ source('hubspot', 'company') }}

),

coded as (

    select
        *,
        {{ country }} as country_code
    from companies

),

final as (

    select
        id as account_id,
        property_name as account_name,
        property_industry as industry,
        case
            when {{ employees }} >= {{ var('hubspot_enterprise_min_employees') }} then 'enterprise'
            when {{ employees }} >= {{ var('hubspot_mid_market_min_employees') }} then 'mid_market'
            when {{ employees }} is not null then 'smb'
        end as segment,
        country_code as country,
        {{ hubspot_lookup('country_code', 'hubspot_country_regions') }} as region,
        property_hubspot_owner_id as owner_id,
        property_createdate as created_at,
        {{ hubspot_bool_text(hubspot_flag('is_deleted') ~ ' or ' ~ hubspot_flag('_fivetran_deleted')) }}
            as is_deleted,
        property_hs_lastmodifieddate as updated_at,
        cast(_source_row_number as bigint) as _source_row_number
    from coded

)

select * from final
