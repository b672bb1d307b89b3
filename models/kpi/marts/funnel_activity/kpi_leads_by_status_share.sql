{#- leads_by_status_share: snapshot at the as-of day: share of leads (created by the cut-off, not
    deleted) by current status: leads with that status / all leads. Dimension status only (the
    shares of all statuses add up to 1). -#}
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

status_leads as (

    select
        coalesce(leads.status, 'unknown') as status,
        count(*) as lead_count
    from leads
    group by coalesce(leads.status, 'unknown')

),

lead_status_shares as (

    select
        'snapshot' as grain,
        {{ as_of_date() }} as period_start,
        status_leads.status as dim_status,
        status_leads.lead_count as numerator_value,
        sum(status_leads.lead_count) over () as denominator_value
    from status_leads

),

{{ kpi_aggregate(
    records='lead_status_shares',
    kpi_id='leads_by_status_share',
    unit='ratio',
    value_type='ratio',
    dimensions=['status'],
    periodized=true,
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='leads_by_status_share_values'
) }},

final as (

    select * from leads_by_status_share_values

)

select * from final
