{{ config(enabled=(env_var('CRM_SOURCE', 'contract') | trim | lower) == 'hubspot') }}
-- Every row of every HubSpot table is accounted for: per table, the rows hubspot__row_accounting
-- counts as used or dropped add up to the rows landed (a table missing from the accounting, or a
-- row counted twice, fails). One row per table that does not add up.
with

landed as (

    select
        'owner' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'owner') }}
    union all
    select
        'users' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'users') }}
    union all
    select
        'role' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'role') }}
    union all
    select
        'team' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'team') }}
    union all
    select
        'owner_team' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'owner_team') }}
    union all
    select
        'company' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'company') }}
    union all
    select
        'contact' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'contact') }}
    union all
    select
        'deal' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'deal') }}
    union all
    select
        'deal_pipeline' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'deal_pipeline') }}
    union all
    select
        'deal_pipeline_stage' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'deal_pipeline_stage') }}
    union all
    select
        'deal_stage' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'deal_stage') }}
    union all
    select
        'deal_property_history' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'deal_property_history') }}
    union all
    select
        'deal_company' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'deal_company') }}
    union all
    select
        'deal_contact' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'deal_contact') }}
    union all
    select
        'merged_deal' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'merged_deal') }}
    union all
    select
        'product' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'product') }}
    union all
    select
        'line_item' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'line_item') }}
    union all
    select
        'line_item_deal' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'line_item_deal') }}
    union all
    select
        'engagement' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'engagement') }}
    union all
    select
        'engagement_call' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'engagement_call') }}
    union all
    select
        'engagement_email' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'engagement_email') }}
    union all
    select
        'engagement_meeting' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'engagement_meeting') }}
    union all
    select
        'engagement_note' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'engagement_note') }}
    union all
    select
        'engagement_task' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'engagement_task') }}
    union all
    select
        'engagement_contact' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'engagement_contact') }}
    union all
    select
        'engagement_company' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'engagement_company') }}
    union all
    select
        'engagement_deal' as source_table,
        count(*) as landed_rows
    from {{ source('hubspot', 'engagement_deal') }}

),

accounted as (

    select
        source_table,
        sum(row_count) as accounted_rows
    from {{ ref('hubspot__row_accounting') }}
    group by source_table

),

final as (

    select
        landed.source_table,
        landed.landed_rows,
        coalesce(accounted.accounted_rows, 0) as accounted_rows
    from landed
    left join accounted
        on landed.source_table = accounted.source_table
    where landed.landed_rows <> coalesce(accounted.accounted_rows, 0)

)

select * from final
