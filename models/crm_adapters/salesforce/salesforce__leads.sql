{#- leads <- Lead. Source and status by maps (vars salesforce_lead_source_map,
    salesforce_lead_status_map; IsConverted is always converted), MQL/SQL times from custom
    fields (vars salesforce_lead_mql_at_column, ..._sql_at_column), converted_at = ConvertedDate
    at 00:00 UTC (the creation time when converted the day it was created), the campaign = the
    lead's first CampaignMember, a queue owner (00G) = unassigned, merged leads as deleted. -#}
with

leads as (

    select * from {{ source('salesforce', 'lead') }}

),

first_campaigns as (

    select * from {{ ref('salesforce__lead_first_campaigns') }}

),

final as (

    select
        {{ sf_text('leads.id') }} as lead_id,
        {{ sf_text('leads.created_date') }} as created_at,
        {{ sf_map('leads.lead_source', 'salesforce_lead_source_map', "'other'") }} as lead_source,
        first_campaigns.campaign_id,
        case
            when left({{ sf_text('leads.owner_id') }}, 3) <> '00G' then {{ sf_text('leads.owner_id') }}
        end as owner_id,
        {{ sf_text('leads.company') }} as company_name,
        {{ sf_text('leads.email') }} as email,
        upper(coalesce({{ sf_text('leads.country_code') }}, {{ sf_text('leads.country') }})) as country,
        {{ sf_map('upper(coalesce(' ~ sf_text('leads.country_code') ~ ', ' ~ sf_text('leads.country') ~ '))',
                  'salesforce_region_by_country') }} as region,
        case
            when {{ sf_is_true('leads.is_converted') }} then 'converted'
            else {{ sf_map('leads.status', 'salesforce_lead_status_map') }}
        end as status,
        {{ sf_text(sf_custom_column('leads', 'salesforce_lead_mql_at_column')) }} as mql_at,
        {{ sf_text(sf_custom_column('leads', 'salesforce_lead_sql_at_column')) }} as sql_at,
        {{ sf_day_as_timestamp('leads.converted_date', 'leads.created_date') }} as converted_at,
        {{ sf_text('leads.converted_account_id') }} as converted_account_id,
        {{ sf_text('leads.converted_opportunity_id') }} as converted_deal_id,
        {{ sf_is_deleted('leads', 'master_record_id') }} as is_deleted,
        {{ sf_updated_at('leads') }} as updated_at,
        leads._source_row_number
    from leads
    left join first_campaigns
        on
            {{ sf_text('leads.id') }} = first_campaigns.lead_id
            and first_campaigns.drop_reason is null

)

select * from final
