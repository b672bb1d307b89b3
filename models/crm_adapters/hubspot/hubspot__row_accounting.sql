{#- Every row of every HubSpot table, by what the adapter did with it: used, or dropped with the
    reason. Tables read whole are 'used'; the drop rules are the adapter models' filters. -#}
{%- set used_whole = ['users', 'role', 'company', 'contact', 'deal', 'deal_stage', 'deal_contact',
    'merged_deal', 'line_item_deal', 'engagement_contact', 'engagement_company', 'engagement_deal'] -%}
{%- set primary_types = var('hubspot_primary_company_type_ids') -%}
with

{% for table in used_whole %}
{{ table }}_rows as (

    select
        '{{ table }}' as source_table,
        cast(null as {{ dbt.type_string() }}) as reason
    from {{ source('hubspot', table) }}

),

{% endfor %}
owner_rows as (

    select
        'owner' as source_table,
        case
            when {{ hubspot_flag('_fivetran_deleted') }} then 'soft-deleted owner'
            when coalesce(upper(type), 'PERSON') <> 'PERSON' then 'queue owner, not a user'
        end as reason
    from {{ source('hubspot', 'owner') }}

),

team_rows as (

    select
        'team' as source_table,
        case when {{ hubspot_flag('_fivetran_deleted') }} then 'soft-deleted team' end as reason
    from {{ source('hubspot', 'team') }}

),

owner_team_rows as (

    select
        'owner_team' as source_table,
        case
            when {{ hubspot_flag('_fivetran_deleted') }} then 'soft-deleted membership'
            when not {{ hubspot_flag('is_team_primary') }} then 'not the primary team'
        end as reason
    from {{ source('hubspot', 'owner_team') }}

),

deal_pipeline_rows as (

    select
        'deal_pipeline' as source_table,
        case when {{ hubspot_flag('_fivetran_deleted') }} then 'soft-deleted pipeline' end as reason
    from {{ source('hubspot', 'deal_pipeline') }}

),

used_stages as (

    select stage_id from {{ ref('hubspot__stages') }}

),

deal_pipeline_stage_rows as (

    select
        'deal_pipeline_stage' as source_table,
        case
            when all_stages.stage_id is null then 'stage without id'
            when {{ hubspot_flag('all_stages._fivetran_deleted') }} then 'soft-deleted stage'
            when used_stages.stage_id is null then 'stage of a soft-deleted pipeline'
        end as reason
    from {{ source('hubspot', 'deal_pipeline_stage') }} as all_stages
    left join used_stages
        on all_stages.stage_id = used_stages.stage_id

),

deals_with_stage_table as (

    select distinct deal_id
    from {{ source('hubspot', 'deal_stage') }}
    where deal_id is not null

),

deal_property_history_rows as (

    select
        'deal_property_history' as source_table,
        case
            when coalesce(lower(trim(history.name)), '') <> 'dealstage' then 'not a deal stage change'
            when deals_with_stage_table.deal_id is not null then 'deal has deal_stage history'
        end as reason
    from {{ source('hubspot', 'deal_property_history') }} as history
    left join deals_with_stage_table
        on history.deal_id = deals_with_stage_table.deal_id

),

deal_company_rows as (

    select
        'deal_company' as source_table,
        case
            when company_id is null then 'no company'
            when type_id is not null and trim(type_id) not in ('{{ primary_types | join("', '") }}')
                then 'not the primary company association'
        end as reason
    from {{ source('hubspot', 'deal_company') }}

),

product_rows as (

    select
        'product' as source_table,
        case when {{ hubspot_flag('_fivetran_deleted') }} then 'soft-deleted product' end as reason
    from {{ source('hubspot', 'product') }}

),

line_item_rows as (

    select
        'line_item' as source_table,
        case when {{ hubspot_flag('_fivetran_deleted') }} then 'soft-deleted line item' end as reason
    from {{ source('hubspot', 'line_item') }}

),

{% for kind, types in [('call', ['CALL']), ('email', ['EMAIL', 'INCOMING_EMAIL', 'FORWARDED_EMAIL']),
    ('meeting', ['MEETING']), ('note', ['NOTE']), ('task', ['TASK'])] %}
engagement_{{ kind }}_rows as (

    select
        'engagement_{{ kind }}' as source_table,
        case
            when engagements.id is null then 'no {{ kind }} engagement with this id'
        end as reason
    from {{ source('hubspot', 'engagement_' ~ kind) }} as details
    left join {{ source('hubspot', 'engagement') }} as engagements
        on
            details.engagement_id = engagements.id
            and upper(trim(engagements.type)) in ('{{ types | join("', '") }}')  -- noqa: LT05

),

{% endfor %}
engagement_rows as (

    select
        'engagement' as source_table,
        case when id is null then 'engagement without id' end as reason
    from {{ source('hubspot', 'engagement') }}

),

all_rows as (

    {% for table in used_whole %}
    select * from {{ table }}_rows
    union all
    {% endfor %}
    {%- for table in ['owner', 'team', 'owner_team', 'deal_pipeline', 'deal_pipeline_stage',
        'deal_property_history', 'deal_company', 'product', 'line_item', 'engagement_call',
        'engagement_email', 'engagement_meeting', 'engagement_note', 'engagement_task'] %}
    select * from {{ table }}_rows
    union all
    {% endfor %}
    select * from engagement_rows

),

final as (

    select
        source_table,
        case when reason is null then 'used' else 'dropped' end as outcome,
        reason,
        count(*) as row_count
    from all_rows
    group by source_table, reason

)

select * from final
