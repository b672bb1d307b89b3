{#- lead_to_customer_rate: cohort of leads created in the period: leads whose converted_deal_id
    is a won deal / leads created. -#}
with

leads as (

    select * from {{ ref('fct_leads') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

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
    records='created_leads',
    kpi_id='lead_to_customer_rate',
    unit='ratio',
    value_type='ratio',
    dimensions=['overall', 'lead_source', 'campaign', 'region', 'rep'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='lead_to_customer_rate_values'
) }},

final as (

    select * from lead_to_customer_rate_values

)

select * from final
