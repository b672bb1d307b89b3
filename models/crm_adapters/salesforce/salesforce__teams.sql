{#- teams <- UserRole (Salesforce has no team object; the role hierarchy is the usual proxy).
    region: the first keyword of var salesforce_team_region_keywords found in the role's name. -#}
with

user_roles as (

    select * from {{ source('salesforce', 'user_role') }}

),

final as (

    select
        {{ sf_text('user_roles.id') }} as team_id,
        {{ sf_text('user_roles.name') }} as team_name,
        case
            {%- for keyword, region in var('salesforce_team_region_keywords') %}
            when lower(user_roles.name) like '%{{ keyword | lower | replace("'", "''") }}%' then '{{ region }}'
            {%- endfor %}
        end as region,
        {{ sf_updated_at('user_roles') }} as updated_at,
        user_roles._source_row_number
    from user_roles
    where not {{ sf_is_true('user_roles._fivetran_deleted') }}

)

select * from final
