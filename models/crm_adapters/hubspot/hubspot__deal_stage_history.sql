with

deal_stages as (

    select * from {{ source('hubspot', 'deal_stage') }}

),

property_history as (

    select * from {{ source('hubspot', 'deal_property_history') }}

),

owners as (

    select * from {{ source('hubspot', 'owner') }}

),

stages as (

    select * from {{ ref('hubspot__stages') }}

),

deals_with_stage_table as (

    select distinct deal_id
    from deal_stages
    where deal_id is not null

),

-- rows of deal_property_history are numbered after those of deal_stage (the number is unique)
stage_table_size as (

    select coalesce(max(_source_row_number), 0) as last_row_number
    from deal_stages

),

-- deal_stage is the history; deal_property_history (name = dealstage) fills in the deals it lacks
history as (

    select
        deal_id,
        value as stage_id,
        date_entered as entered_at,
        source,
        source_id,
        _source_row_number
    from deal_stages

    union all

    select
        property_history.deal_id,
        property_history.value as stage_id,
        property_history.timestamp as entered_at,
        property_history.source,
        property_history.source_id,
        stage_table_size.last_row_number + property_history._source_row_number as _source_row_number
    from property_history
    cross join stage_table_size
    left join deals_with_stage_table
        on property_history.deal_id = deals_with_stage_table.deal_id
    where
        lower(trim(property_history.name)) = 'dealstage'
        and deals_with_stage_table.deal_id is null

),

people as (

    select
        owner_id,
        lower(email) as email,
        active_user_id,
        row_number() over (
            partition by lower(email) order by length(owner_id), owner_id
        ) as email_rank
    from owners
    where
        coalesce(upper(type), 'PERSON') = 'PERSON'
        and not {{ hubspot_flag('_fivetran_deleted') }}

),

owners_by_email as (

    select
        owner_id,
        email
    from people
    where email is not null and email_rank = 1

),

owners_by_user as (

    select
        active_user_id,
        min(owner_id) as owner_id
    from people
    where active_user_id is not null
    group by active_user_id

),

final as (

    select
        history.deal_id,
        coalesce(stages.stage_label, history.stage_id) as stage,  -- noqa: RF04
        history.entered_at,
        case
            when upper(history.source) = 'CRM_UI'
                then coalesce(owners_by_email.owner_id, owners_by_user.owner_id)
        end as changed_by,
        cast(history._source_row_number as bigint) as _source_row_number
    from history
    left join stages
        on history.stage_id = stages.stage_id
    left join owners_by_email
        on lower(history.source_id) = owners_by_email.email
    left join owners_by_user
        on history.source_id = owners_by_user.active_user_id

)

select * from final
