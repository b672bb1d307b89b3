{#- Lead funnel by lead source, campaign and month: the cohort of leads created in the month
    (fct_leads) and how far they got by the cut-off (MQL, SQL, converted to a deal, converted to
    a won deal), their follow-up and first-response time, and the month's marketing spend of
    the same channel (= lead source) and campaign. A row where the combination has leads or
    marketing spend in the month. -#}
with

leads as (

    select * from {{ ref('fct_leads') }}

),

expenses as (

    select * from {{ ref('fct_expenses') }}

),

campaigns as (

    select * from {{ ref('dim_campaigns') }}

),

created_leads as (

    select
        cast({{ dbt.date_trunc('month', 'created_date') }} as date) as month_start_date,
        lead_source,
        campaign_id,
        1 as lead_count,
        case when mql_at is not null then 1 else 0 end as mql_count,
        case when sql_at is not null then 1 else 0 end as sql_count,
        case when converted_at is not null then 1 else 0 end as converted_count,
        case when is_converted_to_won_deal then 1 else 0 end as won_count,
        case when has_completed_outbound_activity then 1 else 0 end as followed_up_count,
        case when response_hours is not null then 1 else 0 end as responded_count,
        response_hours,
        cast(0 as {{ type_double() }}) as marketing_spend
    from leads

),

marketing_expenses as (

    select
        cast({{ dbt.date_trunc('month', 'expense_date') }} as date) as month_start_date,
        channel as lead_source,
        campaign_id,
        0 as lead_count,
        0 as mql_count,
        0 as sql_count,
        0 as converted_count,
        0 as won_count,
        0 as followed_up_count,
        0 as responded_count,
        cast(null as {{ type_double() }}) as response_hours,
        coalesce(amount_reporting, 0) as marketing_spend
    from expenses
    where category = 'marketing'

),

funnel_records as (

    select * from created_leads
    union all
    select * from marketing_expenses

),

source_campaign_months as (

    select
        month_start_date,
        lead_source,
        campaign_id,
        sum(lead_count) as leads,
        sum(mql_count) as mql_leads,
        sum(sql_count) as sql_leads,
        sum(converted_count) as converted_leads,
        sum(won_count) as won_leads,
        sum(followed_up_count) as followed_up_leads,
        sum(responded_count) as responded_leads,
        {{ exact_sum('response_hours') }} as response_hours_total,
        {{ exact_sum('marketing_spend') }} as marketing_spend
    from funnel_records
    group by month_start_date, lead_source, campaign_id

),

final as (

    select
        {{ dbt.concat([
            "cast(source_campaign_months.month_start_date as " ~ dbt.type_string() ~ ")", "':'",
            'source_campaign_months.lead_source', "':'", 'source_campaign_months.campaign_id'
        ]) }} as lead_source_campaign_month_id,
        source_campaign_months.month_start_date,
        {{ is_complete_period("'month'", 'source_campaign_months.month_start_date') }} as is_complete_period,
        source_campaign_months.lead_source,
        source_campaign_months.campaign_id,
        coalesce(campaigns.campaign_name, source_campaign_months.campaign_id) as campaign_name,
        cast(source_campaign_months.leads as {{ dbt.type_bigint() }}) as leads,
        cast(source_campaign_months.mql_leads as {{ dbt.type_bigint() }}) as mql_leads,
        cast(source_campaign_months.sql_leads as {{ dbt.type_bigint() }}) as sql_leads,
        cast(source_campaign_months.converted_leads as {{ dbt.type_bigint() }}) as converted_leads,
        cast(source_campaign_months.won_leads as {{ dbt.type_bigint() }}) as won_leads,
        cast(source_campaign_months.followed_up_leads as {{ dbt.type_bigint() }}) as followed_up_leads,
        cast(source_campaign_months.followed_up_leads as {{ type_double() }})
        / cast(nullif(source_campaign_months.leads, 0) as {{ type_double() }}) as follow_up_rate,
        cast(source_campaign_months.responded_leads as {{ dbt.type_bigint() }}) as responded_leads,
        coalesce(source_campaign_months.response_hours_total, 0) as response_hours_total,
        source_campaign_months.response_hours_total
        / cast(nullif(source_campaign_months.responded_leads, 0) as {{ type_double() }}) as avg_response_hours,
        source_campaign_months.marketing_spend,
        source_campaign_months.marketing_spend
        / cast(nullif(source_campaign_months.leads, 0) as {{ type_double() }}) as cost_per_lead,
        cast({{ reporting_currency() }} as {{ dbt.type_string() }}) as currency_code
    from source_campaign_months
    left join campaigns
        on source_campaign_months.campaign_id = campaigns.campaign_id

)

select * from final
