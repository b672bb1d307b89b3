{#- lead_follow_up_rate: leads created in the period with at least one completed outbound
    activity linked by lead_id, at any time up to as_of / leads created. -#}
with

leads as (

    select * from {{ ref('fct_leads') }}

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
    'created_leads', 'lead_follow_up_rate', 'ratio',
    ['overall', 'lead_source', 'rep'],
    value_type='ratio'
) }},

final as (

    select * from created_leads_kpi

)

select * from final
