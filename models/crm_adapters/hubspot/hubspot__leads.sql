{%- set country = "coalesce(" ~ hubspot_lookup('property_country', 'hubspot_country_codes')
    ~ ", case when length(trim(property_country)) = 2 then upper(trim(property_country))"
    ~ " else property_country end)" -%}
with

contacts as (

    select * from {{ source('hubspot', 'contact') }}

),

deal_contacts as (

    select * from {{ source('hubspot', 'deal_contact') }}

),

leads as (

    select
        *,
        {{ country }} as country_code,
        {{ hubspot_lookup('property_hs_lead_status', 'hubspot_lead_statuses') }} as mapped_lead_status,
        {{ hubspot_lookup('property_lifecyclestage', 'hubspot_lifecycle_statuses') }} as mapped_lifecycle
    from contacts
    where property_hs_lead_status is not null

),

ranked_deals as (

    select
        contact_id,
        deal_id,
        row_number() over (
            partition by contact_id order by length(deal_id), deal_id
        ) as deal_rank
    from deal_contacts
    where deal_id is not null

),

final as (

    select
        leads.id as lead_id,
        leads.property_createdate as created_at,
        coalesce(
            {{ hubspot_lookup('leads.property_hs_analytics_source', 'hubspot_lead_sources') }},
            lower(trim(leads.property_hs_analytics_source))
        ) as lead_source,
        leads.property_hs_analytics_first_touch_converting_campaign as campaign_id,
        leads.property_hubspot_owner_id as owner_id,
        leads.property_company as company_name,
        leads.property_email as email,
        leads.country_code as country,
        {{ hubspot_lookup('leads.country_code', 'hubspot_country_regions') }} as region,
        case
            when leads.mapped_lead_status = 'disqualified' then 'disqualified'
            else coalesce(
                    leads.mapped_lifecycle, leads.mapped_lead_status, '{{ var("hubspot_lead_status_default") }}'
                )
        end as status,
        leads.property_hs_lifecyclestage_marketingqualifiedlead_date as mql_at,
        leads.property_hs_lifecyclestage_salesqualifiedlead_date as sql_at,
        leads.property_hs_lifecyclestage_opportunity_date as converted_at,
        leads.property_associatedcompanyid as converted_account_id,
        ranked_deals.deal_id as converted_deal_id,
        {{ hubspot_bool_text(hubspot_flag('leads._fivetran_deleted')) }} as is_deleted,
        leads.property_lastmodifieddate as updated_at,
        cast(leads._source_row_number as bigint) as _source_row_number
    from leads
    left join ranked_deals
        on
            leads.id = ranked_deals.contact_id
            and ranked_deals.deal_rank = 1

)

select * from final
