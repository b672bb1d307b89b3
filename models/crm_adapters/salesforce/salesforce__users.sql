{#- users <- User (teams are UserRoles; the role comes from the title, var
    salesforce_user_role_by_title; hired = CreatedDate; terminated = the day of the last change
    of an inactive user). -#}
with

users as (

    select * from {{ source('salesforce', 'user') }}

),

final as (

    select
        {{ sf_text('users.id') }} as user_id,
        coalesce(
            {{ sf_text('users.name') }},
            nullif(trim(coalesce(trim(users.first_name), '') || ' ' || coalesce(trim(users.last_name), '')), '')
        ) as full_name,
        {{ sf_text('users.email') }} as email,
        {{ sf_map('users.title', 'salesforce_user_role_by_title',
                  "'" ~ var('salesforce_user_role_default') ~ "'") }} as role,
        {{ sf_text('users.user_role_id') }} as team_id,
        {{ sf_text('users.manager_id') }} as manager_id,
        {{ sf_date_of('users.created_date') }} as hired_at,
        case
            when lower(trim(users.is_active)) in ('false', '0')
                then {{ sf_date_of('coalesce(users.last_modified_date, users.system_modstamp)') }}
        end as terminated_at,
        {{ sf_updated_at('users') }} as updated_at,
        users._source_row_number
    from users

)

select * from final
