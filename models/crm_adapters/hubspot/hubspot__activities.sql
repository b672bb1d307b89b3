{%- set call_ms = parse_numeric('calls.property_hs_call_duration') -%}
{%- set meeting_start = parse_timestamp_utc('meetings.property_hs_meeting_start_time') -%}
{%- set meeting_end = parse_timestamp_utc('meetings.property_hs_meeting_end_time') -%}
with

engagements as (

    select * from {{ source('hubspot', 'engagement') }}

),

calls as (

    select * from {{ source('hubspot', 'engagement_call') }}

),

emails as (

    select * from {{ source('hubspot', 'engagement_email') }}

),

meetings as (

    select * from {{ source('hubspot', 'engagement_meeting') }}

),

notes as (

    select * from {{ source('hubspot', 'engagement_note') }}

),

tasks as (

    select * from {{ source('hubspot', 'engagement_task') }}

),

engagement_contacts as (

    select * from {{ source('hubspot', 'engagement_contact') }}

),

engagement_companies as (

    select * from {{ source('hubspot', 'engagement_company') }}

),

engagement_deals as (

    select * from {{ source('hubspot', 'engagement_deal') }}

),

contact_kinds as (

    select * from {{ ref('hubspot__contact_kinds') }}

),

-- an engagement's contacts are leads or contacts by the contact's lead status; the first
-- (smallest id) of each kind is kept
associated_people as (

    select
        engagement_contacts.engagement_id,
        engagement_contacts.contact_id,
        contact_kinds.is_lead,
        row_number() over (
            partition by engagement_contacts.engagement_id, contact_kinds.is_lead
            order by length(engagement_contacts.contact_id), engagement_contacts.contact_id
        ) as person_rank
    from engagement_contacts
    inner join contact_kinds
        on engagement_contacts.contact_id = contact_kinds.contact_id

),

first_companies as (

    select
        engagement_id,
        company_id,
        row_number() over (
            partition by engagement_id order by length(company_id), company_id
        ) as company_rank
    from engagement_companies
    where company_id is not null

),

first_deals as (

    select
        engagement_id,
        deal_id,
        row_number() over (
            partition by engagement_id order by length(deal_id), deal_id
        ) as deal_rank
    from engagement_deals
    where deal_id is not null

),

typed as (

    select
        engagements.id as activity_id,
        upper(trim(engagements.type)) as engagement_type,
        engagements.owner_id,
        engagements.created_at,
        engagements.timestamp as occurred_at,
        engagements.last_updated as updated_at,
        engagements._source_row_number,
        {{ hubspot_bool_text(
            'not coalesce(' ~ parse_boolean('engagements.active') ~ ', true) or '
            ~ hubspot_flag('engagements._fivetran_deleted') ~ ' or '
            ~ hubspot_flag('calls._fivetran_deleted') ~ ' or '
            ~ hubspot_flag('emails._fivetran_deleted') ~ ' or '
            ~ hubspot_flag('meetings._fivetran_deleted') ~ ' or '
            ~ hubspot_flag('notes._fivetran_deleted') ~ ' or '
            ~ hubspot_flag('tasks._fivetran_deleted')) }} as is_deleted,
        case upper(trim(engagements.type))
            when 'CALL' then 'call'
            when 'EMAIL' then 'email'
            when 'INCOMING_EMAIL' then 'email'
            when 'FORWARDED_EMAIL' then 'email'
            when 'NOTE' then 'note'
            when 'MEETING'
                then coalesce(
                        {{ hubspot_lookup('meetings.property_hs_activity_type', 'hubspot_activity_types') }},
                        lower(trim(meetings.property_hs_activity_type)),
                        'meeting'
                    )
            when 'TASK'
                then coalesce(
                        {{ hubspot_lookup('tasks.property_hs_activity_type', 'hubspot_activity_types') }},
                        lower(trim(tasks.property_hs_activity_type)),
                        'follow_up'
                    )
            else lower(trim(engagements.type))
        end as activity_type,
        case
            when upper(trim(engagements.type)) = 'CALL'
                then coalesce(
                        {{ hubspot_lookup('calls.property_hs_call_direction', 'hubspot_directions') }},
                        lower(trim(calls.property_hs_call_direction))
                    )
            when upper(trim(engagements.type)) in ('EMAIL', 'INCOMING_EMAIL', 'FORWARDED_EMAIL')
                then coalesce(
                        {{ hubspot_lookup('emails.property_hs_email_direction', 'hubspot_directions') }},
                        lower(trim(emails.property_hs_email_direction)),
                        {{ hubspot_lookup('engagements.type', 'hubspot_directions') }}
                    )
        end as direction,
        case upper(trim(engagements.type))
            when 'CALL'
                then coalesce(
                        {{ hubspot_lookup('calls.property_hs_call_status', 'hubspot_call_statuses') }},
                        lower(trim(calls.property_hs_call_status))
                    )
            when 'MEETING'
                then coalesce(
                        {{ hubspot_lookup('meetings.property_hs_meeting_outcome', 'hubspot_meeting_outcomes') }},
                        lower(trim(meetings.property_hs_meeting_outcome))
                    )
            when 'TASK'
                then coalesce(
                        {{ hubspot_lookup('tasks.property_hs_task_status', 'hubspot_task_statuses') }},
                        lower(trim(tasks.property_hs_task_status))
                    )
            when 'NOTE' then 'completed'
            else coalesce(
                    {{ hubspot_lookup('emails.property_hs_email_status', 'hubspot_email_statuses') }},
                    lower(trim(emails.property_hs_email_status))
                )
        end as status,
        case upper(trim(engagements.type))
            when 'CALL'
                then case
                        when {{ call_ms }} is not null then {{ hubspot_decimal_text(call_ms ~ ' / 60000') }}
                        else calls.property_hs_call_duration
                    end
            when 'MEETING'
                then {{ hubspot_decimal_text(dbt.datediff(meeting_start, meeting_end, 'second') ~ ' / 60.0') }}
        end as duration_minutes
    from engagements
    left join calls
        on engagements.id = calls.engagement_id
    left join emails
        on engagements.id = emails.engagement_id
    left join meetings
        on engagements.id = meetings.engagement_id
    left join notes
        on engagements.id = notes.engagement_id
    left join tasks
        on engagements.id = tasks.engagement_id
    where engagements.id is not null

),

final as (

    select
        typed.activity_id,
        typed.activity_type,
        typed.direction,
        typed.owner_id,
        leads.contact_id as lead_id,
        contacts.contact_id,
        first_companies.company_id as account_id,
        first_deals.deal_id,
        typed.created_at,
        typed.occurred_at,
        typed.status,
        typed.duration_minutes,
        cast(null as {{ dbt.type_string() }}) as reply_sentiment,
        typed.is_deleted,
        typed.updated_at,
        cast(typed._source_row_number as bigint) as _source_row_number
    from typed
    left join associated_people as leads
        on
            typed.activity_id = leads.engagement_id
            and leads.is_lead
            and leads.person_rank = 1
    left join associated_people as contacts
        on
            typed.activity_id = contacts.engagement_id
            and not contacts.is_lead
            and contacts.person_rank = 1
    left join first_companies
        on
            typed.activity_id = first_companies.engagement_id
            and first_companies.company_rank = 1
    left join first_deals
        on
            typed.activity_id = first_deals.engagement_id
            and first_deals.deal_rank = 1

)

select * from final
