{#- deal_stage_history <- OpportunityHistory, stage changes only
    (salesforce__opportunity_stage_changes): entered_at = CreatedDate, changed_by = CreatedById. -#}
with

stage_changes as (

    select * from {{ ref('salesforce__opportunity_stage_changes') }}

),

final as (

    select
        opportunity_id as deal_id,
        stage_name as stage,  -- noqa: RF04
        created_date as entered_at,
        created_by_id as changed_by,
        _source_row_number
    from stage_changes
    where is_stage_change

)

select * from final
