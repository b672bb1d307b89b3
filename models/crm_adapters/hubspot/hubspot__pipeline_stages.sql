with

stages as (

    select * from {{ ref('hubspot__stages') }}

),

final as (

    select
        pipeline_id as pipeline,
        coalesce(stage_label, stage_id) as stage,  -- noqa: RF04
        {{ hubspot_text('stage_order') }} as stage_order,
        probability,
        {{ hubspot_bool_text('is_closed') }} as is_closed,
        {{ hubspot_bool_text('is_won') }} as is_won,
        cast(_source_row_number as bigint) as _source_row_number
    from stages

)

select * from final
