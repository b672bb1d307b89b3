{#- mart_pipeline_monthly summed over pipelines gives the month `stage` rows of pipeline_value
    and weighted_pipeline_value in kpi_values, and mart_pipeline_snapshot summed by stage gives
    their `snapshot` grain `stage` rows (and its total their overall row). Every member row on
    either side must have its counterpart; with no deal open at the as-of day (or no deal at
    all) neither side has a snapshot row. Returns the rows that differ. -#}
with

pipeline_monthly as (

    select * from {{ ref('mart_pipeline_monthly') }}

),

pipeline_snapshot as (

    select * from {{ ref('mart_pipeline_snapshot') }}

),

kpi_values as (

    select * from {{ ref('kpi_values') }}

),

mart_totals as (

    select
        'month' as grain,
        month_start_date as period_start,
        'stage' as dimension,
        stage_name as dimension_value,
        sum(pipeline_value) as pipeline_value,
        sum(weighted_pipeline_value) as weighted_pipeline_value
    from pipeline_monthly
    group by month_start_date, stage_name

    union all

    select
        'snapshot' as grain,
        snapshot_date as period_start,
        'stage' as dimension,
        stage_name as dimension_value,
        sum(amount_reporting) as pipeline_value,
        sum(weighted_amount_reporting) as weighted_pipeline_value
    from pipeline_snapshot
    group by snapshot_date, stage_name

    union all

    select
        'snapshot' as grain,
        snapshot_date as period_start,
        'overall' as dimension,
        'all' as dimension_value,
        sum(amount_reporting) as pipeline_value,
        sum(weighted_amount_reporting) as weighted_pipeline_value
    from pipeline_snapshot
    group by snapshot_date

),

kpi_totals as (

    select
        grain,
        period_start,
        dimension,
        dimension_value,
        max(case when kpi_id = 'pipeline_value' then value end) as pipeline_value,
        max(case when kpi_id = 'weighted_pipeline_value' then value end) as weighted_pipeline_value
    from kpi_values
    where
        kpi_id in ('pipeline_value', 'weighted_pipeline_value')
        and (
            (grain = 'month' and dimension = 'stage')
            or (grain = 'snapshot' and dimension in ('stage', 'overall'))
        )
    group by grain, period_start, dimension, dimension_value

),

compared as (

    select
        coalesce(mart_totals.grain, kpi_totals.grain) as grain,
        coalesce(mart_totals.period_start, kpi_totals.period_start) as period_start,
        coalesce(mart_totals.dimension, kpi_totals.dimension) as dimension,
        coalesce(mart_totals.dimension_value, kpi_totals.dimension_value) as dimension_value,
        mart_totals.pipeline_value as mart_pipeline_value,
        kpi_totals.pipeline_value as kpi_pipeline_value,
        mart_totals.weighted_pipeline_value as mart_weighted_pipeline_value,
        kpi_totals.weighted_pipeline_value as kpi_weighted_pipeline_value
    from mart_totals
    full outer join kpi_totals
        on mart_totals.grain = kpi_totals.grain
            and mart_totals.period_start = kpi_totals.period_start
            and mart_totals.dimension = kpi_totals.dimension
            and mart_totals.dimension_value = kpi_totals.dimension_value

)

select * from compared
where
    mart_pipeline_value is null
    or kpi_pipeline_value is null
    or mart_weighted_pipeline_value is null
    or kpi_weighted_pipeline_value is null
    or abs(mart_pipeline_value - kpi_pipeline_value) > 0.000001 * (1 + abs(kpi_pipeline_value))
    or abs(mart_weighted_pipeline_value - kpi_weighted_pipeline_value)
    > 0.000001 * (1 + abs(kpi_weighted_pipeline_value))
