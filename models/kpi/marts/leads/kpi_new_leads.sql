{#- new_leads: leads created in the period (count), by the lead's source, campaign, region and
    owner (rep). -#}
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
        1 as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from leads

),

{{ kpi_aggregate(
    records='created_leads',
    kpi_id='new_leads',
    unit='count',
    value_type='total',
    dimensions=['overall', 'lead_source', 'campaign', 'region', 'rep'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='new_leads_values'
) }},

final as (

    select * from new_leads_values

)

select * from final
