{#- new_leads: leads created in the period (count), by the lead's source, campaign, region and
    owner (rep). -#}
with

leads as (

    select * from {{ ref('fct_leads') }}

),

created_leads as (

    select
        leads.created_date as record_date,
        'all' as dim_overall,
        leads.lead_source as dim_lead_source,
        leads.campaign_id as dim_campaign,
        leads.region as dim_region,
        leads.owner_id as dim_rep,
        1 as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from leads

),

{{ kpi_aggregate(
    'created_leads', 'new_leads', 'count',
    ['overall', 'lead_source', 'campaign', 'region', 'rep'],
    value_type='total'
) }},

final as (

    select * from created_leads_kpi

)

select * from final
