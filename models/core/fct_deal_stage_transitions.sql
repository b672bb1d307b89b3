{#- One row per stage entry of a deal (by the cut-off): when it entered, when it left (the
    deal's next history row), days in the stage, the stage it came from, and whether the
    move went backwards (regression) or jumped over the next open stage (skip). -#}
with

stage_history as (

    select * from {{ ref('stg_crm__deal_stage_history') }}

),

deals as (

    select * from {{ ref('fct_deals') }}

),

stages as (

    select * from {{ ref('dim_pipeline_stages') }}

),

entries as (

    select
        stage_history.deal_id,
        deals.pipeline,
        stage_history.stage_name,
        stage_history.entered_at,
        stage_history.changed_by
    from stage_history
    inner join deals
        on stage_history.deal_id = deals.deal_id
    where stage_history.entered_at < {{ as_of_cutoff() }}

),

entries_with_stage as (

    select
        entries.*,
        stages.stage_order,
        coalesce(stages.is_lost, false) as is_lost_stage,
        coalesce(stages.is_won, false) as is_won_stage,
        stages.next_stage_name
    from entries
    left join stages
        on entries.pipeline = stages.pipeline
            and entries.stage_name = stages.stage_name
            and not stages.is_unknown_member

),

sequenced as (

    select
        *,
        row_number() over (
            partition by deal_id order by entered_at, stage_order, stage_name
        ) as entry_number,
        lead(entered_at) over (
            partition by deal_id order by entered_at, stage_order, stage_name
        ) as exited_at,
        lag(stage_name) over (
            partition by deal_id order by entered_at, stage_order, stage_name
        ) as from_stage_name,
        lag(stage_order) over (
            partition by deal_id order by entered_at, stage_order, stage_name
        ) as from_stage_order,
        lag(next_stage_name) over (
            partition by deal_id order by entered_at, stage_order, stage_name
        ) as from_next_stage_name
    from entries_with_stage

),

final as (

    select
        {{ dbt.concat([
            'deal_id', "':'", 'stage_name', "':'",
            "cast(entered_at as " ~ dbt.type_string() ~ ")"
        ]) }} as stage_transition_id,
        deal_id,
        pipeline,
        entry_number,
        from_stage_name,
        from_stage_order,
        stage_name as to_stage_name,
        stage_order as to_stage_order,
        is_lost_stage,
        is_won_stage,
        entered_at,
        cast(entered_at as date) as entered_date,
        exited_at,
        cast(exited_at as date) as exited_date,
        case
            when exited_at is not null then {{ days_between('entered_at', 'exited_at') }}
        end as days_in_stage,
        coalesce(stage_order < from_stage_order, false) as is_regression,
        coalesce(
            not is_lost_stage
            and stage_order > from_stage_order
            and stage_name <> from_next_stage_name,
            false
        ) as is_skip,
        changed_by
    from sequenced

)

select * from final
