{#- Deals open at the end of each period's snapshot day (its last day, or the as-of day for
    the current period), for grains month, quarter, year and the `snapshot` grain at as-of:
    created by then and not closed by then. Each with the stage it held then (its latest
    stage entry by then, else the first stage of its pipeline) and its amount converted at
    the snapshot day's rate. A stage missing from pipeline_stages is `unknown`. -#}
{{ config(materialized='table') }}  {#- read by several KPI models and tests: computed once -#}
{%- set next_day = dbt.dateadd('day', 1, 'periods.snapshot_date') -%}
{%- set snapshot_end = 'cast(' ~ next_day ~ ' as ' ~ dbt.type_timestamp() ~ ')' -%}
with

deals as (

    select * from {{ ref('fct_deals') }}

),

fx_rate_periods as (

    select * from {{ ref('int_fx_rate_periods') }}

),

transitions as (

    select * from {{ ref('fct_deal_stage_transitions') }}

),

stages as (

    select * from {{ ref('dim_pipeline_stages') }}

),

periods as (

    select * from {{ ref('int_kpi_periods') }}

),

open_deals as (

    select
        periods.grain,
        periods.period_start,
        periods.snapshot_date,
        {{ snapshot_end }} as snapshot_end_at,
        deals.deal_id,
        deals.owner_id,
        deals.team_id,
        deals.region,
        deals.pipeline,
        deals.amount,
        deals.currency
    from deals
    inner join periods
        on deals.created_at < {{ snapshot_end }}
            and (deals.closed_at is null or deals.closed_at >= {{ snapshot_end }})

),

stage_held as (

    select
        open_deals.grain,
        open_deals.period_start,
        open_deals.deal_id,
        transitions.to_stage_name as stage_name
    from open_deals
    inner join transitions
        on open_deals.deal_id = transitions.deal_id
            and open_deals.snapshot_end_at > transitions.entered_at
            and (
                transitions.exited_at is null
                or open_deals.snapshot_end_at <= transitions.exited_at
            )

),

first_stages as (

    select
        pipeline,
        stage_name
    from stages
    where is_first_stage

),

final as (

    select
        {{ dbt.concat([
            'open_deals.grain', "':'", "cast(open_deals.period_start as " ~ dbt.type_string() ~ ")",
            "':'", 'open_deals.deal_id'
        ]) }} as deal_snapshot_id,
        open_deals.grain,
        open_deals.period_start,
        open_deals.snapshot_date,
        open_deals.deal_id,
        open_deals.owner_id,
        open_deals.team_id,
        open_deals.region,
        coalesce(stages.stage_name, 'unknown') as stage_name,
        coalesce(stages.probability, 0) as stage_probability,
        coalesce(open_deals.amount * fx.rate_to_reporting, 0) as amount_reporting,
        coalesce(open_deals.amount * fx.rate_to_reporting, 0) * coalesce(stages.probability, 0)
            as weighted_amount_reporting
    from open_deals
    left join stage_held
        on open_deals.grain = stage_held.grain
            and open_deals.period_start = stage_held.period_start
            and open_deals.deal_id = stage_held.deal_id
    left join first_stages
        on open_deals.pipeline = first_stages.pipeline
    left join stages
        on open_deals.pipeline = stages.pipeline
            and coalesce(stage_held.stage_name, first_stages.stage_name) = stages.stage_name
    {{ join_fx_rate(
        currency='open_deals.currency',
        on_date='open_deals.snapshot_date',
        fx_rate_periods='fx_rate_periods'
    ) }}

)

select * from final
