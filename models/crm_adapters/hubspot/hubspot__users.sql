with

owners as (

    select * from {{ source('hubspot', 'owner') }}

),

hubspot_users as (

    select * from {{ source('hubspot', 'users') }}

),

roles as (

    select * from {{ source('hubspot', 'role') }}

),

owner_teams as (

    select * from {{ source('hubspot', 'owner_team') }}

),

deals as (

    select * from {{ source('hubspot', 'deal') }}

),

primary_teams as (

    select
        owner_id,
        min(team_id) as team_id
    from owner_teams
    where
        {{ hubspot_flag('is_team_primary') }}
        and not {{ hubspot_flag('_fivetran_deleted') }}
    group by owner_id

),

user_roles as (

    select
        hubspot_users.id as hubspot_user_id,
        min(roles.name) as role_name
    from hubspot_users
    inner join roles
        on hubspot_users.role_id = roles.id
    group by hubspot_users.id

),

deal_owners as (

    select distinct coalesce(owner_id, property_hubspot_owner_id) as owner_id
    from deals

),

people as (

    select *
    from owners
    where
        coalesce(upper(type), 'PERSON') = 'PERSON'
        and not {{ hubspot_flag('_fivetran_deleted') }}

),

final as (

    select
        people.owner_id as user_id,
        nullif(trim(coalesce(people.first_name, '') || ' ' || coalesce(people.last_name, '')), '') as full_name,
        people.email,
        coalesce(
            {{ hubspot_lookup('user_roles.role_name', 'hubspot_roles') }},
            case
                when deal_owners.owner_id is not null then '{{ var("hubspot_role_of_deal_owners") }}'
                else '{{ var("hubspot_role_default") }}'
            end
        ) as role,
        primary_teams.team_id,
        cast(null as {{ dbt.type_string() }}) as manager_id,
        {{ hubspot_date_part('people.created_at') }} as hired_at,
        case
            when {{ parse_boolean('people.is_active') }} = false
                then {{ hubspot_date_part('people.updated_at') }}
        end as terminated_at,
        people.updated_at,
        cast(people._source_row_number as bigint) as _source_row_number
    from people
    left join user_roles
        on people.active_user_id = user_roles.hubspot_user_id
    left join primary_teams
        on people.owner_id = primary_teams.owner_id
    left join deal_owners
        on people.owner_id = deal_owners.owner_id

)

select * from final
