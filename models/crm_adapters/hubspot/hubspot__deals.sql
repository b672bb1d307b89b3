{%- set primary_types = var('hubspot_primary_company_type_ids') -%}
with

deals as (

    select * from {{ source('hubspot', 'deal') }}

),

stages as (

    select * from {{ ref('hubspot__stages') }}

),

deal_companies as (

    select * from {{ source('hubspot', 'deal_company') }}

),

deal_contacts as (

    select * from {{ source('hubspot', 'deal_contact') }}

),

contact_kinds as (

    select * from {{ ref('hubspot__contact_kinds') }}

),

merged_deals as (

    select * from {{ source('hubspot', 'merged_deal') }}

),

primary_companies as (

    select
        deal_id,
        company_id,
        row_number() over (
            partition by deal_id order by length(company_id), company_id
        ) as company_rank
    from deal_companies
    where
        company_id is not null
        and (type_id is null or trim(type_id) in ('{{ primary_types | join("', '") }}'))

),

lead_contacts as (

    select
        deal_contacts.deal_id,
        deal_contacts.contact_id,
        row_number() over (
            partition by deal_contacts.deal_id
            order by length(deal_contacts.contact_id), deal_contacts.contact_id
        ) as lead_rank
    from deal_contacts
    inner join contact_kinds
        on deal_contacts.contact_id = contact_kinds.contact_id
    where contact_kinds.is_lead

),

merged_away as (

    select distinct merged_deal_id as deal_id
    from merged_deals
    where merged_deal_id is not null

),

resolved as (

    select
        deals.*,
        coalesce(deals.deal_pipeline_stage_id, deals.property_dealstage) as stage_id,
        stages.stage_label,
        stages.is_closed,
        stages.is_won,
        merged_away.deal_id is not null as is_merged_away
    from deals
    left join stages
        on coalesce(deals.deal_pipeline_stage_id, deals.property_dealstage) = stages.stage_id
    left join merged_away
        on deals.deal_id = merged_away.deal_id

),

final as (

    select
        resolved.deal_id,
        resolved.property_dealname as deal_name,
        primary_companies.company_id as account_id,
        coalesce(resolved.owner_id, resolved.property_hubspot_owner_id) as owner_id,
        lead_contacts.contact_id as lead_id,
        coalesce(resolved.deal_pipeline_id, resolved.property_pipeline) as pipeline,
        coalesce(
            {{ hubspot_lookup('resolved.property_dealtype', 'hubspot_deal_types') }},
            lower(trim(resolved.property_dealtype))
        ) as deal_type,
        coalesce(resolved.stage_label, resolved.stage_id) as stage,  -- noqa: RF04
        resolved.property_amount as amount,
        coalesce(resolved.property_deal_currency_code, '{{ var("hubspot_corporate_currency") }}') as currency,
        resolved.property_createdate as created_at,
        case
            when not coalesce(resolved.is_closed, false)
                then {{ hubspot_date_part('resolved.property_closedate') }}
        end as expected_close_date,
        case when resolved.is_closed then resolved.property_closedate end as closed_at,
        {{ hubspot_bool_text('resolved.is_closed') }} as is_closed,
        {{ hubspot_bool_text('resolved.is_won') }} as is_won,
        resolved.property_{{ var('hubspot_lost_reason_property') }} as lost_reason,
        resolved.property_{{ var('hubspot_competitor_property') }} as competitor,
        {{ hubspot_bool_text(hubspot_flag('resolved.is_deleted') ~ ' or '
            ~ hubspot_flag('resolved._fivetran_deleted') ~ ' or resolved.is_merged_away') }} as is_deleted,
        resolved.property_hs_lastmodifieddate as updated_at,
        cast(resolved._source_row_number as bigint) as _source_row_number
    from resolved
    left join primary_companies
        on
            resolved.deal_id = primary_companies.deal_id
            and primary_companies.company_rank = 1
    left join lead_contacts
        on
            resolved.deal_id = lead_contacts.deal_id
            and lead_contacts.lead_rank = 1

)

select * from final
