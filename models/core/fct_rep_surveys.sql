with

rep_surveys as (

    select * from {{ ref('stg_crm__rep_surveys') }}

),

users as (

    select * from {{ ref('dim_users') }}

),

final as (

    select
        rep_surveys.response_id,
        coalesce(users.user_id, 'unknown') as user_id,
        coalesce(users.team_id, 'unknown') as team_id,
        rep_surveys.responded_at,
        cast(rep_surveys.responded_at as date) as responded_date,
        rep_surveys.score
    from rep_surveys
    left join users
        on rep_surveys.user_id = users.user_id
            and not users.is_unknown_member
    where rep_surveys.responded_at < {{ as_of_cutoff() }}

)

select * from final
