{{ config(severity='warn') }}
{#- Orphan stages: a deal's current stage or a stage-history entry that pipeline_stages does
    not define. They are kept (stage `unknown` downstream) and counted here. -#}
with

deals as (

    select * from {{ ref('stg_crm__deals') }}

),

stage_history as (

    select * from {{ ref('stg_crm__deal_stage_history') }}

),

stages as (

    select * from {{ ref('stg_crm__pipeline_stages') }}

),

stage_references as (

    select
        'deals' as table_name,
        deal_id,
        pipeline,
        stage_name
    from deals
    where not is_deleted

    union all

    select
        'deal_stage_history' as table_name,
        stage_history.deal_id,
        deals.pipeline,
        stage_history.stage_name
    from stage_history
    left join deals
        on stage_history.deal_id = deals.deal_id

),

final as (

    select stage_references.*
    from stage_references
    left join stages
        on stage_references.stage_name = stages.stage_name
            and stage_references.pipeline = stages.pipeline
    where stages.stage_name is null

)

select * from final
