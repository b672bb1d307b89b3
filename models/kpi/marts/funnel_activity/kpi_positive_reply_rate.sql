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

reply_sentiment_coverage as (

    {#- fct_leads knows a lead's replies only when the input records reply sentiment at all
        (has_positive_reply is then never null); without it the rate has no value. -#}
    select count(leads.has_positive_reply) > 0 as is_reply_sentiment_recorded
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
    output='positive_reply_rate_values'
) }},

final as (

    select
        reply_rates.kpi_id,
        reply_rates.grain,
        reply_rates.period_start,
        reply_rates.is_complete_period,
        reply_rates.dimension,
        reply_rates.dimension_value,
        reply_rates.dimension_label,
        reply_rates.dimension_sort_order,
        case when coverage.is_reply_sentiment_recorded then reply_rates.numerator end as numerator,
        reply_rates.denominator,
        case when coverage.is_reply_sentiment_recorded then reply_rates.value end as value,  -- noqa: RF04
        reply_rates.unit,
        reply_rates.currency_code
    from positive_reply_rate_values as reply_rates
    cross join reply_sentiment_coverage as coverage

)

select * from final
