{#- stage_conversion_rate: cohort of deals created in the period; for each non-lost stage k
    except the last: deals that reached stage k+1 / deals that reached stage k. A deal reached
    stage k if, by as_of_date, it held (history, or its current stage) a non-lost stage with
    stage_order >= k; a deal won by then reached every stage. "Stage k+1" is the next
    non-lost stage in stage_order. dimension = 'stage', dimension_value = stage k's name. -#}
with

furthest_stages as (

    select * from {{ ref('int_deal_furthest_stages') }}

),

stages as (

    select * from {{ ref('dim_pipeline_stages') }}

),

kpi_periods as (

    select * from {{ ref('int_kpi_periods') }}

),

dimension_members as (

    select * from {{ ref('int_kpi_dimension_members') }}

),

stage_steps as (

    select
        stages.pipeline,
        stages.stage_name,
        stages.stage_order,
        next_stages.stage_order as next_stage_order
    from stages
    inner join stages as next_stages
        on stages.pipeline = next_stages.pipeline
            and stages.next_stage_name = next_stages.stage_name
    where not stages.is_lost and not stages.is_unknown_member

),

deals_reaching_stage as (

    select
        furthest_stages.created_date as record_date,
        stage_steps.stage_name as dim_stage,
        case
            when furthest_stages.furthest_stage_order >= stage_steps.next_stage_order then 1 else 0
        end as numerator_value,
        1 as denominator_value
    from furthest_stages
    inner join stage_steps
        on furthest_stages.pipeline = stage_steps.pipeline
            and furthest_stages.furthest_stage_order >= stage_steps.stage_order

),

{{ kpi_aggregate(
    records='deals_reaching_stage',
    kpi_id='stage_conversion_rate',
    unit='ratio',
    value_type='ratio',
    dimensions=['stage'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='stage_conversion_rate_values'
) }},

final as (

    select * from stage_conversion_rate_values

)

select * from final
