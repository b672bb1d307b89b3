with

teams as (

    select * from {{ source('hubspot', 'team') }}

),

final as (

    select
        id as team_id,
        name as team_name,
        {{ hubspot_contains('name', 'hubspot_team_regions') }} as region,
        _fivetran_synced as updated_at,
        cast(_source_row_number as bigint) as _source_row_number
    from teams
    where not {{ hubspot_flag('_fivetran_deleted') }}

)

select * from final
