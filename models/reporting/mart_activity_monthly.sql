{#- Activities per owner (the catalog's rep: the activity's owner, `unknown` when missing),
    activity type and month: completed (status completed, occurred_at in the month, by the
    cut-off: fct_activities.is_completed) and booked (created_at in the month, any status).
    A row where the owner has at least one of either. -#}
with

activities as (

    select * from {{ ref('fct_activities') }}

),

users as (

    select * from {{ ref('dim_users') }}

),

teams as (

    select * from {{ ref('dim_teams') }}

),

completed_activities as (

    select
        owner_id,
        activity_type,
        cast({{ dbt.date_trunc('month', 'occurred_date') }} as date) as month_start_date,
        1 as completed_count,
        0 as booked_count
    from activities
    where is_completed

),

booked_activities as (

    select
        owner_id,
        activity_type,
        cast({{ dbt.date_trunc('month', 'created_date') }} as date) as month_start_date,
        0 as completed_count,
        1 as booked_count
    from activities
    where is_booked_by_as_of

),

counted_activities as (

    select * from completed_activities
    union all
    select * from booked_activities

),

owner_type_months as (

    select
        owner_id,
        activity_type,
        month_start_date,
        sum(completed_count) as activities_completed,
        sum(booked_count) as activities_booked
    from counted_activities
    group by owner_id, activity_type, month_start_date

),

final as (

    select
        {{ dbt.concat([
            'owner_type_months.owner_id', "':'", 'owner_type_months.activity_type', "':'",
            "cast(owner_type_months.month_start_date as " ~ dbt.type_string() ~ ")"
        ]) }} as rep_activity_month_id,
        owner_type_months.month_start_date,
        {{ is_complete_period("'month'", 'owner_type_months.month_start_date') }} as is_complete_period,
        owner_type_months.owner_id as rep_id,
        coalesce(users.full_name, {{ unknown_member_label() }}) as rep_name,
        coalesce(users.is_rep, false) as is_rep,
        coalesce(users.team_id, 'unknown') as team_id,
        coalesce(teams.team_name, {{ unknown_member_label() }}) as team_name,
        owner_type_months.activity_type,
        cast(owner_type_months.activities_completed as {{ dbt.type_bigint() }}) as activities_completed,
        cast(owner_type_months.activities_booked as {{ dbt.type_bigint() }}) as activities_booked
    from owner_type_months
    left join users
        on owner_type_months.owner_id = users.user_id
    left join teams
        on users.team_id = teams.team_id

)

select * from final
