with

teams as (

    select * from {{ ref('stg_crm__teams') }}

),

known_teams as (

    select
        team_id,
        coalesce(team_name, team_id) as team_name,
        coalesce(region, 'unknown') as region,
        false as is_unknown_member
    from teams

),

unknown_team as (

    select
        'unknown' as team_id,
        {{ unknown_member_label() }} as team_name,
        'unknown' as region,
        true as is_unknown_member

),

final as (

    select * from known_teams
    union all
    select * from unknown_team

)

select * from final
