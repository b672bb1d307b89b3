{#- Month-end pipeline by pipeline and stage: the deals open at the end of each month's
    snapshot day (its last day, or the as-of day for the current month) from
    int_deal_pipeline_snapshots (grain month), counted and summed by the stage each held then.
    A row per month and stage holding at least one open deal. -#}
with

pipeline_snapshots as (

    select * from {{ ref('int_deal_pipeline_snapshots') }}

),

deals as (

    select * from {{ ref('fct_deals') }}

),

stages as (

    select * from {{ ref('dim_pipeline_stages') }}

),

month_end_open_deals as (

    select
        pipeline_snapshots.period_start as month_start_date,
        pipeline_snapshots.snapshot_date,
        deals.pipeline,
        pipeline_snapshots.stage_name,
        pipeline_snapshots.amount_reporting,
        pipeline_snapshots.weighted_amount_reporting
    from pipeline_snapshots
    inner join deals
        on pipeline_snapshots.deal_id = deals.deal_id
    where pipeline_snapshots.grain = 'month'

),

stage_months as (

    select
        month_start_date,
        snapshot_date,
        pipeline,
        stage_name,
        cast(count(*) as {{ dbt.type_bigint() }}) as open_deals,
        {{ exact_sum('amount_reporting') }} as pipeline_value,
        {{ exact_sum('weighted_amount_reporting') }} as weighted_pipeline_value
    from month_end_open_deals
    group by month_start_date, snapshot_date, pipeline, stage_name

),

final as (

    select
        {{ dbt.concat([
            "cast(stage_months.month_start_date as " ~ dbt.type_string() ~ ")", "':'",
            'stage_months.pipeline', "':'", 'stage_months.stage_name'
        ]) }} as pipeline_stage_month_id,
        stage_months.month_start_date,
        {{ is_complete_period("'month'", 'stage_months.month_start_date') }} as is_complete_period,
        stage_months.snapshot_date,
        stage_months.pipeline,
        stage_months.stage_name,
        stages.stage_order,
        coalesce(stages.probability, 0) as stage_probability,
        stage_months.open_deals,
        stage_months.pipeline_value,
        stage_months.weighted_pipeline_value,
        cast({{ reporting_currency() }} as {{ dbt.type_string() }}) as currency_code
    from stage_months
    left join stages
        on stage_months.pipeline = stages.pipeline
            and stage_months.stage_name = stages.stage_name
            and not stages.is_unknown_member

)

select * from final
