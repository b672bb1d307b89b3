{#- mql_count: leads reaching MQL in the period (by mql_at; an MQL after the as-of cut-off has
    not happened), by the lead's source, campaign, region and owner (rep). -#}
with

leads as (

    select * from {{ ref('fct_leads') }}

),

leads_reaching_mql as (

    select
        cast(leads.mql_at as date) as record_date,
        'all' as dim_overall,
        leads.lead_source as dim_lead_source,
        leads.campaign_id as dim_campaign,
        leads.region as dim_region,
        leads.owner_id as dim_rep,
        1 as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from leads
    where leads.mql_at is not null

),

{{ kpi_aggregate(
    'leads_reaching_mql', 'mql_count', 'count',
    ['overall', 'lead_source', 'campaign', 'region', 'rep'],
    value_type='total'
) }},

final as (

    select * from leads_reaching_mql_kpi

)

select * from final
