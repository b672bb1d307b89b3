{#- mql_to_customer_rate: cohort by the month the lead reached MQL (mql_at in the period): leads
    of the cohort converted to a won deal (converted_deal_id is a won deal by the cut-off) /
    leads that reached MQL. -#}
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

mql_cohort_leads as (

    select
        cast(leads.mql_at as date) as record_date,
        'all' as dim_overall,
        leads.lead_source as dim_lead_source,
        leads.campaign_id as dim_campaign,
        leads.region as dim_region,
        case when leads.is_converted_to_won_deal then 1 else 0 end as numerator_value,
        1 as denominator_value
    from leads
    where leads.mql_at is not null

),

{{ kpi_aggregate(
    records='mql_cohort_leads',
    kpi_id='mql_to_customer_rate',
    unit='ratio',
    value_type='ratio',
    dimensions=['overall', 'lead_source', 'campaign', 'region'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='mql_to_customer_rate_values'
) }},

final as (

    select * from mql_to_customer_rate_values

)

select * from final
