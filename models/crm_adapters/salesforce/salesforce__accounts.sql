{#- accounts <- Account. segment from NumberOfEmployees (var salesforce_segment_employee_bands),
    region from the country (var salesforce_region_by_country), merged accounts (MasterRecordId)
    as deleted. -#}
{%- set bands = var('salesforce_segment_employee_bands') -%}
with

accounts as (

    select * from {{ source('salesforce', 'account') }}

),

countries as (

    select
        *,
        upper(coalesce({{ sf_text('billing_country_code') }}, {{ sf_text('billing_country') }})) as country_code,
        {{ parse_numeric(sf_text('number_of_employees')) }} as employees
    from accounts

),

final as (

    select
        {{ sf_text('countries.id') }} as account_id,
        {{ sf_text('countries.name') }} as account_name,
        {{ sf_text('countries.industry') }} as industry,
        case
            when countries.employees >= {{ bands['enterprise'] }} then 'enterprise'
            when countries.employees >= {{ bands['mid_market'] }} then 'mid_market'
            when countries.employees >= 0 then 'smb'
        end as segment,
        countries.country_code as country,
        {{ sf_map('countries.country_code', 'salesforce_region_by_country') }} as region,
        {{ sf_text('countries.owner_id') }} as owner_id,
        {{ sf_text('countries.created_date') }} as created_at,
        {{ sf_is_deleted('countries', 'master_record_id') }} as is_deleted,
        {{ sf_updated_at('countries') }} as updated_at,
        countries._source_row_number
    from countries

)

select * from final
