{#- activities <- Task and Event. Type by var salesforce_activity_type_map (Type, else the
    task's TaskSubtype; else salesforce_task_default_type / salesforce_event_default_type);
    lead / contact by the WhoId key prefix (00Q lead, 003 contact), deal by the WhatId prefix
    006, account = AccountId (else a WhatId with prefix 001); direction = a call's CallType,
    else the direction custom field, else outbound; status by var salesforce_activity_status_map
    (Task.Status, the events' status custom field; an event without one is completed when it
    ended before the as-of cut-off, else scheduled); a task occurred at CompletedDateTime, else
    its ActivityDate (00:00 UTC); an event at StartDateTime; duration = CallDurationInSeconds /
    60 or DurationInMinutes. -#}
{%- set direction_column = var('salesforce_activity_direction_column') -%}
{%- set sentiment_column = var('salesforce_reply_sentiment_column') -%}
with

tasks as (

    select * from {{ source('salesforce', 'task') }}

),

events as (

    select * from {{ source('salesforce', 'event') }}

),

task_count as (

    select coalesce(max(tasks._source_row_number), 0) as row_count
    from tasks

),

task_activities as (

    select
        {{ sf_text('tasks.id') }} as activity_id,
        coalesce(
            {{ sf_map('tasks.type', 'salesforce_activity_type_map') }},
            {{ sf_map('tasks.task_subtype', 'salesforce_activity_type_map') }},
            '{{ var("salesforce_task_default_type") }}'
        ) as activity_type,
        coalesce(
            case when lower(trim(tasks.call_type)) in ('inbound', 'outbound') then lower(trim(tasks.call_type)) end,
            case
                when lower(trim(tasks.{{ direction_column }})) in ('inbound', 'outbound')
                    then lower(trim(tasks.{{ direction_column }}))
            end,
            'outbound'
        ) as direction,
        {{ sf_text('tasks.owner_id') }} as owner_id,
        {{ sf_id_of('tasks.who_id', '00Q') }} as lead_id,
        {{ sf_id_of('tasks.who_id', '003') }} as contact_id,
        coalesce({{ sf_text('tasks.account_id') }}, {{ sf_id_of('tasks.what_id', '001') }}) as account_id,
        {{ sf_id_of('tasks.what_id', '006') }} as deal_id,
        {{ sf_text('tasks.created_date') }} as created_at,
        coalesce(
            {{ sf_text('tasks.completed_date_time') }},
            case
                when {{ parse_date(sf_text('tasks.activity_date')) }} is not null
                    then {{ sf_text('tasks.activity_date') }} || 'T00:00:00Z'
                else {{ sf_text('tasks.activity_date') }}
            end
        ) as occurred_at,
        {{ sf_map('tasks.status', 'salesforce_activity_status_map') }} as status,
        {{ sf_divided('tasks.call_duration_in_seconds', 60) }} as duration_minutes,
        lower({{ sf_text('tasks.' ~ sentiment_column) }}) as reply_sentiment,
        {{ sf_is_deleted('tasks') }} as is_deleted,
        {{ sf_updated_at('tasks') }} as updated_at,
        tasks._source_row_number
    from tasks

),

event_activities as (

    select
        {{ sf_text('events.id') }} as activity_id,
        coalesce(
            {{ sf_map('events.type', 'salesforce_activity_type_map') }},
            '{{ var("salesforce_event_default_type") }}'
        ) as activity_type,
        coalesce(
            case
                when lower(trim(events.{{ direction_column }})) in ('inbound', 'outbound')
                    then lower(trim(events.{{ direction_column }}))
            end,
            'outbound'
        ) as direction,
        {{ sf_text('events.owner_id') }} as owner_id,
        {{ sf_id_of('events.who_id', '00Q') }} as lead_id,
        {{ sf_id_of('events.who_id', '003') }} as contact_id,
        coalesce({{ sf_text('events.account_id') }}, {{ sf_id_of('events.what_id', '001') }}) as account_id,
        {{ sf_id_of('events.what_id', '006') }} as deal_id,
        {{ sf_text('events.created_date') }} as created_at,
        coalesce({{ sf_text('events.start_date_time') }}, {{ sf_text('events.activity_date_time') }}) as occurred_at,
        coalesce(
            {{ sf_map(sf_custom_column('events', 'salesforce_event_status_column'),
                      'salesforce_activity_status_map') }},
            case
                when {{ parse_timestamp_utc('coalesce(' ~ sf_text('events.end_date_time') ~ ', '
                                            ~ sf_text('events.start_date_time') ~ ', '
                                            ~ sf_text('events.activity_date_time') ~ ')') }}
                    < {{ as_of_cutoff() }}
                    then 'completed'
                else 'scheduled'
            end
        ) as status,
        {{ sf_text('events.duration_in_minutes') }} as duration_minutes,
        lower({{ sf_text('events.' ~ sentiment_column) }}) as reply_sentiment,
        {{ sf_is_deleted('events') }} as is_deleted,
        {{ sf_updated_at('events') }} as updated_at,
        -- row numbers go on after the tasks' (one sequence for the contract table)
        events._source_row_number + task_count.row_count as _source_row_number
    from events
    cross join task_count

),

final as (

    select * from task_activities

    union all

    select * from event_activities

)

select * from final
