with

stages as (

    select * from {{ source('hubspot', 'deal_pipeline_stage') }}

),

pipelines as (

    select * from {{ source('hubspot', 'deal_pipeline') }}

),

deleted_pipelines as (

    select distinct pipeline_id
    from pipelines
    where {{ hubspot_flag('_fivetran_deleted') }}

),

live_stages as (

    select
        stages.stage_id,
        stages.pipeline_id,
        stages.label,
        stages.display_order,
        stages.probability,
        {{ hubspot_flag('stages.is_closed') }} as is_closed,
        coalesce(
            {{ parse_boolean('stages.closed_won') }},
            {{ hubspot_flag('stages.is_closed') }} and {{ parse_numeric('stages.probability') }} = 1
        ) as is_won,
        stages._source_row_number,
        row_number() over (
            partition by stages.stage_id order by stages._source_row_number
        ) as stage_rank
    from stages
    left join deleted_pipelines
        on stages.pipeline_id = deleted_pipelines.pipeline_id
    where
        not {{ hubspot_flag('stages._fivetran_deleted') }}
        and deleted_pipelines.pipeline_id is null
        and stages.stage_id is not null

),

final as (

    select
        stage_id,
        pipeline_id,
        label as stage_label,
        dense_rank() over (
            partition by pipeline_id order by {{ parse_numeric('display_order') }}
        ) as stage_order,
        probability,
        is_closed,
        is_won and is_closed as is_won,
        _source_row_number
    from live_stages
    where stage_rank = 1

)

select * from final
