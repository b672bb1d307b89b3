{#- lead_follow_up_rate: leads created in the period with at least one completed outbound
    activity linked by lead_id, at any time up to as_of / leads created. -#}
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
        leads.owner_id as dim_rep,
        case when leads.has_completed_outbound_activity then 1 else 0 end as numerator_value,
        1 as denominator_value
    from leads

),

{{ kpi_aggregate(
    records='created_leads',
    kpi_id='lead_follow_up_rate',
    unit='ratio',
    value_type='ratio',
    dimensions=['overall', 'lead_source', 'rep'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='lead_follow_up_rate_values'
) }},

final as (

    select * from lead_follow_up_rate_values

)

select * from final
