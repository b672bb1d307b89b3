{#- campaigns <- Campaign: channel by var salesforce_campaign_channel_by_type, budget =
    BudgetedCost, currency = CurrencyIsoCode, else the corporate currency. -#}
with

campaigns as (

    select * from {{ source('salesforce', 'campaign') }}

),

final as (

    select
        {{ sf_text('campaigns.id') }} as campaign_id,
        {{ sf_text('campaigns.name') }} as campaign_name,
        {{ sf_map('campaigns.type', 'salesforce_campaign_channel_by_type', "'other'") }} as channel,
        {{ sf_text('campaigns.start_date') }} as started_at,
        {{ sf_text('campaigns.end_date') }} as ended_at,
        {{ sf_text('campaigns.budgeted_cost') }} as budget,
        coalesce(upper({{ sf_text('campaigns.currency_iso_code') }}), {{ sf_corporate_currency() }}) as currency,
        {{ sf_updated_at('campaigns') }} as updated_at,
        campaigns._source_row_number
    from campaigns
    where not {{ sf_is_true('campaigns.is_deleted') }}

)

select * from final
