{#- stage_conversion_rate chains: in a cohort period, the deals that reached stage k+1
    (numerator of stage k) are exactly the deals counted at stage k+1 (its denominator).
    Checked for every step k -> k+1 whose stage k+1 has a step of its own (the last non-lost
    stage has no row), for stage names used by one pipeline only (a name shared by pipelines
    sums them, so its neighbours differ). A missing row counts as 0.
    Returns the cohort periods and steps where the chain breaks. -#}
with

conversion_rows as (

    select * from {{ ref('kpi_stage_conversion_rate') }}

),

stages as (

    select * from {{ ref('dim_pipeline_stages') }}

),

known_stages as (

    select * from stages
    where not is_unknown_member

),

single_pipeline_stage_names as (

    select stage_name
    from known_stages
    group by stage_name
    having count(distinct pipeline) = 1

),

steps as (

    select
        known_stages.stage_name,
        known_stages.next_stage_name
    from known_stages
    inner join known_stages as next_stages
        on known_stages.pipeline = next_stages.pipeline
            and known_stages.next_stage_name = next_stages.stage_name
    inner join single_pipeline_stage_names
        on known_stages.stage_name = single_pipeline_stage_names.stage_name
    inner join single_pipeline_stage_names as single_pipeline_next_names
        on next_stages.stage_name = single_pipeline_next_names.stage_name
    where
        not known_stages.is_lost
        and next_stages.next_stage_name is not null

),

stage_rows as (

    select
        grain,
        period_start,
        dimension_value as stage_name,
        numerator,
        denominator
    from conversion_rows
    where dimension = 'stage'

),

step_periods as (

    select
        stage_rows.grain,
        stage_rows.period_start,
        steps.stage_name,
        steps.next_stage_name
    from stage_rows
    inner join steps
        on stage_rows.stage_name = steps.stage_name
    union
    select
        stage_rows.grain,
        stage_rows.period_start,
        steps.stage_name,
        steps.next_stage_name
    from stage_rows
    inner join steps
        on stage_rows.stage_name = steps.next_stage_name

),

chain as (

    select
        step_periods.grain,
        step_periods.period_start,
        step_periods.stage_name,
        step_periods.next_stage_name,
        coalesce(this_stage.numerator, 0) as deals_reaching_next_stage,
        coalesce(next_stage.denominator, 0) as next_stage_denominator
    from step_periods
    left join stage_rows as this_stage
        on step_periods.grain = this_stage.grain
            and step_periods.period_start = this_stage.period_start
            and step_periods.stage_name = this_stage.stage_name
    left join stage_rows as next_stage
        on step_periods.grain = next_stage.grain
            and step_periods.period_start = next_stage.period_start
            and step_periods.next_stage_name = next_stage.stage_name

)

select * from chain
where deals_reaching_next_stage <> next_stage_denominator
