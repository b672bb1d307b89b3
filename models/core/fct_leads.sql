{#- Leads created by the cut-off (not deleted), with qualification and conversion times as of
    the cut-off, whether the conversion became a won deal, and the first completed outbound
    activity (response time). -#}
{#- Converted to a won deal: the converted deal is won by the cut-off, and the conversion
    itself is not dated after it. -#}
{%- set converted_to_won_deal -%}
deals.is_won and (
    leads_in_scope.converted_at is null or leads_in_scope.converted_at < {{ as_of_cutoff() }}
)
{%- endset -%}
with

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

users as (

    select * from {{ ref('dim_users') }}

),

campaigns as (

    select * from {{ ref('dim_campaigns') }}

),

deals as (

    select * from {{ ref('int_deals_as_of') }}

),

activities as (

    select * from {{ ref('fct_activities') }}

),

lead_touches as (

    select
        activities.lead_id,
        activities.occurred_at,
        activities.reply_sentiment,
        activities.direction,
        activities.is_completed
    from activities
    where activities.lead_id is not null and activities.is_completed

),

leads_in_scope as (

    select * from leads
    where not is_deleted and created_at < {{ as_of_cutoff() }}

),

outbound_touches as (

    select
        leads_in_scope.lead_id,
        min(lead_touches.occurred_at) as first_outbound_activity_at,
        min(
            case
                when lead_touches.occurred_at >= leads_in_scope.created_at
                    then lead_touches.occurred_at
            end
        ) as first_response_activity_at
    from leads_in_scope
    inner join lead_touches
        on leads_in_scope.lead_id = lead_touches.lead_id
            and lead_touches.direction = 'outbound'
    group by leads_in_scope.lead_id

),

reply_sentiment_coverage as (

    {#- Whether the input records reply sentiment at all: HubSpot has no such field, and a
        Salesforce org without the custom field has none either. Without it a lead's replies are
        unknown (null), not "none". -#}
    select count(activities.reply_sentiment) > 0 as is_reply_sentiment_recorded
    from activities

),

replies as (

    select
        lead_id,
        max(case when reply_sentiment = 'positive' then 1 else 0 end) as has_positive_reply,
        max(case when reply_sentiment = 'negative' then 1 else 0 end) as has_negative_reply
    from lead_touches
    group by lead_id

),

final as (

    select
        leads_in_scope.lead_id,
        leads_in_scope.created_at,
        cast(leads_in_scope.created_at as date) as created_date,
        coalesce(leads_in_scope.lead_source, 'unknown') as lead_source,
        coalesce(campaigns.campaign_id, 'unknown') as campaign_id,
        coalesce(users.user_id, 'unknown') as owner_id,
        coalesce(users.team_id, 'unknown') as team_id,
        coalesce(leads_in_scope.region, 'unknown') as region,
        leads_in_scope.country,
        leads_in_scope.status,
        {{ as_of_event('leads_in_scope.mql_at') }} as mql_at,
        {{ as_of_event('leads_in_scope.sql_at') }} as sql_at,
        {{ as_of_event('leads_in_scope.converted_at') }} as converted_at,
        leads_in_scope.converted_account_id,
        leads_in_scope.converted_deal_id,
        coalesce({{ converted_to_won_deal }}, false) as is_converted_to_won_deal,
        case when {{ converted_to_won_deal }} then deals.closed_at end as won_deal_closed_at,
        outbound_touches.first_outbound_activity_at,
        outbound_touches.first_outbound_activity_at is not null as has_completed_outbound_activity,
        outbound_touches.first_response_activity_at,
        {{ hours_between('leads_in_scope.created_at', 'outbound_touches.first_response_activity_at') }}
            as response_hours,
        case
            when reply_sentiment_coverage.is_reply_sentiment_recorded
                then coalesce(replies.has_positive_reply = 1, false)
        end as has_positive_reply,
        case
            when reply_sentiment_coverage.is_reply_sentiment_recorded
                then coalesce(replies.has_negative_reply = 1, false)
        end as has_negative_reply
    from leads_in_scope
    cross join reply_sentiment_coverage
    left join users
        on leads_in_scope.owner_id = users.user_id
            and not users.is_unknown_member
    left join campaigns
        on leads_in_scope.campaign_id = campaigns.campaign_id
            and not campaigns.is_unknown_member
    left join deals
        on leads_in_scope.converted_deal_id = deals.deal_id
    left join outbound_touches
        on leads_in_scope.lead_id = outbound_touches.lead_id
    left join replies
        on leads_in_scope.lead_id = replies.lead_id

)

select * from final
