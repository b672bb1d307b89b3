with

time_entries as (

    select * from {{ ref('stg_crm__rep_time_entries') }}

),

users as (

    select * from {{ ref('dim_users') }}

),

final as (

    select
        time_entries.entry_id,
        coalesce(users.user_id, 'unknown') as user_id,
        coalesce(users.team_id, 'unknown') as team_id,
        time_entries.work_date,
        time_entries.category,
        time_entries.minutes
    from time_entries
    left join users
        on time_entries.user_id = users.user_id
            and not users.is_unknown_member
    where time_entries.work_date <= {{ as_of_date() }}

)

select * from final
