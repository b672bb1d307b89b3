{#- Stages of every pipeline, with the next non-lost stage (the step stage conversion
    measures) and the pipeline's first stage. -#}
with

stages as (

    select * from {{ ref('stg_crm__pipeline_stages') }}

),

classified as (

    select
        pipeline,
        stage_name,
        stage_order,
        coalesce(probability, 0) as probability,
        coalesce(is_closed, false) or coalesce(is_won, false) as is_closed,
        coalesce(is_won, false) as is_won,
        coalesce(is_closed, false) and not coalesce(is_won, false) as is_lost
    from stages

),

ordered as (

    select
        *,
        case
            when not is_lost
                then lead(stage_name) over (
                        partition by pipeline, is_lost order by stage_order, stage_name
                    )
        end as next_stage_name,
        row_number() over (partition by pipeline order by stage_order, stage_name) as position_in_pipeline
    from classified

),

known_stages as (

    select
        {{ dbt.concat(['pipeline', "':'", 'stage_name']) }} as pipeline_stage_id,
        pipeline,
        stage_name,
        stage_order,
        probability,
        is_closed,
        is_won,
        is_lost,
        next_stage_name,
        position_in_pipeline = 1 as is_first_stage,
        false as is_unknown_member
    from ordered

),

unknown_stage as (

    select
        'unknown:unknown' as pipeline_stage_id,
        'unknown' as pipeline,
        'unknown' as stage_name,
        cast(null as {{ dbt.type_int() }}) as stage_order,
        cast(0 as {{ type_double() }}) as probability,
        false as is_closed,
        false as is_won,
        false as is_lost,
        cast(null as {{ dbt.type_string() }}) as next_stage_name,
        false as is_first_stage,
        true as is_unknown_member

),

final as (

    select * from known_stages
    union all
    select * from unknown_stage

)

select * from final
