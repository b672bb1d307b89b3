{#- Activities (not deleted), attributed to their owner (rep) and the owner's current team;
    `is_completed` = completed and happened by the cut-off. -#}
with

activities as (

    select * from {{ ref('stg_crm__activities') }}

),

users as (

    select * from {{ ref('dim_users') }}

),

final as (

    select
        activities.activity_id,
        coalesce(activities.activity_type, 'unknown') as activity_type,
        activities.direction,
        coalesce(users.user_id, 'unknown') as owner_id,
        coalesce(users.team_id, 'unknown') as team_id,
        coalesce(users.is_rep, false) as is_by_rep,
        activities.lead_id,
        activities.contact_id,
        activities.account_id,
        activities.deal_id,
        activities.created_at,
        cast(activities.created_at as date) as created_date,
        activities.occurred_at,
        cast(activities.occurred_at as date) as occurred_date,
        activities.status,
        activities.duration_minutes,
        activities.reply_sentiment,
        coalesce(
            activities.status = 'completed' and activities.occurred_at < {{ as_of_cutoff() }},
            false
        ) as is_completed,
        coalesce(activities.created_at < {{ as_of_cutoff() }}, false) as is_booked_by_as_of
    from activities
    left join users
        on activities.owner_id = users.user_id
            and not users.is_unknown_member
    where not activities.is_deleted

)

select * from final
