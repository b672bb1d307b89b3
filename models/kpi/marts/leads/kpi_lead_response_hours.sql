{#- lead_response_hours: leads created in the period that have a completed outbound activity at
    or after created_at: average hours from created_at to the first such activity. -#}
with

leads as (

    select * from {{ ref('fct_leads') }}

),

responded_leads as (

    select
        leads.created_date as record_date,
        'all' as dim_overall,
        leads.lead_source as dim_lead_source,
        leads.owner_id as dim_rep,
        leads.response_hours as numerator_value,
        1 as denominator_value
    from leads
    where leads.response_hours is not null

),

{{ kpi_aggregate(
    'responded_leads', 'lead_response_hours', 'hours',
    ['overall', 'lead_source', 'rep'],
    value_type='ratio'
) }},

final as (

    select * from responded_leads_kpi

)

select * from final
