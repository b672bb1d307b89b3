{#- pipeline_stages <- OpportunityStage: stage = MasterLabel, probability = DefaultProbability /
    100, IsClosed, IsWon; each stage belongs to every pipeline (record type) whose deals use it
    (current stage or history), else to the default pipeline; stage_order = dense rank of
    SortOrder within the pipeline. Without OpportunityStage rows the stages are derived from
    the opportunities: closed/won flags and the highest Probability / 100 of the opportunities
    in the stage, ordered open before closed, then by the average position at which deals
    entered the stage, then by name. -#}
with

opportunity_stages as (

    select * from {{ source('salesforce', 'opportunity_stage') }}

),

deals as (

    select * from {{ ref('salesforce__deals') }}

),

opportunities as (

    select * from {{ source('salesforce', 'opportunity') }}

),

stage_history as (

    select * from {{ ref('salesforce__deal_stage_history') }}

),

stage_uses as (

    select
        deals.pipeline,
        deals.stage  -- noqa: RF04
    from deals
    where deals.stage is not null

    union

    select
        deals.pipeline,
        stage_history.stage
    from stage_history
    inner join deals
        on stage_history.deal_id = deals.deal_id
    where stage_history.stage is not null

),

declared_stages as (

    select
        {{ sf_text('opportunity_stages.master_label') }} as stage,  -- noqa: RF04
        {{ parse_numeric(sf_text('opportunity_stages.sort_order')) }} as sort_order,
        {{ sf_divided('opportunity_stages.default_probability', 100) }} as probability,
        lower({{ sf_text('opportunity_stages.is_closed') }}) as is_closed,
        lower({{ sf_text('opportunity_stages.is_won') }}) as is_won,
        opportunity_stages._source_row_number
    from opportunity_stages
    where {{ sf_text('opportunity_stages.master_label') }} is not null

),

declared_in_pipelines as (

    select
        coalesce(stage_uses.pipeline, '{{ var("salesforce_default_pipeline") }}') as pipeline,
        declared_stages.stage,
        declared_stages.sort_order,
        declared_stages.probability,
        declared_stages.is_closed,
        declared_stages.is_won,
        declared_stages._source_row_number
    from declared_stages
    left join stage_uses
        on declared_stages.stage = stage_uses.stage

),

stage_entries as (

    select
        stage_history.stage,
        row_number() over (
            partition by stage_history.deal_id
            order by {{ parse_timestamp_utc('stage_history.entered_at') }} nulls last, stage_history.stage
        ) as entry_position
    from stage_history

),

history_positions as (

    select
        stage_entries.stage,
        avg(stage_entries.entry_position) as average_position
    from stage_entries
    group by stage_entries.stage

),

derived_stages as (

    select
        stage_uses.pipeline,
        stage_uses.stage,
        max(case when {{ sf_is_true('opportunities.is_closed') }} then 1 else 0 end) as is_closed_flag,
        max(case when {{ sf_is_true('opportunities.is_won') }} then 1 else 0 end) as is_won_flag,
        max({{ parse_numeric(sf_text('opportunities.probability')) }}) as probability_percent
    from stage_uses
    left join opportunities
        on stage_uses.stage = {{ sf_text('opportunities.stage_name') }}
    group by stage_uses.pipeline, stage_uses.stage

),

derived_in_pipelines as (

    select
        derived_stages.pipeline,
        derived_stages.stage,
        cast(null as {{ type_double() }}) as sort_order,
        dense_rank() over (
            partition by derived_stages.pipeline
            order by
                derived_stages.is_closed_flag asc,
                derived_stages.is_won_flag desc,
                history_positions.average_position asc,
                derived_stages.stage asc
        ) as derived_order,
        {{ sf_number_text('derived_stages.probability_percent / 100') }} as probability,
        case when derived_stages.is_closed_flag = 1 then 'true' else 'false' end as is_closed,
        case when derived_stages.is_won_flag = 1 then 'true' else 'false' end as is_won
    from derived_stages
    left join history_positions
        on derived_stages.stage = history_positions.stage
    where not exists (select 1 from declared_stages)

),

-- _source_row_number: the row's position in this output (a stage may be in several
-- pipelines), in the order of the OpportunityStage file
final as (

    select
        pipeline,
        stage,
        cast(dense_rank() over (partition by pipeline order by sort_order) as {{ dbt.type_string() }})
            as stage_order,
        probability,
        is_closed,
        is_won,
        row_number() over (order by _source_row_number, pipeline) as _source_row_number
    from declared_in_pipelines

    union all

    select
        pipeline,
        stage,
        cast(derived_order as {{ dbt.type_string() }}) as stage_order,
        probability,
        is_closed,
        is_won,
        row_number() over (order by pipeline, derived_order) as _source_row_number
    from derived_in_pipelines

)

select * from final
