{#- days_to_first_activity: as lead_response_hours, in days: leads created in the period that
    have a completed outbound activity at or after created_at: average days from created_at to
    the first such activity (fct_leads.response_hours / 24). -#}
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

responded_leads as (

    select
        leads.created_date as record_date,
        'all' as dim_overall,
        leads.lead_source as dim_lead_source,
        leads.owner_id as dim_rep,
        leads.response_hours / 24.0 as numerator_value,
        1 as denominator_value
    from leads
    where leads.response_hours is not null

),

{{ kpi_aggregate(
    records='responded_leads',
    kpi_id='days_to_first_activity',
    unit='days',
    value_type='ratio',
    dimensions=['overall', 'lead_source', 'rep'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='days_to_first_activity_values'
) }},

final as (

    select * from days_to_first_activity_values

)

select * from final
