{#- sql_count: leads reaching SQL in the period (by sql_at; an SQL after the as-of cut-off has
    not happened), by the lead's source, campaign, region and owner (rep). -#}
with

leads as (

    select * from {{ ref('fct_leads') }}

),

leads_reaching_sql as (

    select
        cast(leads.sql_at as date) as record_date,
        'all' as dim_overall,
        leads.lead_source as dim_lead_source,
        leads.campaign_id as dim_campaign,
        leads.region as dim_region,
        leads.owner_id as dim_rep,
        1 as numerator_value,
        cast(null as {{ type_double() }}) as denominator_value
    from leads
    where leads.sql_at is not null

),

{{ kpi_aggregate(
    'leads_reaching_sql', 'sql_count', 'count',
    ['overall', 'lead_source', 'campaign', 'region', 'rep'],
    value_type='total'
) }},

final as (

    select * from leads_reaching_sql_kpi

)

select * from final
