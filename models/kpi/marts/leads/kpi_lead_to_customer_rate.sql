{#- lead_to_customer_rate: cohort of leads created in the period: leads whose converted_deal_id
    is a won deal / leads created. -#}
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
        case when leads.is_converted_to_won_deal then 1 else 0 end as numerator_value,
        1 as denominator_value
    from leads

),

{{ kpi_aggregate(
    'created_leads', 'lead_to_customer_rate', 'ratio',
    ['overall', 'lead_source', 'campaign', 'region', 'rep'],
    value_type='ratio'
) }},

final as (

    select * from created_leads_kpi

)

select * from final
