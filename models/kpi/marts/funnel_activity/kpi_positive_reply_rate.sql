{#- positive_reply_rate: cohort of leads created in the period and contacted (a completed outbound
    activity linked by lead_id, by the cut-off): leads with a positive reply (a completed activity
    with reply_sentiment = 'positive') / contacted leads. No value (numerator and value null)
    when the input records no reply sentiment at all (e.g. HubSpot). -#}
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

reply_sentiment_recorded as (

    {#- fct_leads knows a lead's replies only when the input records reply sentiment at all
        (has_positive_reply is then never null); without it the rate has no value. -#}
    select count(leads.has_positive_reply) > 0 as is_measured
    from leads

),

contacted_leads as (

    select
        leads.created_date as record_date,
        'all' as dim_overall,
        leads.lead_source as dim_lead_source,
        leads.campaign_id as dim_campaign,
        leads.region as dim_region,
        leads.owner_id as dim_rep,
        case when leads.has_positive_reply then 1 else 0 end as numerator_value,
        1 as denominator_value
    from leads
    where leads.has_completed_outbound_activity

),

{{ kpi_aggregate(
    records='contacted_leads',
    kpi_id='positive_reply_rate',
    unit='ratio',
    value_type='ratio',
    dimensions=['overall', 'lead_source', 'campaign', 'region', 'rep'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    measured='reply_sentiment_recorded',
    output='positive_reply_rate_values'
) }},

final as (

    select * from positive_reply_rate_values

)

select * from final
