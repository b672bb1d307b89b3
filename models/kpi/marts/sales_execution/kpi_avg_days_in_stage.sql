{#- avg_days_in_stage: per stage, average days between entering it and entering the deal's
    next history row, for stage exits in the period (dated by the exit); `overall` averages
    every stage exit. A stage missing from the deal's pipeline is `unknown`. -#}
with

stage_transitions as (

    select * from {{ ref('fct_deal_stage_transitions') }}

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

stage_exits as (

    select
        stage_transitions.exited_date as record_date,
        'all' as dim_overall,
        coalesce(stages.stage_name, 'unknown') as dim_stage,
        stage_transitions.days_in_stage as numerator_value,
        1 as denominator_value
    from stage_transitions
    left join stages
        on stage_transitions.pipeline = stages.pipeline
            and stage_transitions.to_stage_name = stages.stage_name
            and not stages.is_unknown_member
    where stage_transitions.exited_at is not null

),

{{ kpi_aggregate(
    records='stage_exits',
    kpi_id='avg_days_in_stage',
    unit='days',
    value_type='ratio',
    dimensions=['overall', 'stage'],
    kpi_periods='kpi_periods',
    dimension_members='dimension_members',
    output='avg_days_in_stage_values'
) }},

final as (

    select * from avg_days_in_stage_values

)

select * from final
