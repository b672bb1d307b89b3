{#- lead_lifecycle_days ("average time to convert"): for leads converted to a won deal closed in
    the period: average days from the lead's created_at to the deal's closed_at. -#}
with

leads as (

    select * from {{ ref('fct_leads') }}

),

leads_won as (

    select
        cast(leads.won_deal_closed_at as date) as record_date,
        'all' as dim_overall,
        leads.lead_source as dim_lead_source,
        leads.campaign_id as dim_campaign,
        leads.region as dim_region,
        leads.owner_id as dim_rep,
        {{ days_between('leads.created_at', 'leads.won_deal_closed_at') }} as numerator_value,
        1 as denominator_value
    from leads
    where leads.is_converted_to_won_deal

),

{{ kpi_aggregate(
    'leads_won', 'lead_lifecycle_days', 'days',
    ['overall', 'lead_source', 'campaign', 'region', 'rep'],
    value_type='ratio'
) }},

final as (

    select * from leads_won_kpi

)

select * from final
