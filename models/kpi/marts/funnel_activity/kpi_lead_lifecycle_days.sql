{#- lead_lifecycle_days ("average time to convert"): for leads converted to a won deal closed in
    the period: average days from the lead's created_at to the deal's closed_at. -#}
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
    records='leads_won',
    kpi_id='lead_lifecycle_days',
    unit='days',
    value_type='ratio',
    dimensions=['overall', 'lead_source', 'campaign', 'region', 'rep'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='lead_lifecycle_days_values'
) }},

final as (

    select * from lead_lifecycle_days_values

)

select * from final
