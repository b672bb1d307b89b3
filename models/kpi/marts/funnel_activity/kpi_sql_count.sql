{#- sql_count: leads reaching SQL in the period (by sql_at; an SQL after the as-of cut-off has
    not happened), by the lead's source, campaign, region and owner (rep). -#}
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
    records='leads_reaching_sql',
    kpi_id='sql_count',
    unit='count',
    value_type='total',
    dimensions=['overall', 'lead_source', 'campaign', 'region', 'rep'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='sql_count_values'
) }},

final as (

    select * from sql_count_values

)

select * from final
