{#- deals <- Opportunity. closed_at = CloseDate at 00:00 UTC for closed opportunities (the
    creation time when created and closed on one day), expected_close_date = CloseDate for open
    ones; pipeline = the record type's DeveloperName (else var salesforce_default_pipeline);
    deal_type by var salesforce_deal_type_map; currency = CurrencyIsoCode, else the corporate
    currency; lead = the earliest converted, not deleted lead whose ConvertedOpportunityId is
    the deal (then the smallest Id); lost reason and competitor from custom fields (vars). -#}
with

opportunities as (

    select * from {{ source('salesforce', 'opportunity') }}

),

record_types as (

    select * from {{ source('salesforce', 'record_type') }}

),

leads as (

    select * from {{ ref('salesforce__leads') }}

),

converting_leads as (

    select
        leads.converted_deal_id,
        leads.lead_id,
        row_number() over (
            partition by leads.converted_deal_id
            order by {{ parse_date('left(leads.converted_at, 10)') }} nulls last, leads.lead_id
        ) as lead_rank
    from leads
    where
        leads.converted_deal_id is not null
        and leads.is_deleted = 'false'

),

final as (

    select
        {{ sf_text('opportunities.id') }} as deal_id,
        {{ sf_text('opportunities.name') }} as deal_name,
        {{ sf_text('opportunities.account_id') }} as account_id,
        {{ sf_text('opportunities.owner_id') }} as owner_id,
        converting_leads.lead_id,
        coalesce(lower({{ sf_text('record_types.developer_name') }}), '{{ var("salesforce_default_pipeline") }}')
            as pipeline,
        {{ sf_map('opportunities.type', 'salesforce_deal_type_map') }} as deal_type,
        {{ sf_text('opportunities.stage_name') }} as stage,  -- noqa: RF04
        {{ sf_text('opportunities.amount') }} as amount,
        coalesce(
            upper({{ sf_text('opportunities.currency_iso_code') }}), {{ sf_corporate_currency() }}
        ) as currency,
        {{ sf_text('opportunities.created_date') }} as created_at,
        case
            when not {{ sf_is_true('opportunities.is_closed') }} then {{ sf_text('opportunities.close_date') }}
        end as expected_close_date,
        case
            when {{ sf_is_true('opportunities.is_closed') }}
                then {{ sf_day_as_timestamp('opportunities.close_date', 'opportunities.created_date') }}
        end as closed_at,
        lower({{ sf_text('opportunities.is_closed') }}) as is_closed,
        lower({{ sf_text('opportunities.is_won') }}) as is_won,
        {{ sf_text(sf_custom_column('opportunities', 'salesforce_lost_reason_column')) }} as lost_reason,
        {{ sf_text(sf_custom_column('opportunities', 'salesforce_competitor_column')) }} as competitor,
        {{ sf_is_deleted('opportunities') }} as is_deleted,
        {{ sf_updated_at('opportunities') }} as updated_at,
        opportunities._source_row_number
    from opportunities
    left join record_types
        on {{ sf_text('opportunities.record_type_id') }} = {{ sf_text('record_types.id') }}
    left join converting_leads
        on
            {{ sf_text('opportunities.id') }} = converting_leads.converted_deal_id
            and converting_leads.lead_rank = 1

)

select * from final
