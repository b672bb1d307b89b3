with

users as (

    select * from {{ ref('stg_crm__users') }}

),

teams as (

    select * from {{ ref('dim_teams') }}

),

pii_key as (

    select * from {{ ref('stg_crm__pii_key') }}

),

known_users as (

    select
        users.user_id,
        coalesce(users.full_name, users.user_id) as full_name,
        {{ hmac_sha256_hex(
            message='lower(trim(users.email))',
            inner_pad_hex='pii_key.inner_pad_hex',
            outer_pad_hex='pii_key.outer_pad_hex'
        ) }} as email_hash,
        coalesce(users.role, 'other') as role,
        coalesce(teams.team_id, 'unknown') as team_id,
        users.manager_id,
        users.hired_date,
        users.terminated_date,
        coalesce(users.role = 'rep', false) as is_rep,
        false as is_unknown_member
    from users
    cross join pii_key
    left join teams
        on users.team_id = teams.team_id
            and not teams.is_unknown_member

),

unknown_user as (

    select
        'unknown' as user_id,
        {{ unknown_member_label() }} as full_name,
        cast(null as {{ dbt.type_string() }}) as email_hash,
        'other' as role,
        'unknown' as team_id,
        cast(null as {{ dbt.type_string() }}) as manager_id,
        cast(null as date) as hired_date,
        cast(null as date) as terminated_date,
        false as is_rep,
        true as is_unknown_member

),

final as (

    select * from known_users
    union all
    select * from unknown_user

)

select * from final
